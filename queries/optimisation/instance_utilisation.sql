-- CPU and memory of EC2 and RDS instances over the $lookback_days days before $as_of, one row per
-- instance, summarised from daily figures for rightsizing. A day's CPU figure is the
-- CPUUtilization $cpu_statistic statistic (a CloudWatch percentile such as p99.5) where it exists,
-- else the day's Maximum (an upper bound of any percentile, so the fallback errs towards bigger
-- sizes); cpu_figure is the $percentile-th percentile of those daily figures, interpolated
-- linearly between the two nearest ranks (rank = $percentile / 100 × (days − 1)). Memory likewise
-- from CWAgent mem_used_percent (the agent runs on EC2), its daily figure the $cpu_statistic statistic, else the
-- Maximum, else the Average (the agent's usual statistic). Days without a CPU row of the instance's
-- own namespace are left out.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days looked at
-- @param cpu_statistic VARCHAR = p99.5  the percentile statistic to read (rows named like CloudWatch's, e.g. p99.5)
-- @param percentile DOUBLE = 99.5  the percentile taken across the daily figures
-- @param period_s INTEGER = 86400  metric period used (daily rows)
-- @returns resource_id, service, days_observed, days_from_statistic, cpu_figure, cpu_maximum, cpu_average, memory_days, memory_figure, memory_days_statistic, memory_days_maximum, memory_days_average
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($lookback_days AS INTEGER) * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end
),
daily AS (
  SELECT
    m.resource_id,
    max(CASE WHEN m.namespace = 'AWS/RDS' THEN 'rds' WHEN m.namespace = 'AWS/EC2' THEN 'ec2' END) AS service,
    CAST(m.timestamp AS DATE) AS day,
    max(CASE WHEN m.metric_name = 'CPUUtilization' AND m.statistic = $cpu_statistic THEN m.value END) AS cpu_percentile,
    max(CASE WHEN m.metric_name = 'CPUUtilization' AND m.statistic = 'Maximum' THEN m.value END) AS cpu_maximum,
    max(CASE WHEN m.metric_name = 'CPUUtilization' AND m.statistic = 'Average' THEN m.value END) AS cpu_average,
    max(CASE WHEN m.metric_name = 'mem_used_percent' AND m.statistic = $cpu_statistic THEN m.value END) AS memory_percentile,
    max(CASE WHEN m.metric_name = 'mem_used_percent' AND m.statistic = 'Maximum' THEN m.value END) AS memory_maximum,
    max(CASE WHEN m.metric_name = 'mem_used_percent' AND m.statistic = 'Average' THEN m.value END) AS memory_average
  FROM metrics m CROSS JOIN bounds b
  WHERE ((m.namespace IN ('AWS/EC2', 'AWS/RDS') AND m.metric_name = 'CPUUtilization')
      OR (m.namespace = 'CWAgent' AND m.metric_name = 'mem_used_percent'))
    AND m.period_s = CAST($period_s AS INTEGER)
    AND m.timestamp >= b.window_start AND m.timestamp < b.window_end
  GROUP BY m.resource_id, CAST(m.timestamp AS DATE)
),
figures AS (
  SELECT
    resource_id, service, cpu_percentile, cpu_maximum, cpu_average, memory_percentile, memory_maximum, memory_average,
    coalesce(cpu_percentile, cpu_maximum) AS cpu_figure,
    coalesce(memory_percentile, memory_maximum, memory_average) AS memory_figure
  FROM daily
  WHERE service IS NOT NULL
),
ranked AS (
  SELECT
    f.*,
    row_number() OVER (PARTITION BY resource_id ORDER BY cpu_figure NULLS LAST) - 1 AS cpu_index,
    CAST($percentile AS DOUBLE) / 100 * (count(cpu_figure) OVER (PARTITION BY resource_id) - 1) AS cpu_rank,
    row_number() OVER (PARTITION BY resource_id ORDER BY memory_figure NULLS LAST) - 1 AS memory_index,
    CAST($percentile AS DOUBLE) / 100 * (count(memory_figure) OVER (PARTITION BY resource_id) - 1) AS memory_rank
  FROM figures f
),
summary AS (
  SELECT
    resource_id,
    max(service) AS service,
    count(cpu_figure) AS days_observed,
    count(cpu_percentile) AS days_from_statistic,
    max(CASE WHEN cpu_index = floor(cpu_rank) THEN cpu_figure END) AS cpu_low,
    max(CASE WHEN cpu_index = ceil(cpu_rank) THEN cpu_figure END) AS cpu_high,
    max(cpu_rank - floor(cpu_rank)) AS cpu_fraction,
    coalesce(max(cpu_maximum), max(cpu_figure)) AS cpu_maximum,
    avg(cpu_average) AS cpu_average,
    count(memory_figure) AS memory_days,
    max(CASE WHEN memory_index = floor(memory_rank) THEN memory_figure END) AS memory_low,
    max(CASE WHEN memory_index = ceil(memory_rank) THEN memory_figure END) AS memory_high,
    max(memory_rank - floor(memory_rank)) AS memory_fraction,
    count(CASE WHEN memory_figure IS NOT NULL AND memory_percentile IS NOT NULL THEN 1 END) AS memory_days_statistic,
    count(CASE WHEN memory_figure IS NOT NULL AND memory_percentile IS NULL AND memory_maximum IS NOT NULL THEN 1 END) AS memory_days_maximum,
    count(CASE WHEN memory_figure IS NOT NULL AND memory_percentile IS NULL AND memory_maximum IS NULL THEN 1 END) AS memory_days_average
  FROM ranked
  GROUP BY resource_id
)
SELECT
  resource_id,
  service,
  days_observed,
  days_from_statistic,
  cpu_low + cpu_fraction * (cpu_high - cpu_low) AS cpu_figure,
  cpu_maximum,
  cpu_average,
  memory_days,
  memory_low + memory_fraction * (memory_high - memory_low) AS memory_figure,
  memory_days_statistic,
  memory_days_maximum,
  memory_days_average
FROM summary
ORDER BY resource_id
