-- Spend per charge day (UTC day of ChargePeriodStart), service and account in [$from, $to): every
-- charge, and usage only (the usage charge class, src/store/charge-class.ts: fees, tax, credits
-- and purchases left out). One pass that anomalies sums per service and per account.
-- Read from daily_spend, the rollup the store keeps per day, service, account and charge class
-- (src/store/daily-spend.ts); the Athena twin aggregates line_items the same way.
-- Lines without a ServiceName fall back to x_ProductCode, then '(none)'; the account is
-- SubAccountId (the usage account), else BillingAccountId. `source` is the source (provider/billing
-- account, x_Source) the lines were delivered by: anomalies leave a series unjudged after a delivery
-- that has ended only when that series held its data (src/analyze/anomalies/ended-series.ts).
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report reads an earlier week without a delivery that has ended: src/report/week-source-end.ts)
-- @returns day DATE, service VARCHAR, account_id VARCHAR, account_name VARCHAR, billed_cost DECIMAL, effective_cost DECIMAL, usage_billed_cost DECIMAL, usage_effective_cost DECIMAL, source VARCHAR
SELECT
  day,
  service,
  account_id,
  max(account_name) AS account_name,
  sum(billed_cost) AS billed_cost,
  sum(effective_cost) AS effective_cost,
  sum(CASE WHEN charge_class = 'usage' THEN billed_cost ELSE 0 END) AS usage_billed_cost,
  sum(CASE WHEN charge_class = 'usage' THEN effective_cost ELSE 0 END) AS usage_effective_cost,
  x_Source AS source
FROM daily_spend
WHERE day >= CAST($from AS DATE)
  AND day < CAST($to AS DATE)
  AND NOT contains($exclude_sources, coalesce(x_Source, ''))
GROUP BY day, service, account_id, x_Source
ORDER BY day, service, account_id, source
