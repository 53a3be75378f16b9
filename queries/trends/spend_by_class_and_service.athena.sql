-- Spend per charge class and service over charge days [$from, $to), with the number of distinct
-- charge days each appears on: what the month-end forecast takes as posted this month and
-- expects of the tax (whether a recurring fee accrues daily or posts once a period is read from
-- its lines, trends/recurring_fees_by_commitment_term `posted`, not from its days).
-- Athena form: Athena has no daily_spend rollup, so it reads line_items.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @returns charge_class VARCHAR, service VARCHAR, billed_cost DECIMAL, effective_cost DECIMAL, days BIGINT
SELECT
  coalesce(x_ChargeClass, 'usage') AS charge_class,
  COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
  sum(BilledCost) AS billed_cost,
  sum(EffectiveCost) AS effective_cost,
  count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS days
FROM line_items
WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)
  AND ChargePeriodStart < CAST($to AS TIMESTAMP)
GROUP BY coalesce(x_ChargeClass, 'usage'), COALESCE(ServiceName, x_ProductCode, '(none)')
ORDER BY charge_class, service
