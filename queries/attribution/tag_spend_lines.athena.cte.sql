-- CTE fragment, Athena (Trino) form of tag_spend_lines.cte.sql (which says who includes it and
-- what it defines): the organisation's CUR view has no rollup and no tag sets, so spend_lines is
-- every line of line_items in range with its Tags (tag_values_spend.athena.cte.sql reads them per
-- line), each counting one line and its BilledCost and EffectiveCost.
spend_lines AS (
  SELECT BillingPeriodStart, SubAccountId, SubAccountName, ServiceName, ChargeCategory, x_ProductCode, Tags,
    CAST(1 AS BIGINT) AS lines, BilledCost AS billed_cost, EffectiveCost AS effective_cost
  FROM line_items
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
    AND ($charges = 'all' OR x_ChargeClass = 'usage')
    AND NOT contains($exclude_sources, coalesce(x_Source, ''))
)
