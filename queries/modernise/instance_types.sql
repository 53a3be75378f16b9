-- EC2 instances (on-demand or reservation-covered usage types containing BoxUsage) and RDS DB
-- instances (InstanceUsage:db. or Multi-AZUsage:db.) that the bill charged on the last day before
-- $as_of, with what the modernisation rules need: the instance type (x_InstanceType, else the
-- usage type's text after ':'), the operation (RunInstances = Linux; RunInstances:NNNN another
-- platform), the instance hours billed on that day and the hours its lines cover there, the
-- day's instance-hour EffectiveCost and the current hourly rate (that cost over the day's 24 h,
-- rounded to 10 decimals, as the idle rules take it: an instance run 8 h a day costs a third of
-- one run all day, whatever its price while it runs), the latest list price per hour,
-- and the instance-hour EffectiveCost over the $cost_days days before $as_of (lines crossing a
-- boundary prorated by time). Spot and dedicated hours are left out (their prices do not follow
-- the on-demand ratio). Usage lines only. SavingsPlanNegation lines count no hours: they repeat
-- those of the covered usage they cancel.
-- @param as_of DATE  the last day looked at is the day before this one (windows end at its start, exclusive)
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @returns resource_id VARCHAR, service VARCHAR, account_id VARCHAR, region VARCHAR, usage_type VARCHAR, instance_type VARCHAR, operation VARCHAR, day_hours DOUBLE, covered_hours DOUBLE, day_cost DECIMAL, hourly_rate DECIMAL, list_unit_price DECIMAL, window_cost DECIMAL, day_start DATE, cost_start DATE, cost_end DATE
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - INTERVAL '1' DAY AS day_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start
),
resource_lines AS (
  SELECT
    li.ResourceId AS resource_id,
    CASE WHEN li.x_UsageType LIKE '%BoxUsage%' THEN 'ec2' ELSE 'rds' END AS service,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    li.x_UsageType AS usage_type,
    coalesce(NULLIF(li.x_InstanceType, ''), split_part(li.x_UsageType, ':', 2)) AS instance_type,
    li.x_Operation AS operation,
    li.ChargePeriodStart AS line_start,
    coalesce(li.ChargePeriodEnd, li.ChargePeriodStart) AS line_end,
    CASE WHEN coalesce(li.x_LineItemType, '') = 'SavingsPlanNegation' THEN 0 ELSE coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount) END AS quantity,
    li.EffectiveCost AS cost,
    li.ListUnitPrice AS list_unit_price
  FROM line_items li CROSS JOIN bounds b
  WHERE (li.x_UsageType LIKE '%BoxUsage%' OR li.x_UsageType LIKE '%InstanceUsage:db.%' OR li.x_UsageType LIKE '%Multi-AZUsage:db.%')
    AND li.x_ChargeClass = 'usage'
    AND li.ResourceId IS NOT NULL AND li.ResourceId <> ''
    AND li.ChargePeriodStart < b.window_end
    AND coalesce(li.ChargePeriodEnd, li.ChargePeriodStart) >= b.cost_start
),
-- @include line_shares.cte.sql
per_instance AS (
  SELECT
    s.resource_id,
    max(s.service) AS service,
    max(s.account_id) AS account_id,
    max(s.region) AS region,
    max_by(s.usage_type, s.line_start) AS usage_type,
    max_by(s.instance_type, s.line_start) AS instance_type,
    max_by(s.operation, s.line_start) AS operation,
    max(CASE WHEN s.day_share > 0 THEN 1 ELSE 0 END) AS on_day,
    sum(s.quantity * s.day_share) AS day_hours,
    min(CASE WHEN s.day_share > 0 AND s.quantity > 0 THEN s.day_from END) AS covered_from,
    max(CASE WHEN s.day_share > 0 AND s.quantity > 0 THEN s.day_to END) AS covered_to,
    sum(CASE WHEN s.day_share >= 1 THEN s.cost
      WHEN s.day_share > 0 THEN CAST(CAST(s.cost AS DOUBLE) * s.day_share AS DECIMAL(38, 10)) ELSE CAST(0 AS DECIMAL(38, 10)) END) AS day_cost,
    max_by(s.list_unit_price, CASE WHEN s.list_unit_price IS NOT NULL THEN s.line_start END) AS list_unit_price,
    sum(CASE WHEN s.window_share >= 1 THEN s.cost
      WHEN s.window_share > 0 THEN CAST(CAST(s.cost AS DOUBLE) * s.window_share AS DECIMAL(38, 10)) ELSE CAST(0 AS DECIMAL(38, 10)) END) AS window_cost
  FROM shares s
  GROUP BY s.resource_id
)
SELECT
  p.resource_id,
  p.service,
  p.account_id,
  p.region,
  p.usage_type,
  p.instance_type,
  p.operation,
  p.day_hours,
  date_diff('second', p.covered_from, p.covered_to) / 3600.0 AS covered_hours,
  p.day_cost,
  CAST(round(CAST(p.day_cost AS DOUBLE) / 24, 10) AS DECIMAL(38, 10)) AS hourly_rate,
  p.list_unit_price,
  p.window_cost,
  CAST(b.day_start AS DATE) AS day_start,
  CAST(b.cost_start AS DATE) AS cost_start,
  CAST(b.window_end AS DATE) AS cost_end
FROM per_instance p
CROSS JOIN bounds b
WHERE p.on_day = 1 AND p.covered_to > p.covered_from
ORDER BY p.resource_id
