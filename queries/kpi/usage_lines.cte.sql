-- CTE fragment included by the three KPI queries (ebs_storage_by_type, ec2_compute_by_type,
-- s3_storage_by_class): kpi_lines is every usage line (x_ChargeClass usage) charged from $from to
-- before $to, with the month of its ChargePeriodStart, its usage account and team_raw, the line's
-- raw value of the team tag: the first of the raw keys $tag_keys carrying a non-blank value
-- (src/analyze/attribution/tag-values.ts turns it into the team, as the weekly report does). Each
-- query picks its lines by product and usage type and groups them by these columns.
-- usage_lines.athena.cte.sql is its Athena form.
kpi_lines AS (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    li.SubAccountId AS account_id,
    list_filter(list_transform($tag_keys, k -> li.Tags[k]), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> '')[1] AS team_raw,
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
