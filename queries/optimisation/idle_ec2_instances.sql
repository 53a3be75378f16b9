-- EC2 instances with low utilisation (AWS Trusted Advisor "Low Utilization Amazon EC2 Instances"):
-- days in the look-back whose daily average CPU is at most $cpu_max_percent AND whose network
-- I/O (NetworkIn + NetworkOut, daily Sum) is at most $network_max_bytes; an instance is listed
-- when at least $min_days days are low. A day without CPU or without network data is not low.
-- window_cost is the instance's EffectiveCost over the $cost_days days before $as_of (lines
-- straddling the window edge prorated by time).
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
-- @param lookback_days INTEGER = 14  days looked at
-- @param cpu_max_percent DOUBLE = 10  a day is low when its average CPU is at most this
-- @param network_max_bytes DOUBLE = 5000000  ... and its network in + out is at most this many bytes
-- @param min_days INTEGER = 4  low days needed
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param data_horizon DATE  the last complete day of the billing data (current_hourly_rates.cte.sql reads rates up to it)
-- @param complete_until DATE = 9999-12-31  the bill and the metrics count no day from this one on (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, account_id VARCHAR, region VARCHAR, instance_type VARCHAR, days_observed BIGINT, low_days BIGINT, max_cpu_average_low_days DOUBLE, max_network_bytes_low_days DOUBLE, max_cpu_average DOUBLE, first_day DATE, last_day DATE, window_start DATE, window_end DATE, window_cost DECIMAL, hourly_rate DECIMAL, charged_until TIMESTAMP, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($lookback_days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
metric_filter AS (
  SELECT 'AWS/EC2' AS namespace, 'CPUUtilization' AS metric_name
  UNION ALL SELECT 'AWS/EC2' AS namespace, 'NetworkIn' AS metric_name
  UNION ALL SELECT 'AWS/EC2' AS namespace, 'NetworkOut' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
daily AS (
  SELECT
    d.resource_id,
    d.day,
    max(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic = 'Average' THEN d.value END) AS cpu_average,
    sum(CASE WHEN d.metric_name IN ('NetworkIn', 'NetworkOut') AND d.statistic = 'Sum' THEN d.value END) AS network_bytes
  FROM metric_days d CROSS JOIN cost_bounds c
  WHERE d.namespace = 'AWS/EC2'
    AND d.metric_name IN ('CPUUtilization', 'NetworkIn', 'NetworkOut')
    AND d.day < c.cost_end
  GROUP BY d.resource_id, d.day
),
per_instance AS (
  SELECT
    resource_id,
    count(cpu_average) AS days_observed,
    count(CASE WHEN cpu_average <= CAST($cpu_max_percent AS DOUBLE) AND network_bytes <= CAST($network_max_bytes AS DOUBLE) THEN 1 END) AS low_days,
    max(CASE WHEN cpu_average <= CAST($cpu_max_percent AS DOUBLE) AND network_bytes <= CAST($network_max_bytes AS DOUBLE) THEN cpu_average END) AS max_cpu_average_low_days,
    max(CASE WHEN cpu_average <= CAST($cpu_max_percent AS DOUBLE) AND network_bytes <= CAST($network_max_bytes AS DOUBLE) THEN network_bytes END) AS max_network_bytes_low_days,
    max(cpu_average) AS max_cpu_average,
    CAST(min(day) AS DATE) AS first_day,
    CAST(max(day) AS DATE) AS last_day
  FROM daily
  GROUP BY resource_id
),
candidates AS (
  SELECT * FROM per_instance WHERE low_days >= CAST($min_days AS INTEGER)
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
  coalesce(i.instance_type, c.billed_instance_type) AS instance_type,
  c.days_observed,
  c.low_days,
  c.max_cpu_average_low_days,
  c.max_network_bytes_low_days,
  c.max_cpu_average,
  c.first_day,
  c.last_day,
  c.window_start, c.window_end, c.window_cost, c.hourly_rate, c.charged_until, c.cost_start, c.cost_end
FROM priced_candidates c
LEFT JOIN inventory i ON i.resource_id = c.resource_id
ORDER BY c.hourly_rate DESC, c.window_cost DESC, c.resource_id
