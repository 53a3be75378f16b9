-- EC2 instance hours and their EffectiveCost per billing month, usage account, instance type and
-- purchase option, for the KPI view: usage lines (x_ChargeClass usage) whose usage type contains
-- BoxUsage (on demand, or covered by a Reserved Instance or Savings Plan), SpotUsage (Spot) or
-- DedicatedUsage, charged from $from to before $to. The instance type is x_InstanceType, else the
-- usage type's text after ':'. Hours leave out SavingsPlanNegation lines, which repeat the hours
-- of the Savings Plan covered usage they cancel (their quantity is the covered line's). A line
-- counts in the month and day of its ChargePeriodStart;
-- first_day and last_day are the charge days its lines cover there.
-- The lines, their month, account and team_raw (the raw value of the team tag) are kpi_lines
-- (usage_lines.cte.sql, whose Athena form reads the tag in Trino's words).
-- @param from DATE  first day included
-- @param to DATE  first day excluded
-- @param tag_keys VARCHAR[] = []  the team tag's raw keys in pick order (empty: no tag read, team_raw NULL)
-- @returns month DATE, account_id VARCHAR, team_raw VARCHAR, instance_type VARCHAR, purchase VARCHAR, hours DOUBLE, cost DECIMAL, first_day DATE, last_day DATE
WITH
-- @include usage_lines.cte.sql
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
    month,
    account_id,
    team_raw,
    coalesce(NULLIF(x_InstanceType, ''), split_part(x_UsageType, ':', 2)) AS instance_type,
    CASE WHEN x_UsageType LIKE '%SpotUsage%' THEN 'spot' ELSE 'on-demand-or-commitment' END AS purchase,
    CASE WHEN coalesce(x_LineItemType, '') = 'SavingsPlanNegation' THEN 0 ELSE quantity END AS hours,
    effective_cost,
    charge_start
  FROM kpi_lines
  WHERE (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%SpotUsage%' OR x_UsageType LIKE '%DedicatedUsage%')
) l
GROUP BY month, account_id, team_raw, instance_type, purchase
ORDER BY month, account_id, team_raw, instance_type, purchase
