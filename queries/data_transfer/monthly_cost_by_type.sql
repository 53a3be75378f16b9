-- Data transfer cost and GB per month of charge and transfer type, charged from $from to before
-- $to (usage lines only; a line counts in the month of its ChargePeriodStart), for the
-- Data transfer page's chart over time.
-- The type is usage_lines_by_transfer_type.cte.sql's (from the usage type, region prefixes aside).
-- Quantities are GB (the usage amount of *Bytes usage types).
-- days: the days of the month inside [$from, $to) (the month in progress counts to the data
-- horizon), month_days: all of its days, so a chart can tell a part of a month from a whole one
-- (its chart counts only the days the store holds, a gap cutting a month anywhere in the range:
-- src/server/chart-held-days.ts).
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @returns month DATE, transfer_type VARCHAR, cost DECIMAL, gb DOUBLE, lines BIGINT, days BIGINT, month_days BIGINT
WITH
-- @include usage_lines_by_transfer_type.cte.sql
transfer_lines AS (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    li.transfer_type,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS gb,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM usage_lines_by_transfer_type li
  WHERE li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
)
SELECT month, transfer_type, coalesce(sum(cost), 0) AS cost, round(sum(gb), 6) AS gb, count(*) AS lines,
  date_diff('day', greatest(month, CAST($from AS DATE)), least(CAST(month + INTERVAL '1' MONTH AS DATE), CAST($to AS DATE))) AS days,
  date_diff('day', month, CAST(month + INTERVAL '1' MONTH AS DATE)) AS month_days
FROM transfer_lines
WHERE transfer_type IS NOT NULL
GROUP BY month, transfer_type
ORDER BY month, transfer_type
