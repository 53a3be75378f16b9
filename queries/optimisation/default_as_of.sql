-- The day that idle and rightsizing analyses look back from when no --as-of is given, in a store
-- without billing lines (metrics and inventory only): the day after its latest metric day, so
-- results on a fixed store are reproducible. A store with billing lines defaults to the day after
-- its data horizon instead (src/analyze/findings-window.ts, defaultFindingsAsOf). NULL when the
-- store holds no metric.
-- @returns latest_metric_day DATE, as_of DATE
WITH latest AS (
  -- The day of the latest timestamp is the latest day (truncating after max reads each row once).
  SELECT CAST(max(timestamp) AS DATE) AS latest_metric_day FROM metrics
)
SELECT
  latest_metric_day,
  CAST(latest_metric_day + INTERVAL '1' DAY AS DATE) AS as_of
FROM latest
