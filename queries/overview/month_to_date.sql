-- Month-to-date spend as of a day against the same days of the previous month: the current
-- range is [first of the month, as_of + 1 day), the previous one [first of the previous month,
-- as_of - 1 month + 1 day) capped at the first of the month (so 31 March compares with all of
-- February). Days are charge days (ChargePeriodStart, UTC).
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  the cost to sum (one of: billed, effective)
-- @returns current_start, current_end, current_cost, previous_start, previous_end, previous_cost, change, change_pct
WITH bounds AS (
  SELECT
    CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE) AS current_start,
    CAST(CAST($as_of AS DATE) + INTERVAL '1' DAY AS DATE) AS current_end,
    CAST(date_trunc('month', CAST($as_of AS DATE)) - INTERVAL '1' MONTH AS DATE) AS previous_start,
    least(
      CAST(CAST($as_of AS DATE) - INTERVAL '1' MONTH + INTERVAL '1' DAY AS DATE),
      CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE)
    ) AS previous_end
),
lines AS (
  SELECT
    li.ChargePeriodStart AS charged,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM line_items li
  CROSS JOIN bounds b
  WHERE li.ChargePeriodStart >= CAST(b.previous_start AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(b.current_end AS TIMESTAMP)
),
totals AS (
  SELECT
    coalesce(sum(CASE WHEN l.charged >= CAST(b.current_start AS TIMESTAMP) THEN l.cost END), 0) AS current_cost,
    coalesce(sum(CASE WHEN l.charged < CAST(b.previous_end AS TIMESTAMP) THEN l.cost END), 0) AS previous_cost
  FROM bounds b
  LEFT JOIN lines l ON TRUE
)
SELECT
  b.current_start,
  b.current_end,
  t.current_cost,
  b.previous_start,
  b.previous_end,
  t.previous_cost,
  t.current_cost - t.previous_cost AS change,
  CASE WHEN t.previous_cost = 0 THEN NULL
    ELSE round(100 * CAST(t.current_cost - t.previous_cost AS DOUBLE) / CAST(t.previous_cost AS DOUBLE), 2) END AS change_pct
FROM bounds b
CROSS JOIN totals t
