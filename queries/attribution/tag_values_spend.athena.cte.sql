-- CTE fragment, Athena (Trino) form of tag_values_spend.cte.sql (which says who includes it and
-- what it defines): the organisation's CUR view has no tag_sets, so the includer's spend_lines
-- carry each line's Tags in place of x_TagSetId and the values of $tag_keys are read per line;
-- element_at returns NULL for a missing key where Tags[key] would fail.
line_values AS (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
    SubAccountId, SubAccountName, ServiceName, ChargeCategory, x_ProductCode, lines, billed_cost, effective_cost,
    transform($tag_keys, k -> element_at(Tags, k)) AS value_list
  FROM spend_lines
),
spend_by_tag_values AS (
  SELECT
    billing_period,
    SubAccountId AS account_id,
    min(SubAccountName) AS account_name,
    ServiceName AS service_name,
    ChargeCategory AS charge_category,
    x_ProductCode AS product_code,
    CAST(value_list AS JSON) AS tag_values,
    sum(lines) AS lines,
    coalesce(sum(billed_cost), CAST(0 AS DECIMAL(38,10))) AS billed_cost,
    coalesce(sum(effective_cost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
  FROM line_values
  GROUP BY billing_period, SubAccountId, ServiceName, ChargeCategory, x_ProductCode, value_list
)
