-- CTE fragment (included with `-- @include tag_values_spend.cte.sql` by spend_by_tag_values, over
-- tag_spend_daily, and posted_by_tag_values, over the posted fees of line_items; their Athena forms
-- read tag_values_spend.athena.cte.sql in its place): the grouping attribution reads. It reads the
-- includer's CTE spend_lines (BillingPeriodStart, SubAccountId, SubAccountName, ServiceName,
-- ChargeCategory, x_ProductCode, x_TagSetId (on Athena Tags), and lines, billed_cost,
-- effective_cost: the includer's lines in range, or their sums) and its parameter $tag_keys, and
-- defines valued: the includer's lines grouped first by tag set (x_TagSetId), each with the values
-- of $tag_keys read from the few distinct tag_sets (value_list); tag_values_grouped.cte.sql, included
-- after it, groups them by value.
by_tag_set AS (
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
  FROM spend_lines
  GROUP BY CAST(date_trunc('month', BillingPeriodStart) AS DATE), SubAccountId, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId
),
valued AS (
  SELECT g.*, list_transform($tag_keys, k -> s.Tags[k]) AS value_list
  FROM by_tag_set g
  LEFT JOIN tag_sets s ON s.tag_set_id = g.x_TagSetId
)
