-- Spend per charge day (UTC day of ChargePeriodStart) in [$from, $to): every charge, and usage
-- only (the usage charge class of src/store/charge-class.ts: recurring fees, one-time charges,
-- tax and credits left out). Days without any line are absent.
-- Read from daily_spend, the rollup of line_items per day, service, account and charge class (src/store/daily-spend.ts); the Athena twin aggregates line_items the same way.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report's daily chart draws a week without a delivery that has ended, as its comparison reads it: src/report/week-source-end.ts)
-- @param by VARCHAR = day  one_of=day,source  one row per day, or per day and source (x_Source): the month-end forecast reads each delivery's days at once, those that have ended apart (src/analyze/forecast/ended-sources.ts)
-- @returns day DATE, source VARCHAR, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL, usage_billed_cost DECIMAL, usage_effective_cost DECIMAL
SELECT
  day,
  CASE WHEN $by = 'source' THEN x_Source END AS source,
  sum(lines) AS lines,
  sum(billed_cost) AS billed_cost,
  sum(effective_cost) AS effective_cost,
  sum(CASE WHEN charge_class = 'usage' THEN billed_cost ELSE 0 END) AS usage_billed_cost,
  sum(CASE WHEN charge_class = 'usage' THEN effective_cost ELSE 0 END) AS usage_effective_cost
FROM daily_spend
WHERE day >= CAST($from AS DATE)
  AND day < CAST($to AS DATE)
  AND NOT contains($exclude_sources, coalesce(x_Source, ''))
GROUP BY day, CASE WHEN $by = 'source' THEN x_Source END
ORDER BY day, source
