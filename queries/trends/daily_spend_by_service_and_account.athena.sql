-- Spend per charge day (UTC day of ChargePeriodStart), service and account in [$from, $to): every
-- charge, and the run-rate charges only (charge period of at most one day, one-time purchases
-- excluded; see trends/daily_spend). One pass that anomalies sums per service and per account.
-- Athena form: Athena has no daily_spend rollup, so it aggregates the line items themselves.
-- Lines without a ServiceName fall back to x_ProductCode, then '(none)'; the account is
-- SubAccountId (the usage account), else BillingAccountId.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @returns day, service, account_id, account_name, billed_cost, effective_cost, run_rate_billed_cost, run_rate_effective_cost
SELECT
  CAST(ChargePeriodStart AS DATE) AS day,
  COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
  COALESCE(SubAccountId, BillingAccountId, '(none)') AS account_id,
  max(CASE WHEN SubAccountId IS NOT NULL THEN SubAccountName ELSE BillingAccountName END) AS account_name,
  sum(BilledCost) AS billed_cost,
  sum(EffectiveCost) AS effective_cost,
  sum(CASE WHEN (ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY)
        AND NOT (COALESCE(ChargeCategory, '') = 'Purchase' AND COALESCE(ChargeFrequency, '') = 'One-Time')
      THEN BilledCost ELSE 0 END) AS run_rate_billed_cost,
  sum(CASE WHEN (ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY)
        AND NOT (COALESCE(ChargeCategory, '') = 'Purchase' AND COALESCE(ChargeFrequency, '') = 'One-Time')
      THEN EffectiveCost ELSE 0 END) AS run_rate_effective_cost
FROM line_items
WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)
  AND ChargePeriodStart < CAST($to AS TIMESTAMP)
GROUP BY CAST(ChargePeriodStart AS DATE), COALESCE(ServiceName, x_ProductCode, '(none)'), COALESCE(SubAccountId, BillingAccountId, '(none)')
ORDER BY day, service, account_id
