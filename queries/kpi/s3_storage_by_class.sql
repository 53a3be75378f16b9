-- S3 storage GB-months and their EffectiveCost per month of charge, usage account, team tag value
-- and storage class group, for the KPI view: usage lines of AmazonS3 whose usage type contains
-- TimedStorage, charged from $from to before $to. storage_class is 'standard' for S3 Standard
-- (TimedStorage-ByteHrs, no class suffix) and 'other' for every other class (Standard-IA, One
-- Zone-IA, Intelligent-Tiering, Glacier tiers, Reduced Redundancy). A line counts in the month of
-- its ChargePeriodStart.
-- The lines, their month, account and team_raw (the raw value of the team tag) are kpi_lines
-- (usage_lines.cte.sql, whose Athena form reads the tag in Trino's words).
-- @param from DATE  first day included
-- @param to DATE  first day excluded
-- @param tag_keys VARCHAR[] = []  the team tag's raw keys in pick order (empty: no tag read, team_raw NULL)
-- @returns month DATE, account_id VARCHAR, team_raw VARCHAR, storage_class VARCHAR, gb_months DOUBLE, cost DECIMAL, first_day DATE, last_day DATE
WITH
-- @include usage_lines.cte.sql
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
    month,
    account_id,
    team_raw,
    CASE WHEN x_UsageType LIKE '%TimedStorage-ByteHrs' THEN 'standard' ELSE 'other' END AS storage_class,
    quantity,
    effective_cost,
    charge_start
  FROM kpi_lines
  WHERE x_ProductCode = 'AmazonS3'
    AND x_UsageType LIKE '%TimedStorage%'
) l
GROUP BY month, account_id, team_raw, storage_class
ORDER BY month, account_id, team_raw, storage_class
