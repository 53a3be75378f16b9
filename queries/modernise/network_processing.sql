-- NAT gateways and the sources of inter-AZ transfer over the $days days before $as_of, with what
-- the network rules need: per NAT gateway (a resource with NatGateway-Hours lines) its hours and
-- their EffectiveCost and the GB its NatGateway-Bytes lines processed and their EffectiveCost
-- (kind 'nat'); per resource with DataTransfer-Regional-Bytes lines (traffic between Availability
-- Zones, charged on both sides) the GB and their EffectiveCost (kind 'inter-az'; hours 0). The
-- usage type of the GB lines is the latest seen. Usage lines only, by ChargePeriodStart.
-- @param as_of DATE  the window ends at the start of this day (exclusive)
-- @param days INTEGER = 30  days looked at
-- @returns kind VARCHAR, resource_id VARCHAR, account_id VARCHAR, region VARCHAR, usage_type VARCHAR, billed_days BIGINT, hours DOUBLE, hours_cost DECIMAL, gb DOUBLE, gb_cost DECIMAL, window_start DATE, window_end DATE
WITH look_back AS (
  -- The costs are summed over the look-back itself: the cost window is its days.
  SELECT CAST($days AS INTEGER) AS days, CAST($days AS INTEGER) AS cost_days
),
-- @include ../optimisation/look_back_bounds.cte.sql
network_lines AS (
  SELECT
    CASE WHEN li.x_UsageType LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-az' ELSE 'nat' END AS kind,
    li.ResourceId AS resource_id,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    li.x_UsageType AS usage_type,
    li.ChargePeriodStart AS line_start,
    CASE WHEN li.x_UsageType LIKE '%NatGateway-Hours' THEN 'hours' ELSE 'gb' END AS part,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS quantity,
    li.EffectiveCost AS cost
  FROM line_items li CROSS JOIN bounds b
  WHERE (li.x_UsageType LIKE '%NatGateway-Hours' OR li.x_UsageType LIKE '%NatGateway-Bytes' OR li.x_UsageType LIKE '%DataTransfer-Regional-Bytes')
    AND li.x_ChargeClass = 'usage'
    AND li.ResourceId IS NOT NULL AND li.ResourceId <> ''
    AND li.ChargePeriodStart >= b.window_start
    AND li.ChargePeriodStart < b.window_end
),
per_resource AS (
  SELECT
    kind,
    resource_id,
    max(account_id) AS account_id,
    max(region) AS region,
    max_by(CASE WHEN part = 'gb' THEN usage_type END, CASE WHEN part = 'gb' THEN line_start END) AS usage_type,
    count(DISTINCT CAST(line_start AS DATE)) AS billed_days,
    sum(CASE WHEN part = 'hours' THEN quantity ELSE 0 END) AS hours,
    coalesce(sum(CASE WHEN part = 'hours' THEN cost END), 0) AS hours_cost,
    sum(CASE WHEN part = 'gb' THEN quantity ELSE 0 END) AS gb,
    coalesce(sum(CASE WHEN part = 'gb' THEN cost END), 0) AS gb_cost
  FROM network_lines
  GROUP BY kind, resource_id
)
SELECT
  p.kind, p.resource_id, p.account_id, p.region, p.usage_type, p.billed_days, round(p.hours, 6) AS hours, p.hours_cost,
  round(p.gb, 6) AS gb, p.gb_cost, CAST(b.window_start AS DATE) AS window_start, CAST(b.window_end AS DATE) AS window_end
FROM per_resource p
CROSS JOIN bounds b
WHERE p.kind = 'inter-az' OR p.hours > 0
ORDER BY p.kind, p.resource_id
