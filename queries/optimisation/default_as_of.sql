-- The day that idle and rightsizing analyses look back from when no --as-of is given: the day
-- after the latest day that has a metric or a billed usage line, so results on a fixed store
-- are reproducible. NULL when the store holds neither.
-- @returns latest_metric_day DATE, latest_billing_day DATE, as_of DATE
WITH metric_days AS (
  SELECT CAST(max(timestamp) AS DATE) AS latest_metric_day FROM metrics
),
billing_days AS (
  SELECT max(day) AS latest_billing_day
  FROM daily_spend
  WHERE charge_category = 'Usage' OR charge_category IS NULL
),
-- The day of the latest timestamp is the latest day (truncating after max reads each row once);
-- billing days come from daily_spend, the per-day rollup of line_items (src/store/daily-spend.ts).
-- Each side is a one-row aggregate (NULL when its table is empty), so the join is one row.
latest AS (
  SELECT m.latest_metric_day, b.latest_billing_day
  FROM metric_days m
  CROSS JOIN billing_days b
)
SELECT
  latest_metric_day,
  latest_billing_day,
  CAST(CASE
    WHEN latest_metric_day IS NULL THEN latest_billing_day
    WHEN latest_billing_day IS NULL THEN latest_metric_day
    ELSE greatest(latest_metric_day, latest_billing_day)
  END + INTERVAL '1' DAY AS DATE) AS as_of
FROM latest
