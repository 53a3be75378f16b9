-- The metric rows of the given namespaces and metric names, counted per resource, metric,
-- statistic and period, so that a command can say why metrics that exist were not usable: rows
-- outside the $days days before $as_of, at a period other than 60, 300, 3600 or 86400 s (the
-- periods queries/metrics/metric_days.cte.sql reads), or of a statistic its rules do not read.
-- rows_in_window counts the rows inside the look-back; days_in_window the UTC days they fall on.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param days INTEGER = 14  days looked at
-- @param namespaces VARCHAR[]  CloudWatch namespaces, e.g. ["AWS/EC2","AWS/RDS"]
-- @param metric_names VARCHAR[]  metric names, e.g. ["CPUUtilization"]
-- @returns resource_id VARCHAR, namespace VARCHAR, metric_name VARCHAR, statistic VARCHAR, period_s INTEGER, known_period BOOLEAN, rows_total BIGINT, rows_in_window BIGINT, days_in_window BIGINT
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($days AS INTEGER) * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end
)
SELECT
  m.resource_id,
  m.namespace,
  m.metric_name,
  m.statistic,
  m.period_s,
  CASE WHEN m.period_s IN (60, 300, 3600, 86400) THEN true ELSE false END AS known_period,
  count(*) AS rows_total,
  count(CASE WHEN m.timestamp >= b.window_start AND m.timestamp < b.window_end THEN 1 END) AS rows_in_window,
  count(DISTINCT CASE WHEN m.timestamp >= b.window_start AND m.timestamp < b.window_end THEN date_trunc('day', m.timestamp) END) AS days_in_window
FROM metrics m CROSS JOIN bounds b
WHERE contains($namespaces, m.namespace) AND contains($metric_names, m.metric_name)
GROUP BY m.resource_id, m.namespace, m.metric_name, m.statistic, m.period_s
ORDER BY m.resource_id, m.namespace, m.metric_name, m.statistic, m.period_s
