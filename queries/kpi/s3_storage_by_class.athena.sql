-- Athena (Trino) form: the tag is read with element_at (NULL for a missing key), filter and
-- transform where DuckDB has list_filter, list_transform and a subscript.
-- S3 storage GB-months and their EffectiveCost per month of charge, usage account, team tag value
-- and storage class group, for the KPI view: usage lines of AmazonS3 whose usage type contains
-- TimedStorage, charged from $from to before $to. storage_class is 'standard' for S3 Standard
-- (TimedStorage-ByteHrs, no class suffix) and 'other' for every other class (Standard-IA, One
-- Zone-IA, Intelligent-Tiering, Glacier tiers, Reduced Redundancy). A line counts in the month of
-- its ChargePeriodStart.
-- team_raw is the line's raw value of the team tag: the first of the raw keys $tag_keys carrying a
-- non-blank value (src/analyze/attribution/tag-values.ts turns it into the team, as the weekly report does).
-- @param from DATE  first day included
-- @param to DATE  first day excluded
-- @param tag_keys VARCHAR[] = []  the team tag's raw keys in pick order (empty: no tag read, team_raw NULL)
-- @returns month DATE, account_id VARCHAR, team_raw VARCHAR, storage_class VARCHAR, gb_months DOUBLE, cost DECIMAL, first_day DATE, last_day DATE
SELECT
  month,
  account_id,
  team_raw,
  storage_class,
  sum(quantity) AS gb_months,
  sum(effective_cost) AS cost,
  CAST(min(charge_start) AS DATE) AS first_day,
  CAST(max(charge_start) AS DATE) AS last_day
FROM (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    li.SubAccountId AS account_id,
    element_at(filter(transform($tag_keys, k -> element_at(li.Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) AS team_raw,
    CASE WHEN li.x_UsageType LIKE '%TimedStorage-ByteHrs' THEN 'standard' ELSE 'other' END AS storage_class,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount) AS quantity,
    li.EffectiveCost AS effective_cost,
    li.ChargePeriodStart AS charge_start
  FROM line_items li
  WHERE li.x_ProductCode = 'AmazonS3'
    AND li.x_UsageType LIKE '%TimedStorage%'
    AND li.x_ChargeClass = 'usage'
    AND li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
) l
GROUP BY month, account_id, team_raw, storage_class
ORDER BY month, account_id, team_raw, storage_class
