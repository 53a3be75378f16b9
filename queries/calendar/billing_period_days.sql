-- The charge days each billing period of each source covers, as runs of consecutive days: a period
-- holding usage (the usage charge class: daily or hourly lines) covers the days holding its lines,
-- one row per run, so days inside it without a line (a day the export left out) are not covered;
-- a period without usage (a CUR at monthly time granularity, whose usage lines each span their
-- month, or fees only) covers its whole month, from its first charge day: its lines span it.
-- The days between the store's first and last charge day that no row covers are gaps (a month
-- never ingested between two that were, the years between two sources, days missing inside a
-- period): src/lib/calendar.ts (gapsBetween) finds them, and a span compared with them is not
-- $0.00 of spend.
-- Reads daily_spend (the per-day rollup of line_items); the Athena twin reads line_items.
-- @returns source VARCHAR, billing_period VARCHAR, first_day DATE, last_day DATE
WITH days AS (
  SELECT
    x_Source AS source,
    x_BillingPeriod AS billing_period,
    day,
    max(CASE WHEN charge_class = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM daily_spend
  GROUP BY x_Source, x_BillingPeriod, day
),
marked AS (
  SELECT
    source,
    billing_period,
    day,
    max(usage_day) OVER (PARTITION BY source, billing_period) AS daily,
    date_diff('day', DATE '2000-01-01', day) - row_number() OVER (PARTITION BY source, billing_period ORDER BY day) AS run
  FROM days
)
SELECT
  source,
  billing_period,
  min(day) AS first_day,
  CASE
    WHEN max(daily) = 1 THEN max(day)
    ELSE greatest(max(day), coalesce(CAST(CAST(billing_period || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE), max(day)))
  END AS last_day
FROM marked
GROUP BY source, billing_period, CASE WHEN daily = 1 THEN run ELSE 0 END
ORDER BY first_day, last_day, source, billing_period
