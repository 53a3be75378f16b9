-- Spend per charge day (UTC day of ChargePeriodStart) in [$from, $to): every charge, and usage
-- only (the usage charge class of src/store/charge-class.ts: recurring fees, one-time charges,
-- tax and credits left out). Days without any line are absent.
-- Athena form: Athena has no daily_spend rollup, so it aggregates the line items themselves.
-- Each line's source is computed in an inner SELECT and grouped by as a column: Trino binds each
-- $by as a parameter of its own, so a GROUP BY expression holding it would not match the SELECT's.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report's daily chart draws a week without a delivery that has ended, as its comparison reads it: src/report/week-source-end.ts)
-- @param by VARCHAR = day  one_of=day,source  one row per day, or per day and source (x_Source): the month-end forecast reads each delivery's days at once, those that have ended apart (src/analyze/forecast/ended-sources.ts)
-- @returns day DATE, source VARCHAR, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL, usage_billed_cost DECIMAL, usage_effective_cost DECIMAL
SELECT
  day,
  source,
  count(*) AS lines,
  sum(BilledCost) AS billed_cost,
  sum(EffectiveCost) AS effective_cost,
  sum(CASE WHEN x_ChargeClass = 'usage' THEN BilledCost ELSE 0 END) AS usage_billed_cost,
  sum(CASE WHEN x_ChargeClass = 'usage' THEN EffectiveCost ELSE 0 END) AS usage_effective_cost
FROM (
  SELECT
    CAST(ChargePeriodStart AS DATE) AS day,
    CASE WHEN $by = 'source' THEN x_Source END AS source,
    BilledCost,
    EffectiveCost,
    x_ChargeClass
  FROM line_items
  WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND ChargePeriodStart < CAST($to AS TIMESTAMP)
    AND NOT contains($exclude_sources, coalesce(x_Source, ''))
) l
GROUP BY day, source
ORDER BY day, source
