-- EBS volumes that the bill alone suggests are idle: billed volume storage (usage type
-- containing EBS:VolumeUsage) on every one of the $days days before $as_of while the same
-- account and region billed no EC2 instance hours (BoxUsage, SpotUsage, DedicatedUsage) in those
-- days, so no running instance can have used them. Only volumes with no metric rows in those
-- days and no inventory observation up to the end of the $as_of day are listed: metrics and
-- inventory give the better answer (idle_ebs_volumes); on Athena, which holds neither, every
-- volume found is listed (the Athena forms of metered_resources.cte.sql and
-- inventoried_resources.cte.sql are empty). window_cost is the volume's
-- EffectiveCost over the $cost_days days before $as_of (edge lines prorated by time).
-- The $days days stop where the cost window's counted days do (cost_bounds, counted_days.cte.sql:
-- at the start of $complete_until): a partial day after the data horizon is not a billed day, and
-- neither its lines (storage, instance hours) nor its metric rows count, so an --as-of past the
-- day after the horizon leaves fewer than $days days to be billed on.
-- hourly_rate is its current rate: the EffectiveCost of its charges on the last complete day
-- (the data horizon, or the day before $as_of when that comes first) over that day's 24 hours (a
-- line longer than a day over its own hours; a GB-month charge scaled to its month), rounded to 10
-- decimals; 0 when it has no charge on that day: it is gone (charged_until, the end of its latest charge; NULL while charged).
-- @param as_of DATE  the look-back windows end at the start of this day (exclusive)
-- @param days INTEGER = 7  days looked at
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param data_horizon DATE  the last complete day of the billing data (current_hourly_rates.cte.sql reads rates up to it)
-- @param complete_until DATE = 9999-12-31  the bill and the metrics count no day from this one on (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, account_id VARCHAR, region VARCHAR, usage_type VARCHAR, billed_days BIGINT, billed_gb_months DOUBLE, instance_hours DOUBLE, window_start DATE, window_end DATE, window_cost DECIMAL, hourly_rate DECIMAL, charged_until TIMESTAMP, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
-- @include usage_daily_source.cte.sql
-- @include metered_resources.cte.sql
-- @include inventoried_resources.cte.sql
volumes AS (
  SELECT
    li.ResourceId AS resource_id,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    max(li.x_UsageType) AS usage_type,
    count(DISTINCT date_trunc('day', li.bucket_start)) AS billed_days,
    sum(li.quantity) AS billed_gb_months
  FROM usage_daily li CROSS JOIN bounds b CROSS JOIN cost_bounds c
  WHERE li.x_UsageType LIKE '%EBS:VolumeUsage%' AND li.ResourceId IS NOT NULL AND li.ResourceId <> ''
    AND li.bucket_start >= b.window_start AND li.bucket_start < c.cost_end
  GROUP BY li.ResourceId, li.SubAccountId, li.RegionId
),
instance_hours AS (
  SELECT li.SubAccountId AS account_id, li.RegionId AS region, sum(li.quantity) AS hours
  FROM usage_daily li CROSS JOIN bounds b CROSS JOIN cost_bounds c
  WHERE (li.x_UsageType LIKE '%BoxUsage%' OR li.x_UsageType LIKE '%SpotUsage%' OR li.x_UsageType LIKE '%DedicatedUsage%')
    AND li.bucket_start >= b.window_start AND li.bucket_start < c.cost_end
  GROUP BY li.SubAccountId, li.RegionId
),
candidates AS (
  SELECT v.resource_id, v.account_id, v.region, v.usage_type, v.billed_days, v.billed_gb_months, coalesce(h.hours, 0) AS instance_hours
  FROM volumes v
  LEFT JOIN instance_hours h ON h.account_id = v.account_id AND h.region = v.region
  WHERE v.billed_days >= CAST($days AS INTEGER)
    AND coalesce(h.hours, 0) = 0
    AND v.resource_id NOT IN (SELECT resource_id FROM metered_resources)
    AND v.resource_id NOT IN (SELECT resource_id FROM inventoried_resources)
),
cost_targets AS (
  SELECT resource_id FROM candidates
),
-- @include window_cost_lines.cte.sql
-- @include resource_window_costs.cte.sql
-- @include current_hourly_rates.cte.sql
-- @include priced_candidates.cte.sql
SELECT
  c.resource_id,
  c.account_id,
  c.region,
  c.usage_type,
  c.billed_days,
  c.billed_gb_months,
  c.instance_hours,
  c.window_start, c.window_end, c.window_cost, c.hourly_rate, c.charged_until, c.cost_start, c.cost_end
FROM priced_candidates c
ORDER BY c.hourly_rate DESC, c.window_cost DESC, c.resource_id
