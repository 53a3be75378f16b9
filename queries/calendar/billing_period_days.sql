-- The charge days each billing period of each source covers: its first and its last charge day.
-- The days between the store's first and last charge day that no period covers are gaps (a month
-- never ingested between two that were, the years between two sources): src/lib/calendar.ts
-- (gapsBetween) finds them, and a span compared with them is not $0.00 of spend.
-- Reads daily_spend (the per-day rollup of line_items); the Athena twin reads line_items.
-- @returns source VARCHAR, billing_period VARCHAR, first_day DATE, last_day DATE
SELECT
  x_Source AS source,
  x_BillingPeriod AS billing_period,
  min(day) AS first_day,
  max(day) AS last_day
FROM daily_spend
GROUP BY x_Source, x_BillingPeriod
ORDER BY first_day, last_day, source, billing_period
