-- One resource's CloudWatch metrics per UTC day over a half-open range of days, one series per
-- namespace, metric and statistic. Each series reads its coarsest period (daily rows when there
-- are any), and a day's value combines the rows of that day as the statistic does: Sum and
-- SampleCount add up, Minimum takes the least, Average the mean, Maximum and percentiles the most.
-- @param id VARCHAR  the resource id as the metrics spell it (resource_id)
-- @param start DATE  the first day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @returns day DATE, namespace VARCHAR, metric_name VARCHAR, statistic VARCHAR, series VARCHAR, value DOUBLE, unit VARCHAR, points BIGINT
WITH points AS (
  SELECT
    namespace,
    metric_name,
    statistic,
    period_s,
    max(period_s) OVER (PARTITION BY namespace, metric_name, statistic) AS coarsest,
    timestamp,
    value,
    unit
  FROM metrics
  WHERE resource_id = $id
    AND timestamp >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND timestamp < CAST(CAST($end AS DATE) AS TIMESTAMP)
)
SELECT
  CAST(date_trunc('day', timestamp) AS DATE) AS day,
  namespace,
  metric_name,
  statistic,
  metric_name || ' (' || statistic || ')' AS series,
  CASE
    WHEN statistic IN ('Sum', 'SampleCount') THEN sum(value)
    WHEN statistic = 'Minimum' THEN min(value)
    WHEN statistic = 'Average' THEN avg(value)
    ELSE max(value)
  END AS value,
  max(unit) AS unit,
  count(*) AS points
FROM points
WHERE period_s = coarsest
GROUP BY CAST(date_trunc('day', timestamp) AS DATE), namespace, metric_name, statistic
ORDER BY namespace, metric_name, statistic, CAST(date_trunc('day', timestamp) AS DATE)
