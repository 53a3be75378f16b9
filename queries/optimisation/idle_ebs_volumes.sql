-- Idle EBS volumes (AWS Trusted Advisor "Underutilized Amazon EBS Volumes"): unattached in the
-- inventory (its latest observation, taken in the $days days up to the end of the $as_of day,
-- has no attached_to and state "available"), or with fewer than $max_ops_per_day read + write operations (VolumeReadOps +
-- VolumeWriteOps, daily Sum) on every one of the $days days before $as_of (a day without data
-- does not count, so the volume needs data on all of them). window_cost is the volume's
-- EffectiveCost over the $cost_days days before $as_of (edge lines prorated by time).
-- hourly_rate is its current rate: the EffectiveCost of its charges on the last complete day
-- (the data horizon, or the day before $as_of when that comes first) over that day's 24 hours (a
-- line longer than a day over its own hours; a GB-month charge scaled to its month), rounded to 10
-- decimals; 0 when it has no charge on that day: it is gone (charged_until, the end of its latest charge; NULL while charged).
-- Daily figures come from metric rows at any period (60, 300, 3600 or 86400 s), derived per
-- statistic by queries/metrics/metric_days.cte.sql. The look-back's days stop where the cost
-- window's counted days do (cost_bounds, counted_days.cte.sql: at the start of $complete_until),
-- so no metric row of a partial day after the data horizon counts (metric_days figures a day from
-- that day's rows alone: leaving out the later days leaves out their rows, and nothing else).
-- @param as_of DATE  the look-back windows end at the start of this day (exclusive)
-- @param days INTEGER = 7  days looked at for I/O
-- @param max_ops_per_day DOUBLE = 1  a day is idle when its read + write operations are below this
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param data_horizon DATE  the last complete day of the billing data (current_hourly_rates.cte.sql reads rates up to it)
-- @param complete_until DATE = 9999-12-31  the bill and the metrics count no day from this one on (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, rule VARCHAR, account_id VARCHAR, region VARCHAR, volume_type VARCHAR, state VARCHAR, attached_to VARCHAR, observed_at TIMESTAMP, days_observed BIGINT, max_daily_ops DOUBLE, total_ops DOUBLE, window_start DATE, window_end DATE, window_cost DECIMAL, hourly_rate DECIMAL, charged_until TIMESTAMP, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
metric_filter AS (
  SELECT 'AWS/EBS' AS namespace, 'VolumeReadOps' AS metric_name
  UNION ALL SELECT 'AWS/EBS' AS namespace, 'VolumeWriteOps' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
daily AS (
  SELECT d.resource_id, d.day, sum(d.value) AS ops
  FROM metric_days d CROSS JOIN cost_bounds c
  WHERE d.namespace = 'AWS/EBS' AND d.metric_name IN ('VolumeReadOps', 'VolumeWriteOps') AND d.statistic = 'Sum'
    AND d.day < c.cost_end
  GROUP BY d.resource_id, d.day
),
io AS (
  SELECT resource_id, count(*) AS days_observed, max(ops) AS max_daily_ops, sum(ops) AS total_ops
  FROM daily
  GROUP BY resource_id
),
latest_observation AS (
  SELECT r.resource_id, max(r.observed_at) AS observed_at
  FROM resources r CROSS JOIN bounds b
  WHERE (r.resource_type = 'volume' OR r.resource_id LIKE 'vol-%') AND r.observed_at < b.window_end + INTERVAL '1' DAY
  GROUP BY r.resource_id
),
inventory AS (
  SELECT r.resource_id, r.account_id, r.region, r.instance_type AS volume_type, r.state, r.attached_to, r.observed_at,
    CASE WHEN (r.attached_to IS NULL OR r.attached_to = '') AND lower(r.state) = 'available' AND r.observed_at >= b.window_start
      THEN 1 ELSE 0 END AS unattached
  FROM resources r
  JOIN latest_observation l ON l.resource_id = r.resource_id AND l.observed_at = r.observed_at
  CROSS JOIN bounds b
),
candidates AS (
  SELECT resource_id, 'ebs-unattached' AS rule FROM inventory WHERE unattached = 1
  UNION ALL
  SELECT io.resource_id, 'ebs-low-iops' AS rule
  FROM io LEFT JOIN inventory i ON i.resource_id = io.resource_id
  WHERE io.days_observed >= CAST($days AS INTEGER) AND io.max_daily_ops < CAST($max_ops_per_day AS DOUBLE)
    AND coalesce(i.unattached, 0) = 0
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
  c.rule,
  coalesce(i.account_id, c.billed_account_id) AS account_id,
  coalesce(i.region, c.billed_region) AS region,
  i.volume_type,
  i.state,
  i.attached_to,
  i.observed_at,
  coalesce(io.days_observed, 0) AS days_observed,
  io.max_daily_ops,
  io.total_ops,
  c.window_start, c.window_end, c.window_cost, c.hourly_rate, c.charged_until, c.cost_start, c.cost_end
FROM priced_candidates c
LEFT JOIN inventory i ON i.resource_id = c.resource_id
LEFT JOIN io ON io.resource_id = c.resource_id
ORDER BY c.hourly_rate DESC, c.window_cost DESC, c.resource_id
