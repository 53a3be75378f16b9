-- EC2 and RDS instances with CPU metrics in the $lookback_days days before $as_of, with what
-- rightsizing needs from the inventory and the bill: account, region, instance type (the
-- latest inventory observation up to the end of the $as_of day, else the type of the latest
-- billed instance hour), and, over the $cost_days days before $as_of (those before
-- $complete_until), the instance-hour EffectiveCost (window_cost) and quantity (hours_billed) of
-- usage types containing BoxUsage, SpotUsage, DedicatedUsage, InstanceUsage or Multi-AZUsage
-- (instance_hour_usage_types.cte.sql; each line once) on the instance's resource id (storage and
-- data transfer do not change with the size and are left out; lines longer than a day prorated by
-- time), and the latest hourly list price seen on those
-- lines. hours_billed still counts the hours that SavingsPlanNegation lines repeat (usage_daily
-- does not keep the line type): instance_commitments.sql returns them. The lines come rolled up per UTC day in
-- usage_daily (src/store/usage-daily.ts), so a midnight-aligned window takes whole days.
-- Daily figures come from metric rows at any period (60, 300, 3600 or 86400 s), derived per
-- statistic by queries/metrics/metric_days.cte.sql.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days of metrics that make an instance a candidate
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param complete_until DATE = 9999-12-31  the window cost counts no day from this one on (rightsizing gives the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, service VARCHAR, account_id VARCHAR, region VARCHAR, instance_type VARCHAR, type_source VARCHAR, state VARCHAR, window_cost DECIMAL, hours_billed DOUBLE, list_unit_price DECIMAL, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($lookback_days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
metric_filter AS (
  SELECT 'AWS/EC2' AS namespace, 'CPUUtilization' AS metric_name
  UNION ALL SELECT 'AWS/RDS' AS namespace, 'CPUUtilization' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
-- An instance has a CPU day in metric_days exactly when it has a row there that metric_days
-- derives a day from (kind not NULL): the instances are read from those rows, and metric_days
-- itself, which nothing here reads, is not computed.
instances AS (
  SELECT r.resource_id, max(CASE WHEN r.namespace = 'AWS/RDS' THEN 'rds' ELSE 'ec2' END) AS service
  FROM metric_rows r
  WHERE r.namespace IN ('AWS/EC2', 'AWS/RDS') AND r.metric_name = 'CPUUtilization' AND r.kind IS NOT NULL
  GROUP BY r.resource_id
),
cost_targets AS (
  SELECT resource_id FROM instances
),
-- @include latest_inventory.cte.sql
-- The bill is read up to the start of $complete_until when that comes before $as_of: the lines
-- of later (partial) days are not counted.
-- @include counted_days.cte.sql
-- @include window_cost_lines.cte.sql
-- @include instance_hour_usage_types.cte.sql
-- The usage types of the window's lines that are instance hours, each once: a line is kept by its
-- usage type (IN), so that it counts once whatever patterns its usage type matches.
instance_hour_types AS (
  SELECT DISTINCT li.x_UsageType AS usage_type
  FROM window_cost_lines li
  JOIN instance_hour_usage_types t ON li.x_UsageType LIKE t.usage_type_like
),
usage_buckets AS (
  SELECT
    li.ResourceId AS resource_id, li.SubAccountId AS account_id, li.RegionId AS region,
    coalesce(NULLIF(li.x_InstanceType, ''), split_part(li.x_UsageType, ':', 2)) AS instance_type,
    li.list_unit_price, li.price_start, li.latest_start,
    li.window_quantity_part AS hours,
    li.window_cost_part AS cost
  FROM window_cost_lines li
  WHERE li.x_UsageType IN (SELECT usage_type FROM instance_hour_types)
),
costs AS (
  SELECT
    resource_id,
    max(account_id) AS account_id,
    max(region) AS region,
    max_by(instance_type, latest_start) AS instance_type,
    sum(cost) AS window_cost,
    sum(hours) AS hours_billed,
    max_by(list_unit_price, price_start) AS list_unit_price
  FROM usage_buckets
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
  coalesce(k.window_cost, CAST(0 AS DECIMAL(38, 10))) AS window_cost,
  coalesce(k.hours_billed, 0) AS hours_billed,
  k.list_unit_price,
  CAST(b.cost_start AS DATE) AS cost_start,
  CAST(b.window_end AS DATE) AS cost_end
FROM instances n
CROSS JOIN bounds b
LEFT JOIN inventory i ON i.resource_id = n.resource_id
LEFT JOIN costs k ON k.resource_id = n.resource_id
ORDER BY n.resource_id
