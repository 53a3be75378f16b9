-- EBS volume storage GB-months and their EffectiveCost per billing month, usage account and
-- volume type, for the KPI view: usage lines whose usage type contains EBS:VolumeUsage, charged
-- from $from to before $to; the volume type is the usage type's suffix (.gp2, .gp3, .piops = io1,
-- .io2, .st1, .sc1; none = standard, the magnetic type). A line counts in the month of its
-- ChargePeriodStart.
-- The lines, their month, account and team_raw (the raw value of the team tag) are kpi_lines
-- (usage_lines.cte.sql, whose Athena form reads the tag in Trino's words).
-- @param from DATE  first day included
-- @param to DATE  first day excluded
-- @param tag_keys VARCHAR[] = []  the team tag's raw keys in pick order (empty: no tag read, team_raw NULL)
-- @returns month DATE, account_id VARCHAR, team_raw VARCHAR, volume_type VARCHAR, gb_months DOUBLE, cost DECIMAL, first_day DATE, last_day DATE
WITH
-- @include usage_lines.cte.sql
SELECT
  month,
  account_id,
  team_raw,
  volume_type,
  sum(quantity) AS gb_months,
  sum(effective_cost) AS cost,
  CAST(min(charge_start) AS DATE) AS first_day,
  CAST(max(charge_start) AS DATE) AS last_day
FROM (
  SELECT
    month,
    account_id,
    team_raw,
    CASE
      WHEN x_UsageType LIKE '%EBS:VolumeUsage.gp2' THEN 'gp2'
      WHEN x_UsageType LIKE '%EBS:VolumeUsage.gp3' THEN 'gp3'
      WHEN x_UsageType LIKE '%EBS:VolumeUsage.piops' THEN 'io1'
      WHEN x_UsageType LIKE '%EBS:VolumeUsage.io2' THEN 'io2'
      WHEN x_UsageType LIKE '%EBS:VolumeUsage.st1' THEN 'st1'
      WHEN x_UsageType LIKE '%EBS:VolumeUsage.sc1' THEN 'sc1'
      WHEN x_UsageType LIKE '%EBS:VolumeUsage' THEN 'standard'
      ELSE 'other'
    END AS volume_type,
    quantity,
    effective_cost,
    charge_start
  FROM kpi_lines
  WHERE x_UsageType LIKE '%EBS:VolumeUsage%'
) l
GROUP BY month, account_id, team_raw, volume_type
ORDER BY month, account_id, team_raw, volume_type
