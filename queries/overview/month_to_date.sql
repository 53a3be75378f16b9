-- Month to date as of a day, per charge class, against the same days of the previous month:
-- the current range is [first of the month, as_of + 1 day), the previous one the same days of
-- the month before, or as many days just before this month when the month before is shorter
-- (31 March against 29 January – 28 February: equal spans, ../calendar/month_to_date_spans.cte.sql).
-- Days are charge days (ChargePeriodStart, UTC).
-- Only usage is compared day for day (change, change_pct); recurring fees, one-time charges,
-- tax, credits and adjustments post once a period, so their rows give what posted in the current
-- range and the whole previous billing period (previous_period_cost), with no change. One row per
-- class as reports list them (../charges/listed_classes.cte.sql), in the order usage, recurring,
-- one-time, tax, credit, adjustment, then the total of every class.
-- Days not in the store (before its first charge day, in a gap between billing periods, after the
-- last day one covers: ../calendar/month_to_date_days_in_store.cte.sql) are not $0.00 of spend: a
-- span none of whose days the store holds has no cost (current_cost, previous_cost or
-- previous_period_cost NULL, on every row), and usage is compared (change, change_pct) only when
-- the store holds every day of both spans. A day the store holds counts, complete or not: the
-- pages take as_of at the data horizon, a caller of the query chooses it.
-- Read from daily_spend (the per-day rollup of line_items); the Athena twin reads line_items.
-- change_pct: the change over the size of the earlier amount (a rise reads as a rise even from a credit),
-- as src/lib/percent-change.ts works it out on the pages (which take it from the exact amounts, rounded once).
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the Overview compares month to date without a delivery that has ended, as the weekly e-mail compares its weeks: src/analyze/ended-comparison.ts)
-- @returns charge_class VARCHAR, current_start DATE, current_end DATE, current_cost DECIMAL, previous_start DATE, previous_end DATE, previous_cost DECIMAL, previous_period_cost DECIMAL, change DECIMAL, change_pct DOUBLE
WITH
-- @include ../calendar/month_to_date_spans.cte.sql
-- @include ../charges/listed_classes.cte.sql
-- @include ../calendar/period_days.cte.sql
-- @include ../calendar/covered_days.cte.sql
-- @include ../calendar/month_to_date_days_in_store.cte.sql
days AS (
  SELECT
    coalesce(sp.listed_class, s.charge_class, 'usage') AS charge_class,
    s.day,
    CASE WHEN $cost = 'effective' THEN s.effective_cost ELSE s.billed_cost END AS cost
  FROM daily_spend s
  LEFT JOIN class_splits sp ON sp.stored_class = coalesce(s.charge_class, 'usage') AND sp.charge_category = s.charge_category
  CROSS JOIN bounds b
  WHERE s.day >= b.previous_start
    AND s.day < b.current_end
    AND NOT contains($exclude_sources, coalesce(s.x_Source, ''))
),
per_class AS (
  SELECT
    c.listed_class AS charge_class,
    c.ord,
    coalesce(sum(CASE WHEN d.day >= b.current_start THEN d.cost END), 0) AS current_cost,
    coalesce(sum(CASE WHEN d.day < b.previous_end THEN d.cost END), 0) AS previous_cost,
    coalesce(sum(CASE WHEN d.day >= b.previous_month_start AND d.day < b.current_start THEN d.cost END), 0) AS previous_period_cost
  FROM listed_classes c
  CROSS JOIN bounds b
  LEFT JOIN days d ON d.charge_class = c.listed_class
  GROUP BY c.listed_class, c.ord
),
with_total AS (
  SELECT charge_class, ord, current_cost, previous_cost, previous_period_cost FROM per_class
  UNION ALL
  SELECT 'total', 7, sum(current_cost), sum(previous_cost), sum(previous_period_cost) FROM per_class
)
SELECT
  r.charge_class,
  b.current_start,
  b.current_end,
  CASE WHEN d.current_days_in_store > 0 THEN r.current_cost END AS current_cost,
  b.previous_start,
  b.previous_end,
  CASE WHEN d.previous_days_in_store > 0 THEN r.previous_cost END AS previous_cost,
  CASE WHEN d.previous_month_days_in_store > 0 THEN r.previous_period_cost END AS previous_period_cost,
  CASE WHEN r.charge_class = 'usage' AND d.compared THEN r.current_cost - r.previous_cost END AS change,
  CASE WHEN r.charge_class <> 'usage' OR NOT d.compared OR r.previous_cost = 0 THEN NULL
    ELSE round(100 * CAST(r.current_cost - r.previous_cost AS DOUBLE) / abs(CAST(r.previous_cost AS DOUBLE)), 2) END AS change_pct
FROM with_total r
CROSS JOIN bounds b
CROSS JOIN spans_in_store d
ORDER BY r.ord
