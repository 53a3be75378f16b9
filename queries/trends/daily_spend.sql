-- Spend per charge day (UTC day of ChargePeriodStart) in [$from, $to): every charge, and the
-- run-rate charges only. Run-rate charges are lines whose charge period is at most one day
-- (hourly and daily usage, hourly fees and discounts), except one-time purchases (upfront fees);
-- month-long lines (RI monthly fees, support, CUR tax lines) and upfront payments are not run-rate.
-- Days without any line are absent.
-- Read from daily_spend, the rollup of line_items per day, service, account, charge category and
-- run-rate flag (src/store/daily-spend.ts); the Athena twin aggregates line_items the same way.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @returns day, lines, billed_cost, effective_cost, run_rate_billed_cost, run_rate_effective_cost
SELECT
  day,
  sum(lines) AS lines,
  sum(billed_cost) AS billed_cost,
  sum(effective_cost) AS effective_cost,
  sum(CASE WHEN run_rate THEN billed_cost ELSE 0 END) AS run_rate_billed_cost,
  sum(CASE WHEN run_rate THEN effective_cost ELSE 0 END) AS run_rate_effective_cost
FROM daily_spend
WHERE day >= CAST($from AS DATE)
  AND day < CAST($to AS DATE)
GROUP BY day
ORDER BY day
