-- Spend per charge day (UTC day of ChargePeriodStart) in [$from, $to): every charge, and the
-- run-rate charges only. Run-rate charges are lines whose charge period is at most one day
-- (hourly and daily usage, hourly fees and discounts), except one-time purchases (upfront fees);
-- month-long lines (RI monthly fees, support, CUR tax lines) and upfront payments are not run-rate.
-- Days without any line are absent.
-- Athena form: Athena has no daily_spend rollup, so it aggregates the line items themselves.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @returns day, lines, billed_cost, effective_cost, run_rate_billed_cost, run_rate_effective_cost
SELECT
  CAST(ChargePeriodStart AS DATE) AS day,
  count(*) AS lines,
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
GROUP BY CAST(ChargePeriodStart AS DATE)
ORDER BY day
