-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so tags are read per line;
-- element_at returns NULL for a missing key where Tags[key] would fail.
-- The fees posted for a charge period longer than a day (the month's RI and Support fees, tax,
-- monthly credits: a line whose ChargePeriodEnd is more than a day after its ChargePeriodStart, as
-- invoice/by_charge_class marks it `posted`), grouped as spend_by_tag_values groups every line:
-- per billing period, account, service, charge category, product code and values of the raw tag
-- keys $tag_keys (tag_values, in $tag_keys order, null where a line lacks the key).
-- Ranges are half-open; the billing bounds select by BillingPeriodStart, the charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param tag_keys VARCHAR[] = []  the raw tag keys whose values tag_values lists, in this order
-- @param charges VARCHAR = all  one_of=all,usage  'usage' keeps the usage charge class only (charge classes: README)
-- @returns billing_period DATE, account_id VARCHAR, account_name VARCHAR, service_name VARCHAR, charge_category VARCHAR, product_code VARCHAR, tag_values VARCHAR, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL
SELECT
  billing_period,
  SubAccountId AS account_id,
  min(SubAccountName) AS account_name,
  ServiceName AS service_name,
  ChargeCategory AS charge_category,
  x_ProductCode AS product_code,
  CAST(value_list AS JSON) AS tag_values,
  count(*) AS lines,
  coalesce(sum(BilledCost), CAST(0 AS DECIMAL(38,10))) AS billed_cost,
  coalesce(sum(EffectiveCost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
FROM (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
    SubAccountId, SubAccountName, ServiceName, ChargeCategory, x_ProductCode, BilledCost, EffectiveCost,
    transform($tag_keys, k -> element_at(Tags, k)) AS value_list
  FROM line_items
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
    AND ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY
    AND ($charges = 'all' OR x_ChargeClass = 'usage')
) t
GROUP BY billing_period, SubAccountId, ServiceName, ChargeCategory, x_ProductCode, value_list
ORDER BY 1, 2, 4, 5, 6
