-- EC2 and RDS instances the bill charged for instance hours in the $lookback_days days before
-- $as_of (on the days before $complete_until) that have no CPU metric in the store: no row of
-- CPUUtilization in AWS/EC2 or AWS/RDS for their resource id, at any time, statistic or period.
-- Rightsizing cannot judge them, so it says how many there are per service and what to do (an
-- instance with CPU rows that it cannot use is counted by metrics/metric_rows.sql instead).
-- Instance hours are those of instance_costs.sql (instance_hour_usage_types.cte.sql): usage types
-- containing BoxUsage, SpotUsage or DedicatedUsage (EC2) or InstanceUsage or Multi-AZUsage (RDS; an
-- instance with both is counted under RDS), read from usage_daily (lines
-- without a resource id name no instance and are left out). billed_resources.sql counts the same
-- instances without leaving out those with CPU metrics (its Athena twin cannot read metrics): the
-- two agree on a store without CPU metrics only (the demo's bill alone: 92 EC2, 6 RDS; with its
-- metrics this query finds none).
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days of the bill looked at
-- @param complete_until DATE = 9999-12-31  no day from this one on is counted (rightsizing gives the day after the data horizon: a partial day is not counted)
-- @returns service VARCHAR, instances BIGINT
WITH look_back AS (
  SELECT CAST($lookback_days AS INTEGER) AS days, CAST($lookback_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
-- @include instance_hour_usage_types.cte.sql
billed AS (
  SELECT u.ResourceId AS resource_id, max(t.service) AS service
  FROM usage_daily u
  CROSS JOIN cost_bounds c
  JOIN instance_hour_usage_types t ON u.x_UsageType LIKE t.usage_type_like
  WHERE u.ResourceId IS NOT NULL AND u.ResourceId <> ''
    AND u.bucket_start < c.cost_end AND u.bucket_end > c.cost_start
  GROUP BY u.ResourceId
)
SELECT b.service, count(*) AS instances
FROM billed b
WHERE NOT EXISTS (
  SELECT 1 FROM metrics m
  WHERE m.resource_id = b.resource_id AND m.metric_name = 'CPUUtilization' AND m.namespace IN ('AWS/EC2', 'AWS/RDS')
)
GROUP BY b.service
ORDER BY b.service
