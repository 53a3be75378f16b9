-- CTE fragment, Athena (Trino) form of tag_values_spend.cte.sql (which says who includes it and
-- what it defines): the organisation's CUR view has no tag_sets, so the includer's spend_lines
-- carry each line's Tags in place of x_TagSetId and the values of $tag_keys are read per line;
-- element_at returns NULL for a missing key where Tags[key] would fail.
valued AS (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
    SubAccountId, SubAccountName AS account_name, ServiceName, ChargeCategory, x_ProductCode, lines, billed_cost, effective_cost,
    transform($tag_keys, k -> element_at(Tags, k)) AS value_list
  FROM spend_lines
)
