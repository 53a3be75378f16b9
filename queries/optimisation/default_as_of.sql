-- The day that idle and rightsizing analyses look back from when no --as-of is given: the day
-- after the latest day that has a metric or a billed usage line, so results on a fixed store
-- are reproducible. NULL when the store holds neither.
-- @returns latest_metric_day, latest_billing_day, as_of
WITH latest AS (
  SELECT
    (SELECT max(CAST(date_trunc('day', timestamp) AS DATE)) FROM metrics) AS latest_metric_day,
    (SELECT max(CAST(date_trunc('day', ChargePeriodStart) AS DATE)) FROM line_items WHERE ChargeCategory = 'Usage' OR ChargeCategory IS NULL) AS latest_billing_day
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
