-- BilledCost and EffectiveCost per billing period, account, service, charge category and product
-- code, and per values of the raw tag keys $tag_keys: tag_values is a JSON array of them, in
-- $tag_keys order, null where a line lacks the key. Attribution normalises keys and values,
-- applies account defaults and shared-cost rules in TypeScript over this aggregate, which stays
-- small however many line items the range holds. Lines are grouped by their tag set (x_TagSetId)
-- first; tag values are read from the few distinct tag_sets. The lines come rolled up per charge
-- day in tag_spend_daily (src/store/tag-spend.ts, through tag_spend_lines.cte.sql), grouped by
-- tag_values_spend.cte.sql (as posted_by_tag_values groups the posted fees); the Athena forms of
-- both fragments read line_items and its tags per line.
-- Ranges are half-open; the billing bounds select by BillingPeriodStart, the charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param tag_keys VARCHAR[] = []  the raw tag keys whose values tag_values lists, in this order
-- @param charges VARCHAR = all  one_of=all,usage  'usage' keeps the usage charge class only (charge classes: README)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the weekly report reads an earlier week without a delivery that has ended: src/report/week-source-end.ts)
-- @returns billing_period DATE, account_id VARCHAR, account_name VARCHAR, service_name VARCHAR, charge_category VARCHAR, product_code VARCHAR, tag_values VARCHAR, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL
WITH
-- @include tag_spend_lines.cte.sql
-- @include tag_values_spend.cte.sql
-- @include tag_values_grouped.cte.sql
SELECT * FROM spend_by_tag_values
ORDER BY 1, 2, 4, 5, 6
