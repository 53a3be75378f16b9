-- Idle RDS instances: no more than $max_connections database connections (DatabaseConnections,
-- the daily Maximum where present, else the daily Average) on every one of the $days days
-- before $as_of; the instance needs connection data on all of those days. window_cost is the
-- instance's EffectiveCost (instance hours, storage, I/O: every line of its resource id) over
-- the $cost_days days before $as_of.
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
-- @param days INTEGER = 7  days looked at
-- @param max_connections DOUBLE = 0  a day is idle when its peak connections are at most this
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param data_horizon DATE  the last complete day of the billing data (current_hourly_rates.cte.sql reads rates up to it)
-- @param complete_until DATE = 9999-12-31  the bill and the metrics count no day from this one on (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, account_id VARCHAR, region VARCHAR, instance_class VARCHAR, days_observed BIGINT, max_daily_connections DOUBLE, max_cpu DOUBLE, window_start DATE, window_end DATE, window_cost DECIMAL, hourly_rate DECIMAL, charged_until TIMESTAMP, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
metric_filter AS (
  SELECT 'AWS/RDS' AS namespace, 'DatabaseConnections' AS metric_name
  UNION ALL SELECT 'AWS/RDS' AS namespace, 'CPUUtilization' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
daily AS (
  SELECT
    d.resource_id,
    d.day,
    coalesce(
      max(CASE WHEN d.metric_name = 'DatabaseConnections' AND d.statistic = 'Maximum' THEN d.value END),
      max(CASE WHEN d.metric_name = 'DatabaseConnections' AND d.statistic = 'Average' THEN d.value END)) AS connections,
    max(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic = 'Maximum' THEN d.value END) AS cpu_maximum
  FROM metric_days d CROSS JOIN cost_bounds c
  WHERE d.namespace = 'AWS/RDS' AND d.metric_name IN ('DatabaseConnections', 'CPUUtilization')
    AND d.day < c.cost_end
  GROUP BY d.resource_id, d.day
),
per_instance AS (
  SELECT resource_id, count(connections) AS days_observed, max(connections) AS max_daily_connections, max(cpu_maximum) AS max_cpu
  FROM daily
  GROUP BY resource_id
),
candidates AS (
  SELECT * FROM per_instance
  WHERE days_observed >= CAST($days AS INTEGER) AND max_daily_connections <= CAST($max_connections AS DOUBLE)
),
cost_targets AS (
  SELECT resource_id FROM candidates
),
-- @include latest_inventory.cte.sql
-- @include window_cost_lines.cte.sql
-- @include resource_window_costs.cte.sql
-- @include current_hourly_rates.cte.sql
-- @include priced_candidates.cte.sql
SELECT
  c.resource_id,
  coalesce(i.account_id, c.billed_account_id) AS account_id,
  coalesce(i.region, c.billed_region) AS region,
  coalesce(i.instance_type, c.billed_instance_type) AS instance_class,
  c.days_observed,
  c.max_daily_connections,
  c.max_cpu,
  c.window_start, c.window_end, c.window_cost, c.hourly_rate, c.charged_until, c.cost_start, c.cost_end
FROM priced_candidates c
LEFT JOIN inventory i ON i.resource_id = c.resource_id
ORDER BY c.hourly_rate DESC, c.window_cost DESC, c.resource_id
