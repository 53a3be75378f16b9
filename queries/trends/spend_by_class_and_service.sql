-- Spend per charge class and service over charge days [$from, $to), with the number of distinct
-- charge days each appears on: what the month-end forecast takes as posted this month and
-- expects of the tax (whether a recurring fee accrues daily or posts once a period is read from
-- its lines, trends/recurring_fees_by_commitment_term `posted`, not from its days). Read from
-- daily_spend (the per-day rollup of line_items); the Athena twin reads line_items.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @returns charge_class VARCHAR, service VARCHAR, billed_cost DECIMAL, effective_cost DECIMAL, days BIGINT
SELECT
  coalesce(charge_class, 'usage') AS charge_class,
  service,
  sum(billed_cost) AS billed_cost,
  sum(effective_cost) AS effective_cost,
  count(DISTINCT day) AS days
FROM daily_spend
WHERE day >= CAST($from AS DATE)
  AND day < CAST($to AS DATE)
GROUP BY coalesce(charge_class, 'usage'), service
ORDER BY charge_class, service
