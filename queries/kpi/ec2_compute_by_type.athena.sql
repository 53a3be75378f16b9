-- Athena (Trino) form: the tag is read with element_at (NULL for a missing key), filter and
-- transform where DuckDB has list_filter, list_transform and a subscript.
-- EC2 instance hours and their EffectiveCost per billing month, usage account, instance type and
-- purchase option, for the KPI view: usage lines (x_ChargeClass usage) whose usage type contains
-- BoxUsage (on demand, or covered by a Reserved Instance or Savings Plan), SpotUsage (Spot) or
-- DedicatedUsage, charged from $from to before $to. The instance type is x_InstanceType, else the
-- usage type's text after ':'. Hours leave out SavingsPlanNegation lines, which repeat the hours
-- of the Savings Plan covered usage they cancel (their quantity is the covered line's). A line
-- counts in the month and day of its ChargePeriodStart;
-- first_day and last_day are the charge days its lines cover there.
-- team_raw is the line's raw value of the team tag: the first of the raw keys $tag_keys carrying a
-- non-blank value (src/analyze/attribution/tag-values.ts turns it into the team, as the weekly report does).
-- @param from DATE  first day included
-- @param to DATE  first day excluded
-- @param tag_keys VARCHAR[] = []  the team tag's raw keys in pick order (empty: no tag read, team_raw NULL)
-- @returns month DATE, account_id VARCHAR, team_raw VARCHAR, instance_type VARCHAR, purchase VARCHAR, hours DOUBLE, cost DECIMAL, first_day DATE, last_day DATE
SELECT
  month,
  account_id,
  team_raw,
  instance_type,
  purchase,
  sum(hours) AS hours,
  sum(effective_cost) AS cost,
  CAST(min(charge_start) AS DATE) AS first_day,
  CAST(max(charge_start) AS DATE) AS last_day
FROM (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    li.SubAccountId AS account_id,
    element_at(filter(transform($tag_keys, k -> element_at(li.Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) AS team_raw,
    coalesce(NULLIF(li.x_InstanceType, ''), split_part(li.x_UsageType, ':', 2)) AS instance_type,
    CASE WHEN li.x_UsageType LIKE '%SpotUsage%' THEN 'spot' ELSE 'on-demand-or-commitment' END AS purchase,
    CASE WHEN coalesce(li.x_LineItemType, '') = 'SavingsPlanNegation' THEN 0 ELSE coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount) END AS hours,
    li.EffectiveCost AS effective_cost,
    li.ChargePeriodStart AS charge_start
  FROM line_items li
  WHERE (li.x_UsageType LIKE '%BoxUsage%' OR li.x_UsageType LIKE '%SpotUsage%' OR li.x_UsageType LIKE '%DedicatedUsage%')
    AND li.x_ChargeClass = 'usage'
    AND li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
) l
GROUP BY month, account_id, team_raw, instance_type, purchase
ORDER BY month, account_id, team_raw, instance_type, purchase
