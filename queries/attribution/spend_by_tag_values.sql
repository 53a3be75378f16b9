-- BilledCost and EffectiveCost per billing period, account, service, charge category and product
-- code, and per values of up to eight raw tag keys (NULL where a line lacks the key). Attribution
-- normalises keys and values, applies account defaults and shared-cost rules in TypeScript over
-- this aggregate, which stays small however many line items the range holds. Lines are grouped
-- by their tag set (x_TagSetId) first; tag values are read from the few distinct tag_sets. The
-- lines come rolled up per charge day in tag_spend_daily (src/store/tag-spend.ts); the Athena
-- twin reads line_items.
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
WITH grouped AS (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
    SubAccountId,
    min(SubAccountName) AS account_name,
    ServiceName,
    ChargeCategory,
    x_ProductCode,
    x_TagSetId,
    sum(lines) AS lines,
    sum(billed_cost) AS billed_cost,
    sum(effective_cost) AS effective_cost
  FROM tag_spend_daily
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND day >= CAST($charge_from AS DATE) AND day < CAST($charge_to AS DATE)
  GROUP BY CAST(date_trunc('month', BillingPeriodStart) AS DATE), SubAccountId, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId
)
SELECT
  g.billing_period,
  g.SubAccountId AS account_id,
  min(g.account_name) AS account_name,
  g.ServiceName AS service_name,
  g.ChargeCategory AS charge_category,
  g.x_ProductCode AS product_code,
  s.Tags[$key_1] AS value_1,
  s.Tags[$key_2] AS value_2,
  s.Tags[$key_3] AS value_3,
  s.Tags[$key_4] AS value_4,
  s.Tags[$key_5] AS value_5,
  s.Tags[$key_6] AS value_6,
  s.Tags[$key_7] AS value_7,
  s.Tags[$key_8] AS value_8,
  sum(g.lines) AS lines,
  coalesce(sum(g.billed_cost), CAST(0 AS DECIMAL(38,10))) AS billed_cost,
  coalesce(sum(g.effective_cost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
FROM grouped g
LEFT JOIN tag_sets s ON s.tag_set_id = g.x_TagSetId
GROUP BY
  g.billing_period, g.SubAccountId, g.ServiceName, g.ChargeCategory, g.x_ProductCode,
  s.Tags[$key_1], s.Tags[$key_2], s.Tags[$key_3], s.Tags[$key_4], s.Tags[$key_5], s.Tags[$key_6], s.Tags[$key_7], s.Tags[$key_8]
ORDER BY 1, 2, 4, 5, 6
