-- NAT gateways and load balancers that the bill alone shows idle: hours billed (usage type
-- ending in NatGateway-Hours or LoadBalancerUsage) on every one of the $days days before $as_of
-- and no traffic billed on that resource id in those days (NatGateway-Bytes; LCUUsage or, for
-- Classic load balancers, DataProcessing-Bytes). Only resources with no metric rows in those days
-- are listed: metrics give the better answer (idle_nat_gateways, idle_load_balancers); on Athena,
-- which holds no metrics, every one found is (metered_resources.athena.cte.sql is empty).
-- Those days stop where the cost window's counted days do (cost_bounds, counted_days.cte.sql: at
-- the start of $complete_until): a partial day after the data horizon is not a billed day, and
-- neither its lines nor its metric rows count, so an --as-of past the day after the horizon leaves
-- fewer than $days days to be billed on.
-- window_cost is the resource's EffectiveCost over the $cost_days days before $as_of.
-- hourly_rate is its current rate: the EffectiveCost of its charges on the last complete day
-- (the data horizon, or the day before $as_of when that comes first) over that day's 24 hours (a
-- line longer than a day over its own hours; a GB-month charge scaled to its month), rounded to 10
-- decimals; 0 when it has no charge on that day: it is gone (charged_until, the end of its latest charge; NULL while charged).
-- @param as_of DATE  the look-back windows end at the start of this day (exclusive)
-- @param days INTEGER = 7  days looked at
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param data_horizon DATE  the last complete day of the billing data (current_hourly_rates.cte.sql reads rates up to it)
-- @param complete_until DATE = 9999-12-31  the bill and the metrics count no day from this one on (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, kind VARCHAR, account_id VARCHAR, region VARCHAR, usage_type VARCHAR, billed_days BIGINT, billed_hours DOUBLE, traffic_quantity DOUBLE, window_start DATE, window_end DATE, window_cost DECIMAL, hourly_rate DECIMAL, charged_until TIMESTAMP, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
-- @include usage_daily_source.cte.sql
-- @include metered_resources.cte.sql
gateway_usage AS (
  SELECT
    li.ResourceId AS resource_id,
    CASE WHEN li.x_UsageType LIKE '%NatGateway-%' THEN 'nat-gateway' ELSE 'load-balancer' END AS kind,
    max(li.SubAccountId) AS account_id,
    max(li.RegionId) AS region,
    max(CASE WHEN li.x_UsageType LIKE '%NatGateway-Hours' OR li.x_UsageType LIKE '%LoadBalancerUsage' THEN li.x_UsageType END) AS usage_type,
    count(DISTINCT CASE WHEN li.x_UsageType LIKE '%NatGateway-Hours' OR li.x_UsageType LIKE '%LoadBalancerUsage'
      THEN date_trunc('day', li.bucket_start) END) AS billed_days,
    sum(CASE WHEN li.x_UsageType LIKE '%NatGateway-Hours' OR li.x_UsageType LIKE '%LoadBalancerUsage'
      THEN li.quantity END) AS billed_hours,
    coalesce(sum(CASE WHEN li.x_UsageType LIKE '%NatGateway-Bytes' OR li.x_UsageType LIKE '%LCUUsage' OR li.x_UsageType LIKE '%DataProcessing-Bytes'
      THEN li.quantity END), 0) AS traffic_quantity
  FROM usage_daily li CROSS JOIN bounds b CROSS JOIN cost_bounds c
  WHERE (li.x_UsageType LIKE '%NatGateway-Hours' OR li.x_UsageType LIKE '%NatGateway-Bytes'
      OR li.x_UsageType LIKE '%LoadBalancerUsage' OR li.x_UsageType LIKE '%LCUUsage' OR li.x_UsageType LIKE '%DataProcessing-Bytes')
    AND li.ResourceId IS NOT NULL AND li.ResourceId <> ''
    AND li.bucket_start >= b.window_start AND li.bucket_start < c.cost_end
  GROUP BY li.ResourceId, CASE WHEN li.x_UsageType LIKE '%NatGateway-%' THEN 'nat-gateway' ELSE 'load-balancer' END
),
candidates AS (
  SELECT u.*
  FROM gateway_usage u
  WHERE u.billed_days >= CAST($days AS INTEGER) AND u.traffic_quantity = 0
    AND u.resource_id NOT IN (SELECT resource_id FROM metered_resources)
),
cost_targets AS (
  SELECT resource_id FROM candidates
),
-- @include window_cost_lines.cte.sql
-- @include resource_window_costs.cte.sql
-- @include current_hourly_rates.cte.sql
-- @include priced_candidates.cte.sql
SELECT
  c.resource_id,
  c.kind,
  c.account_id,
  c.region,
  c.usage_type,
  c.billed_days,
  c.billed_hours,
  c.traffic_quantity,
  c.window_start, c.window_end, c.window_cost, c.hourly_rate, c.charged_until, c.cost_start, c.cost_end
FROM priced_candidates c
ORDER BY c.hourly_rate DESC, c.window_cost DESC, c.resource_id
