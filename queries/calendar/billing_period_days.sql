-- The charge days each billing period of each source covers, as runs of consecutive days, by the
-- one covering rule of covered_days.cte.sql: a period holding usage covers the days holding its
-- lines, one row per run, so days inside it without a line (a day the export left out) are not
-- covered; a period without usage (a monthly CUR, fees only) covers its whole month, from its
-- first charge day.
-- The days between the store's first and last charge day that no row covers are gaps (a month
-- never ingested between two that were, the years between two sources, days missing inside a
-- period): src/lib/calendar.ts (gapsBetween) finds them, and a span compared with them is not
-- $0.00 of spend.
-- Reads daily_spend (the per-day rollup of line_items); the Athena twin reads line_items.
-- @returns source VARCHAR, billing_period VARCHAR, first_day DATE, last_day DATE
WITH period_days AS (
  SELECT
    x_Source AS source,
    x_BillingPeriod AS billing_period,
    day,
    max(CASE WHEN charge_class = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM daily_spend
  GROUP BY x_Source, x_BillingPeriod, day
),
-- @include covered_days.cte.sql
SELECT source, billing_period, first_day, last_day
FROM covered_days
ORDER BY first_day, last_day, source, billing_period
