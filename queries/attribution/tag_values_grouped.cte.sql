-- CTE fragment (included after tag_values_spend.cte.sql by spend_by_tag_values and
-- posted_by_tag_values, on either engine): groups the CTE valued (billing_period, SubAccountId,
-- account_name, ServiceName, ChargeCategory, x_ProductCode, value_list, lines, billed_cost,
-- effective_cost) by the values of $tag_keys, defining spend_by_tag_values: the includer's rows
-- (billing_period, account_id, account_name, service_name, charge_category, product_code,
-- tag_values, lines, billed_cost, effective_cost).
spend_by_tag_values AS (
  SELECT
    billing_period,
    SubAccountId AS account_id,
    min(account_name) AS account_name,
    ServiceName AS service_name,
    ChargeCategory AS charge_category,
    x_ProductCode AS product_code,
    CAST(value_list AS JSON) AS tag_values,
    sum(lines) AS lines,
    coalesce(sum(billed_cost), CAST(0 AS DECIMAL(38,10))) AS billed_cost,
    coalesce(sum(effective_cost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
  FROM valued
  GROUP BY billing_period, SubAccountId, ServiceName, ChargeCategory, x_ProductCode, value_list
)
