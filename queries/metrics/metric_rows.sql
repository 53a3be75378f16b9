-- The metric rows of the given namespaces and metric names, counted per resource, metric,
-- statistic and period, so that a command can say why metrics that exist were not usable: rows
-- outside the $days days before $as_of, at a period other than 60, 300, 3600 or 86400 s (the
-- periods queries/metrics/metric_days.cte.sql reads), or of a statistic its rules do not read.
-- rows_in_window counts the rows inside the look-back; days_in_window the UTC days they fall on.
-- The look-back's days stop where the rules' do (cost_bounds, counted_days.cte.sql: at the start of
-- $complete_until), so a row of a partial day after the data horizon, which no rule judges, makes
-- no day in the window.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param days INTEGER = 14  days looked at
-- @param complete_until DATE = 9999-12-31  no day from this one on is counted (idle and rightsizing give the day after the data horizon, as to their rules: a partial day is not counted)
-- @param namespaces VARCHAR[]  CloudWatch namespaces, e.g. ["AWS/EC2","AWS/RDS"]
-- @param metric_names VARCHAR[]  metric names, e.g. ["CPUUtilization"]
-- @returns resource_id VARCHAR, namespace VARCHAR, metric_name VARCHAR, statistic VARCHAR, period_s INTEGER, known_period BOOLEAN, rows_total BIGINT, rows_in_window BIGINT, days_in_window BIGINT
WITH look_back AS (
  -- No cost window: its days are the look-back's, so counted_days.cte.sql, which never ends the
  -- days before cost_start, ends them no earlier than the look-back's start.
  SELECT CAST($days AS INTEGER) AS days, CAST($days AS INTEGER) AS cost_days
),
-- @include ../optimisation/look_back_bounds.cte.sql
-- @include ../optimisation/counted_days.cte.sql
judged_days AS (
  SELECT b.window_start, c.cost_end AS judged_end FROM bounds b CROSS JOIN cost_bounds c
),
-- The rows counted per series, period and judged day (NULL outside the judged days) first: the
-- judged days are then counted as groups, without a DISTINCT aggregate.
series_days AS (
  SELECT
    m.resource_id, m.namespace, m.metric_name, m.statistic, m.period_s,
    CASE WHEN m.timestamp >= j.window_start AND m.timestamp < j.judged_end THEN date_trunc('day', m.timestamp) END AS judged_day,
    count(*) AS rows_total
  FROM metrics m CROSS JOIN judged_days j
  WHERE contains($namespaces, m.namespace) AND contains($metric_names, m.metric_name)
  GROUP BY m.resource_id, m.namespace, m.metric_name, m.statistic, m.period_s,
    CASE WHEN m.timestamp >= j.window_start AND m.timestamp < j.judged_end THEN date_trunc('day', m.timestamp) END
)
SELECT
  resource_id,
  namespace,
  metric_name,
  statistic,
  period_s,
  CASE WHEN period_s IN (60, 300, 3600, 86400) THEN true ELSE false END AS known_period,
  sum(rows_total) AS rows_total,
  coalesce(sum(CASE WHEN judged_day IS NOT NULL THEN rows_total END), 0) AS rows_in_window,
  count(judged_day) AS days_in_window
FROM series_days
GROUP BY resource_id, namespace, metric_name, statistic, period_s
ORDER BY resource_id, namespace, metric_name, statistic, period_s
