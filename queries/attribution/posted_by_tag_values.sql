-- The fees posted for a charge period longer than a day (the month's RI and Support fees, tax,
-- monthly credits: a line whose ChargePeriodEnd is more than a day after its ChargePeriodStart, as
-- invoice/by_charge_class marks it `posted`), grouped as spend_by_tag_values groups every line:
-- per billing period, account, service, charge category, product code and values of the raw tag
-- keys $tag_keys (tag_values, in $tag_keys order, null where a line lacks the key). Each row is
-- part of the spend_by_tag_values row of the same group, so attribution classes and splits it as
-- that row and says how much of each of its rows these fees are: a range of days that cuts a
-- billing period attributes them whole (src/analyze/attributed-days.ts). Reads line_items, which
-- knows each line's charge period (tag_spend_daily keeps only its day), and groups them with
-- tag_values_spend.cte.sql, as spend_by_tag_values does: spend_lines keeps every column of a line
-- (x_TagSetId, which that fragment groups by; on Athena, which has no tag sets, Tags, which its
-- Athena form reads).
-- Ranges are half-open; the billing bounds select by BillingPeriodStart, the charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param tag_keys VARCHAR[] = []  the raw tag keys whose values tag_values lists, in this order
-- @param charges VARCHAR = all  one_of=all,usage  'usage' keeps the usage charge class only (charge classes: README)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report reads an earlier week without a delivery that has ended: src/report/week-source-end.ts)
-- @returns billing_period DATE, account_id VARCHAR, account_name VARCHAR, service_name VARCHAR, charge_category VARCHAR, product_code VARCHAR, tag_values VARCHAR, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL
WITH spend_lines AS (
  SELECT *, CAST(1 AS BIGINT) AS lines, BilledCost AS billed_cost, EffectiveCost AS effective_cost
  FROM line_items
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
    AND ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY
    AND ($charges = 'all' OR x_ChargeClass = 'usage')
    AND NOT contains($exclude_sources, coalesce(x_Source, ''))
),
-- @include tag_values_spend.cte.sql
-- @include tag_values_grouped.cte.sql
SELECT * FROM spend_by_tag_values
ORDER BY 1, 2, 4, 5, 6
