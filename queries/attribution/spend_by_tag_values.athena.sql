-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so tags are read per line;
-- element_at returns NULL for a missing key where Tags[key] would fail.
-- BilledCost and EffectiveCost per billing period, account, service, charge category and product
-- code, and per values of up to eight raw tag keys (NULL where a line lacks the key). Attribution
-- normalises keys and values, applies account defaults and shared-cost rules in TypeScript over
-- this aggregate, which stays small however many line items the range holds.
-- Ranges are half-open; the billing bounds select by BillingPeriodStart, the charge bounds by ChargePeriodStart.
-- An unused key slot is bound to (none), which no tag key can be (AWS keys cannot contain parentheses).
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param key_1 VARCHAR = (none)  raw tag key read into value_1
-- @param key_2 VARCHAR = (none)  raw tag key read into value_2
-- @param key_3 VARCHAR = (none)  raw tag key read into value_3
-- @param key_4 VARCHAR = (none)  raw tag key read into value_4
-- @param key_5 VARCHAR = (none)  raw tag key read into value_5
-- @param key_6 VARCHAR = (none)  raw tag key read into value_6
-- @param key_7 VARCHAR = (none)  raw tag key read into value_7
-- @param key_8 VARCHAR = (none)  raw tag key read into value_8
-- @returns billing_period, account_id, account_name, service_name, charge_category, product_code, value_1, value_2, value_3, value_4, value_5, value_6, value_7, value_8, lines, billed_cost, effective_cost
SELECT
  CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
  SubAccountId AS account_id,
  min(SubAccountName) AS account_name,
  ServiceName AS service_name,
  ChargeCategory AS charge_category,
  x_ProductCode AS product_code,
  element_at(Tags, $key_1) AS value_1,
  element_at(Tags, $key_2) AS value_2,
  element_at(Tags, $key_3) AS value_3,
  element_at(Tags, $key_4) AS value_4,
  element_at(Tags, $key_5) AS value_5,
  element_at(Tags, $key_6) AS value_6,
  element_at(Tags, $key_7) AS value_7,
  element_at(Tags, $key_8) AS value_8,
  count(*) AS lines,
  coalesce(sum(BilledCost), CAST(0 AS DECIMAL(38,10))) AS billed_cost,
  coalesce(sum(EffectiveCost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
FROM line_items
WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
  AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
GROUP BY
  CAST(date_trunc('month', BillingPeriodStart) AS DATE), SubAccountId, ServiceName, ChargeCategory, x_ProductCode,
  element_at(Tags, $key_1), element_at(Tags, $key_2), element_at(Tags, $key_3), element_at(Tags, $key_4), element_at(Tags, $key_5), element_at(Tags, $key_6), element_at(Tags, $key_7), element_at(Tags, $key_8)
ORDER BY 1, 2, 4, 5, 6
