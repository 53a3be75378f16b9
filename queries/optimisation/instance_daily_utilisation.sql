-- Daily CPU and memory figures of EC2 and RDS instances over the $lookback_days days before
-- $as_of, one row per instance and day, for rightsizing: CPUUtilization as the $cpu_statistic
-- statistic (a CloudWatch percentile such as p99.5), the Maximum and the Average; CWAgent
-- mem_used_percent likewise (EC2 only, when the agent publishes it). NULL where a statistic has
-- no row that day.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days looked at
-- @param cpu_statistic VARCHAR = p99.5  the percentile statistic to read (rows named like CloudWatch's, e.g. p99.5)
-- @param period_s INTEGER = 86400  metric period used (daily rows)
-- @returns resource_id, service, day, cpu_percentile, cpu_maximum, cpu_average, memory_percentile, memory_maximum, memory_average
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($lookback_days AS INTEGER) * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end
),
daily AS (
  SELECT
    m.resource_id,
    max(CASE WHEN m.namespace = 'AWS/RDS' THEN 'rds' WHEN m.namespace = 'AWS/EC2' THEN 'ec2' END) AS service,
    CAST(date_trunc('day', m.timestamp) AS DATE) AS day,
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
  GROUP BY m.resource_id, CAST(date_trunc('day', m.timestamp) AS DATE)
)
SELECT resource_id, service, day, cpu_percentile, cpu_maximum, cpu_average, memory_percentile, memory_maximum, memory_average
FROM daily
WHERE service IS NOT NULL
ORDER BY resource_id, day
