-- CTE fragment, Athena (Trino) form of usage_lines.cte.sql (which says who includes it and what
-- it defines): the tag is read with element_at (NULL for a missing key), filter and transform
-- where DuckDB has list_filter, list_transform and a subscript. Each query groups by team_raw as
-- a column: Trino binds each $tag_keys as a parameter of its own, so a GROUP BY expression
-- holding it would not match the SELECT's.
kpi_lines AS (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    li.SubAccountId AS account_id,
    element_at(filter(transform($tag_keys, k -> element_at(li.Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) AS team_raw,
    li.x_ProductCode,
    li.x_UsageType,
    li.x_InstanceType,
    li.x_LineItemType,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount) AS quantity,
    li.EffectiveCost AS effective_cost,
    li.ChargePeriodStart AS charge_start
  FROM line_items li
  WHERE li.x_ChargeClass = 'usage'
    AND li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
)
