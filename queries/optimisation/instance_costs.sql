-- EC2 and RDS instances with CPU metrics in the $lookback_days days before $as_of, with what
-- rightsizing needs from the inventory and the bill: account, region, instance type (the
-- latest inventory observation up to the end of the $as_of day, else the type of the latest
-- billed instance hour), and the instance-hour EffectiveCost over the $cost_days days before
-- $as_of (usage types containing BoxUsage, SpotUsage, DedicatedUsage, InstanceUsage or
-- Multi-AZUsage on the instance's resource id; storage and data transfer do not change with the
-- size and are left out; edge lines prorated by time), the hours billed and the latest hourly
-- list price seen on those lines.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days of metrics that make an instance a candidate
-- @param cost_days INTEGER = 30  days of the bill that make the monthly cost
-- @param period_s INTEGER = 86400  metric period used (daily rows)
-- @returns resource_id, service, account_id, region, instance_type, type_source, state, monthly_cost, billed_hours, list_unit_price, cost_start, cost_end
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($lookback_days AS INTEGER) * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start
),
instances AS (
  SELECT m.resource_id, max(CASE WHEN m.namespace = 'AWS/RDS' THEN 'rds' ELSE 'ec2' END) AS service
  FROM metrics m CROSS JOIN bounds b
  WHERE m.namespace IN ('AWS/EC2', 'AWS/RDS') AND m.metric_name = 'CPUUtilization'
    AND m.period_s = CAST($period_s AS INTEGER)
    AND m.timestamp >= b.window_start AND m.timestamp < b.window_end
  GROUP BY m.resource_id
),
latest_observation AS (
  SELECT r.resource_id, max(r.observed_at) AS observed_at
  FROM resources r CROSS JOIN bounds b
  WHERE r.resource_id IN (SELECT resource_id FROM instances) AND r.observed_at < b.window_end + INTERVAL '1' DAY
  GROUP BY r.resource_id
),
inventory AS (
  SELECT r.resource_id, r.account_id, r.region, r.instance_type, r.state
  FROM resources r JOIN latest_observation l ON l.resource_id = r.resource_id AND l.observed_at = r.observed_at
),
instance_lines AS (
  SELECT
    li.ResourceId AS resource_id,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    coalesce(NULLIF(li.x_InstanceType, ''), split_part(li.x_UsageType, ':', 2)) AS instance_type,
    li.ChargePeriodStart,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount) AS hours,
    li.ListUnitPrice,
    CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.window_end) THEN li.EffectiveCost
      ELSE CAST(CAST(li.EffectiveCost AS DOUBLE)
        * date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.window_end))
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd) AS DECIMAL(38, 10))
    END AS cost
  FROM line_items li CROSS JOIN bounds b
  WHERE li.ResourceId IN (SELECT resource_id FROM instances)
    AND (li.x_UsageType LIKE '%BoxUsage%' OR li.x_UsageType LIKE '%SpotUsage%' OR li.x_UsageType LIKE '%DedicatedUsage%'
      OR li.x_UsageType LIKE '%InstanceUsage%' OR li.x_UsageType LIKE '%Multi-AZUsage%')
    AND li.ChargePeriodStart < b.window_end
    AND (li.ChargePeriodStart >= b.cost_start OR li.ChargePeriodEnd > b.cost_start)
),
costs AS (
  SELECT
    resource_id,
    max(account_id) AS account_id,
    max(region) AS region,
    max_by(instance_type, ChargePeriodStart) AS instance_type,
    sum(cost) AS monthly_cost,
    sum(hours) AS billed_hours,
    max_by(ListUnitPrice, ChargePeriodStart) AS list_unit_price
  FROM instance_lines
  GROUP BY resource_id
)
SELECT
  n.resource_id,
  n.service,
  coalesce(i.account_id, k.account_id) AS account_id,
  coalesce(i.region, k.region) AS region,
  coalesce(i.instance_type, k.instance_type) AS instance_type,
  CASE WHEN i.instance_type IS NOT NULL THEN 'inventory' WHEN k.instance_type IS NOT NULL THEN 'bill' END AS type_source,
  i.state,
  coalesce(k.monthly_cost, CAST(0 AS DECIMAL(38, 10))) AS monthly_cost,
  k.billed_hours,
  k.list_unit_price,
  CAST(b.cost_start AS DATE) AS cost_start,
  CAST(b.window_end AS DATE) AS cost_end
FROM instances n
CROSS JOIN bounds b
LEFT JOIN inventory i ON i.resource_id = n.resource_id
LEFT JOIN costs k ON k.resource_id = n.resource_id
ORDER BY n.resource_id
