-- The charge days each billing period of each source covers: its first and its last charge day.
-- Athena form: Athena has no daily_spend rollup, so it reads line_items.
-- @returns source VARCHAR, billing_period VARCHAR, first_day DATE, last_day DATE
SELECT
  x_Source AS source,
  x_BillingPeriod AS billing_period,
  CAST(min(ChargePeriodStart) AS DATE) AS first_day,
  CAST(max(ChargePeriodStart) AS DATE) AS last_day
FROM line_items
GROUP BY x_Source, x_BillingPeriod
ORDER BY first_day, last_day, source, billing_period
