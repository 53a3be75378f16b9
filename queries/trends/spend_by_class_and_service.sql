-- Spend per charge class and service over charge days [$from, $to), with the number of distinct
-- charge days each appears on: what the month-end forecast takes as posted this month and
-- expects of the tax (whether a recurring fee accrues daily or posts once a period is read from
-- its lines, trends/recurring_fees_by_commitment_term `posted`, not from its days), and the
-- weekly report's classes. charge_class is the store's (x_ChargeClass); listed_class the class a
-- report lists the money in (../charges/listed_classes.cte.sql: the credit class's adjustments
-- apart from its credits). Read from daily_spend (the per-day rollup of line_items); the Athena
-- twin reads line_items.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report reads an earlier week without a delivery that has ended: src/report/week-source-end.ts)
-- @param by VARCHAR = service  one_of=service,source  one row per charge class and service, or per charge class, service and source (x_Source; days then counts each source's): the month-end forecast reads this month's once by source and sums it with and without the deliveries that have ended (src/analyze/forecast/ended-sources.ts withoutSources)
-- @returns charge_class VARCHAR, listed_class VARCHAR, service VARCHAR, source VARCHAR, billed_cost DECIMAL, effective_cost DECIMAL, days BIGINT
WITH
-- @include ../charges/listed_classes.cte.sql
SELECT
  coalesce(s.charge_class, 'usage') AS charge_class,
  coalesce(sp.listed_class, s.charge_class, 'usage') AS listed_class,
  s.service,
  CASE WHEN $by = 'source' THEN s.x_Source END AS source,
  sum(s.billed_cost) AS billed_cost,
  sum(s.effective_cost) AS effective_cost,
  count(DISTINCT s.day) AS days
FROM daily_spend s
LEFT JOIN class_splits sp ON sp.stored_class = coalesce(s.charge_class, 'usage') AND sp.charge_category = s.charge_category
WHERE s.day >= CAST($from AS DATE)
  AND s.day < CAST($to AS DATE)
  AND NOT contains($exclude_sources, coalesce(s.x_Source, ''))
GROUP BY coalesce(s.charge_class, 'usage'), coalesce(sp.listed_class, s.charge_class, 'usage'), s.service, CASE WHEN $by = 'source' THEN s.x_Source END
ORDER BY charge_class, listed_class, s.service, source
