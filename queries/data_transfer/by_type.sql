-- Data transfer month to date as of a day, per transfer type, against the same days of the
-- previous month (equal spans of complete charge days, as overview/month_to_date takes them,
-- ../calendar/month_to_date_spans.cte.sql: as many days just before this month when the month
-- before is shorter). Usage lines only (x_ChargeClass usage).
-- The type is usage_lines_by_transfer_type.cte.sql's (from the usage type, region prefixes aside).
-- Quantities are GB (the usage amount of *Bytes usage types).
-- The last row, transfer_type 'total', sums every type. Ends are exclusive.
-- Days not in the store (before its first charge day, in a gap between billing periods, after the
-- last day one covers: ../calendar/month_to_date_days_in_store.cte.sql) are not days of no
-- transfer, as overview/month_to_date takes them: a span none of whose days the store holds has no
-- cost and no GB (current_cost and current_gb, or previous_cost and previous_gb, NULL on every row),
-- and change and change_pct are NULL unless the store holds every day of both spans.
-- current_lines and previous_lines count each span's lines of the type (of every type on the total
-- row): a span whose cost is $0.00 with lines holds transfer that cost nothing, not none.
-- change_pct: the change over the size of the earlier amount (a rise reads as a rise even from a credit),
-- as src/lib/percent-change.ts works it out on the pages (which take it from the exact amounts, rounded once).
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (beside a delivery that has ended, the Data transfer page compares its spans without its lines, as the Overview does: src/analyze/ended-comparison.ts)
-- @returns transfer_type VARCHAR, current_start DATE, current_end DATE, previous_start DATE, previous_end DATE, current_cost DECIMAL, previous_cost DECIMAL, change DECIMAL, change_pct DOUBLE, current_gb DOUBLE, previous_gb DOUBLE, current_lines BIGINT, previous_lines BIGINT
WITH
-- @include usage_lines_by_transfer_type.cte.sql
-- @include ../calendar/month_to_date_spans.cte.sql
-- @include ../calendar/period_days.cte.sql
-- @include ../calendar/covered_days.cte.sql
-- @include ../calendar/month_to_date_days_in_store.cte.sql
transfer_lines AS (
  SELECT
    li.transfer_type,
    CASE WHEN li.ChargePeriodStart >= CAST(b.current_start AS TIMESTAMP) THEN 'current'
      WHEN li.ChargePeriodStart < CAST(b.previous_end AS TIMESTAMP) THEN 'previous' END AS side,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS gb,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM usage_lines_by_transfer_type li
  CROSS JOIN bounds b
  WHERE li.ChargePeriodStart >= CAST(b.previous_start AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(b.current_end AS TIMESTAMP)
    AND NOT contains($exclude_sources, coalesce(li.x_Source, ''))
),
per_type AS (
  SELECT
    transfer_type,
    coalesce(sum(CASE WHEN side = 'current' THEN cost END), 0) AS current_cost,
    coalesce(sum(CASE WHEN side = 'previous' THEN cost END), 0) AS previous_cost,
    coalesce(sum(CASE WHEN side = 'current' THEN gb END), 0) AS current_gb,
    coalesce(sum(CASE WHEN side = 'previous' THEN gb END), 0) AS previous_gb,
    count(CASE WHEN side = 'current' THEN 1 END) AS current_lines,
    count(CASE WHEN side = 'previous' THEN 1 END) AS previous_lines
  FROM transfer_lines
  WHERE transfer_type IS NOT NULL AND side IS NOT NULL
  GROUP BY transfer_type
),
with_total AS (
  SELECT transfer_type, current_cost, previous_cost, current_gb, previous_gb, current_lines, previous_lines, 0 AS ord FROM per_type
  UNION ALL
  SELECT 'total', coalesce(sum(current_cost), 0), coalesce(sum(previous_cost), 0), coalesce(sum(current_gb), 0), coalesce(sum(previous_gb), 0),
    coalesce(sum(current_lines), 0), coalesce(sum(previous_lines), 0), 1 FROM per_type
)
SELECT
  w.transfer_type,
  b.current_start,
  b.current_end,
  b.previous_start,
  b.previous_end,
  CASE WHEN d.current_days_in_store > 0 THEN w.current_cost END AS current_cost,
  CASE WHEN d.previous_days_in_store > 0 THEN w.previous_cost END AS previous_cost,
  CASE WHEN d.compared THEN w.current_cost - w.previous_cost END AS change,
  CASE WHEN d.compared THEN round(100 * CAST(w.current_cost - w.previous_cost AS DOUBLE) / nullif(abs(CAST(w.previous_cost AS DOUBLE)), 0), 2) END AS change_pct,
  CASE WHEN d.current_days_in_store > 0 THEN round(w.current_gb, 6) END AS current_gb,
  CASE WHEN d.previous_days_in_store > 0 THEN round(w.previous_gb, 6) END AS previous_gb,
  CAST(w.current_lines AS BIGINT) AS current_lines,
  CAST(w.previous_lines AS BIGINT) AS previous_lines
FROM with_total w
CROSS JOIN bounds b
CROSS JOIN spans_in_store d
ORDER BY w.ord, w.current_cost DESC, w.previous_cost DESC, w.transfer_type
