-- Data transfer month to date as of a day, per transfer type, against the same days of the
-- previous month (equal spans of complete charge days, as overview/month_to_date takes them,
-- ../calendar/month_to_date_spans.cte.sql: as many days just before this month when the month
-- before is shorter). Usage lines only (x_ChargeClass usage).
-- The type is usage_lines_by_transfer_type.cte.sql's (from the usage type, region prefixes aside).
-- Quantities are GB (the usage amount of *Bytes usage types).
-- The last row, transfer_type 'total', sums every type. Ends are exclusive.
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @returns transfer_type VARCHAR, current_start DATE, current_end DATE, previous_start DATE, previous_end DATE, current_cost DECIMAL, previous_cost DECIMAL, change DECIMAL, change_pct DOUBLE, current_gb DOUBLE, previous_gb DOUBLE
WITH
-- @include usage_lines_by_transfer_type.cte.sql
-- @include ../calendar/month_to_date_spans.cte.sql
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
),
per_type AS (
  SELECT
    transfer_type,
    coalesce(sum(CASE WHEN side = 'current' THEN cost END), 0) AS current_cost,
    coalesce(sum(CASE WHEN side = 'previous' THEN cost END), 0) AS previous_cost,
    coalesce(sum(CASE WHEN side = 'current' THEN gb END), 0) AS current_gb,
    coalesce(sum(CASE WHEN side = 'previous' THEN gb END), 0) AS previous_gb
  FROM transfer_lines
  WHERE transfer_type IS NOT NULL AND side IS NOT NULL
  GROUP BY transfer_type
),
with_total AS (
  SELECT transfer_type, current_cost, previous_cost, current_gb, previous_gb, 0 AS ord FROM per_type
  UNION ALL
  SELECT 'total', coalesce(sum(current_cost), 0), coalesce(sum(previous_cost), 0), coalesce(sum(current_gb), 0), coalesce(sum(previous_gb), 0), 1 FROM per_type
)
SELECT
  w.transfer_type,
  b.current_start,
  b.current_end,
  b.previous_start,
  b.previous_end,
  w.current_cost,
  w.previous_cost,
  w.current_cost - w.previous_cost AS change,
  round(100 * CAST(w.current_cost - w.previous_cost AS DOUBLE) / nullif(CAST(w.previous_cost AS DOUBLE), 0), 2) AS change_pct,
  round(w.current_gb, 6) AS current_gb,
  round(w.previous_gb, 6) AS previous_gb
FROM with_total w
CROSS JOIN bounds b
ORDER BY w.ord, w.current_cost DESC, w.previous_cost DESC, w.transfer_type
