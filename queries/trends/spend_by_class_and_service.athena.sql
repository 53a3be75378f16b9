-- Spend per charge class and service over charge days [$from, $to), with the number of distinct
-- charge days each appears on: what the month-end forecast takes as posted this month and
-- expects of the tax (whether a recurring fee accrues daily or posts once a period is read from
-- its lines, trends/recurring_fees_by_commitment_term `posted`, not from its days), and the
-- weekly report's classes. charge_class is the store's (x_ChargeClass); listed_class the class a
-- report lists the money in (../charges/listed_classes.cte.sql: the credit class's adjustments
-- apart from its credits).
-- Athena form: Athena has no daily_spend rollup, so it reads line_items.
-- Each line's source is computed in an inner SELECT and grouped by as a column: Trino binds each
-- $by as a parameter of its own, so a GROUP BY expression holding it would not match the SELECT's.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report reads an earlier week without a delivery that has ended: src/report/week-source-end.ts)
-- @param by VARCHAR = service  one_of=service,source  one row per charge class and service, or per charge class, service and source (x_Source; days then counts each source's): the month-end forecast reads this month's once by source and sums it with and without the deliveries that have ended (src/analyze/forecast/ended-sources.ts withoutSources)
-- @returns charge_class VARCHAR, listed_class VARCHAR, service VARCHAR, source VARCHAR, billed_cost DECIMAL, effective_cost DECIMAL, days BIGINT
WITH
-- @include ../charges/listed_classes.cte.sql
SELECT
  charge_class,
  listed_class,
  service,
  source,
  sum(billed_cost) AS billed_cost,
  sum(effective_cost) AS effective_cost,
  count(DISTINCT day) AS days
FROM (
  SELECT
    coalesce(li.x_ChargeClass, 'usage') AS charge_class,
    coalesce(sp.listed_class, li.x_ChargeClass, 'usage') AS listed_class,
    COALESCE(li.ServiceName, li.x_ProductCode, '(none)') AS service,
    CASE WHEN $by = 'source' THEN li.x_Source END AS source,
    li.BilledCost AS billed_cost,
    li.EffectiveCost AS effective_cost,
    CAST(li.ChargePeriodStart AS DATE) AS day
  FROM line_items li
  LEFT JOIN class_splits sp ON sp.stored_class = coalesce(li.x_ChargeClass, 'usage') AND sp.charge_category = li.ChargeCategory
  WHERE li.ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST($to AS TIMESTAMP)
    AND NOT contains($exclude_sources, coalesce(li.x_Source, ''))
) l
GROUP BY charge_class, listed_class, service, source
ORDER BY charge_class, listed_class, service, source
