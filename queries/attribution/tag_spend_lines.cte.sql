-- CTE fragment (included with `-- @include tag_spend_lines.cte.sql` by spend_by_tag_values; its
-- Athena form reads tag_spend_lines.athena.cte.sql in its place): defines spend_lines, the lines
-- tag_values_spend.cte.sql groups, from tag_spend_daily, the lines rolled up per charge day and
-- tag set (src/store/tag-spend.ts): BillingPeriodStart, SubAccountId, SubAccountName, ServiceName,
-- ChargeCategory, x_ProductCode, x_TagSetId and the sums lines, billed_cost, effective_cost, in the
-- includer's billing and charge ranges ($billing_from, $billing_to, $charge_from, $charge_to) and
-- charge classes ($charges), without the lines of the sources $exclude_sources.
spend_lines AS (
  SELECT BillingPeriodStart, SubAccountId, SubAccountName, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId, lines, billed_cost, effective_cost
  FROM tag_spend_daily
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND day >= CAST($charge_from AS DATE) AND day < CAST($charge_to AS DATE)
    AND ($charges = 'all' OR charge_class = 'usage')
    AND NOT contains($exclude_sources, coalesce(x_Source, ''))
)
