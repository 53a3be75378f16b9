-- Lambda functions with AWS/Lambda Duration metrics in the $lookback_days days before $as_of,
-- with what Lambda memory rightsizing needs. From the metrics (daily figures from rows at any
-- period, derived per statistic by queries/metrics/metric_days.cte.sql): days_observed, the days
-- with a Duration Average; invocations, the Invocations Sum of the look-back; duration_average_ms,
-- the Duration Average weighted by each day's invocations (days with both); duration_maximum_ms,
-- the highest daily Maximum; duration_p99_ms, the highest daily p99 (an upper bound of the
-- look-back's p99); memory_days and memory_used_max_mb, the days with a Lambda Insights
-- used_memory_max Maximum (MB) and the highest of them. The look-back's days stop where the cost
-- window's counted days do (cost_bounds, counted_days.cte.sql: at the start of $complete_until), so
-- no metric row of a partial day after the data horizon counts. From the latest inventory observation up
-- to the end of the $as_of day: account, region, memory_mb, architecture, runtime, timeout_s.
-- From the bill, over the $cost_days days before $as_of (those before $complete_until): the
-- EffectiveCost (window_cost) and quantity (gb_seconds_billed) of the function's duration lines,
-- usage types ending in Lambda-GB-Second or Lambda-GB-Second-ARM (region-prefixed or not;
-- requests, provisioned concurrency and Lambda@Edge lines are left out), lines longer than a day
-- prorated by time.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days of metrics that make a function a candidate
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param complete_until DATE = 9999-12-31  the window cost and the metrics count no day from this one on (rightsizing gives the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, account_id VARCHAR, region VARCHAR, memory_mb INTEGER, architecture VARCHAR, runtime VARCHAR, timeout_s INTEGER, days_observed BIGINT, invocation_days BIGINT, invocations DOUBLE, duration_average_ms DOUBLE, duration_maximum_ms DOUBLE, duration_p99_ms DOUBLE, memory_days BIGINT, memory_used_max_mb DOUBLE, window_cost DECIMAL, gb_seconds_billed DOUBLE, usage_type VARCHAR, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($lookback_days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- The bill and the metrics are read up to the start of $complete_until when that comes before
-- $as_of: the lines and metric rows of later (partial) days are not counted.
-- @include counted_days.cte.sql
metric_filter AS (
  SELECT 'AWS/Lambda' AS namespace, 'Duration' AS metric_name
  UNION ALL SELECT 'AWS/Lambda' AS namespace, 'Invocations' AS metric_name
  UNION ALL SELECT 'LambdaInsights' AS namespace, 'used_memory_max' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
daily AS (
  SELECT
    d.resource_id,
    d.day,
    max(CASE WHEN d.metric_name = 'Duration' AND d.statistic = 'Average' THEN d.value END) AS duration_average,
    max(CASE WHEN d.metric_name = 'Duration' AND d.statistic = 'Maximum' THEN d.value END) AS duration_maximum,
    max(CASE WHEN d.metric_name = 'Duration' AND d.statistic = 'p99' THEN d.value END) AS duration_p99,
    max(CASE WHEN d.metric_name = 'Invocations' AND d.statistic = 'Sum' THEN d.value END) AS invocations,
    max(CASE WHEN d.metric_name = 'used_memory_max' AND d.statistic = 'Maximum' THEN d.value END) AS memory_used_max
  FROM metric_days d CROSS JOIN cost_bounds c
  WHERE ((d.namespace = 'AWS/Lambda' AND d.metric_name IN ('Duration', 'Invocations'))
     OR (d.namespace = 'LambdaInsights' AND d.metric_name = 'used_memory_max'))
    AND d.day < c.cost_end
  GROUP BY d.resource_id, d.day
),
functions AS (
  SELECT
    resource_id,
    count(duration_average) AS days_observed,
    count(invocations) AS invocation_days,
    sum(invocations) AS invocations,
    sum(CASE WHEN duration_average IS NOT NULL THEN duration_average * invocations END)
      / sum(CASE WHEN duration_average IS NOT NULL THEN invocations END) AS duration_average_ms,
    max(duration_maximum) AS duration_maximum_ms,
    max(duration_p99) AS duration_p99_ms,
    count(memory_used_max) AS memory_days,
    max(memory_used_max) AS memory_used_max_mb
  FROM daily
  GROUP BY resource_id
  HAVING count(duration_average) > 0
),
cost_targets AS (
  SELECT resource_id FROM functions
),
-- @include latest_inventory.cte.sql
-- @include window_cost_lines.cte.sql
usage_buckets AS (
  SELECT
    li.ResourceId AS resource_id, li.SubAccountId AS account_id, li.RegionId AS region, li.x_UsageType AS usage_type, li.latest_start,
    li.window_quantity_part AS gb_seconds,
    li.window_cost_part AS cost
  FROM window_cost_lines li
  WHERE li.x_UsageType LIKE '%Lambda-GB-Second' OR li.x_UsageType LIKE '%Lambda-GB-Second-ARM'
),
costs AS (
  SELECT
    resource_id,
    max(account_id) AS account_id,
    max(region) AS region,
    max_by(usage_type, latest_start) AS usage_type,
    sum(cost) AS window_cost,
    sum(gb_seconds) AS gb_seconds_billed
  FROM usage_buckets
  GROUP BY resource_id
)
SELECT
  f.resource_id,
  coalesce(i.account_id, k.account_id) AS account_id,
  coalesce(i.region, k.region) AS region,
  i.memory_mb,
  i.architecture,
  i.runtime,
  i.timeout_s,
  f.days_observed,
  f.invocation_days,
  f.invocations,
  f.duration_average_ms,
  f.duration_maximum_ms,
  f.duration_p99_ms,
  f.memory_days,
  f.memory_used_max_mb,
  coalesce(k.window_cost, CAST(0 AS DECIMAL(38, 10))) AS window_cost,
  coalesce(k.gb_seconds_billed, 0) AS gb_seconds_billed,
  k.usage_type,
  CAST(b.cost_start AS DATE) AS cost_start,
  CAST(b.window_end AS DATE) AS cost_end
FROM functions f
CROSS JOIN bounds b
LEFT JOIN inventory i ON i.resource_id = f.resource_id
LEFT JOIN costs k ON k.resource_id = f.resource_id
ORDER BY f.resource_id
