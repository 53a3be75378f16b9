-- One resource's cost per charge day (UTC) over a half-open range of days, split by usage type:
-- EffectiveCost (amortised) and BilledCost of the line items whose ResourceId is $id.
-- @param id VARCHAR  the resource id as the bill spells it (ResourceId)
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @returns day DATE, usage_type VARCHAR, effective_cost DECIMAL, billed_cost DECIMAL, lines BIGINT
SELECT
  CAST(ChargePeriodStart AS DATE) AS day,
  coalesce(x_UsageType, ChargeDescription, '(none)') AS usage_type,
  sum(EffectiveCost) AS effective_cost,
  sum(BilledCost) AS billed_cost,
  count(*) AS lines
FROM line_items
WHERE ResourceId = $id
  AND ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
  AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
GROUP BY CAST(ChargePeriodStart AS DATE), coalesce(x_UsageType, ChargeDescription, '(none)')
ORDER BY CAST(ChargePeriodStart AS DATE), sum(EffectiveCost) DESC, coalesce(x_UsageType, ChargeDescription, '(none)')
