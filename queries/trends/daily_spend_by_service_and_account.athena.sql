-- Spend per charge day (UTC day of ChargePeriodStart), service and account in [$from, $to): every
-- charge, and usage only (the usage charge class, src/store/charge-class.ts: fees, tax, credits
-- and purchases left out). One pass that anomalies sums per service and per account.
-- Athena form: Athena has no daily_spend rollup, so it aggregates the line items themselves.
-- Lines without a ServiceName fall back to x_ProductCode, then '(none)'; the account is
-- SubAccountId (the usage account), else BillingAccountId. `source` is the source (provider/billing
-- account, x_Source) the lines were delivered by: anomalies leave a series unjudged after a delivery
-- that has ended only when that series held its data (src/analyze/anomalies/ended-series.ts).
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report reads an earlier week without a delivery that has ended: src/report/week-source-end.ts)
-- @returns day DATE, service VARCHAR, account_id VARCHAR, account_name VARCHAR, billed_cost DECIMAL, effective_cost DECIMAL, usage_billed_cost DECIMAL, usage_effective_cost DECIMAL, source VARCHAR
SELECT
  CAST(ChargePeriodStart AS DATE) AS day,
  COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
  COALESCE(SubAccountId, BillingAccountId, '(none)') AS account_id,
  max(CASE WHEN SubAccountId IS NOT NULL THEN SubAccountName ELSE BillingAccountName END) AS account_name,
  sum(BilledCost) AS billed_cost,
  sum(EffectiveCost) AS effective_cost,
  sum(CASE WHEN x_ChargeClass = 'usage' THEN BilledCost ELSE 0 END) AS usage_billed_cost,
  sum(CASE WHEN x_ChargeClass = 'usage' THEN EffectiveCost ELSE 0 END) AS usage_effective_cost,
  x_Source AS source
FROM line_items
WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)
  AND ChargePeriodStart < CAST($to AS TIMESTAMP)
  AND NOT contains($exclude_sources, coalesce(x_Source, ''))
GROUP BY CAST(ChargePeriodStart AS DATE), COALESCE(ServiceName, x_ProductCode, '(none)'), COALESCE(SubAccountId, BillingAccountId, '(none)'), x_Source
ORDER BY day, service, account_id, source
