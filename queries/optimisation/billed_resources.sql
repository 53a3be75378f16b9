-- The resources the bill charged, per kind, in each kind's look-back: the days before $as_of (on
-- the days before $complete_until) that a rule judging that kind looks back on, so that a command
-- whose rules could not judge them (idle without metrics or inventory, rightsizing without CPU
-- metrics, either on Athena, which holds neither) says how many it left unjudged. A kind is told
-- by the usage type, as the rules tell it: EC2 instances by instance hours (BoxUsage, SpotUsage,
-- DedicatedUsage), RDS instances by InstanceUsage or Multi-AZUsage (the patterns of
-- instance_hour_usage_types.cte.sql, which instance_costs.sql and instances_without_cpu.sql read
-- too), EBS volumes by EBS:VolumeUsage storage, load balancers by LoadBalancerUsage hours and NAT
-- gateways by NatGateway-Hours (kind_usage_types). Resources are counted by id (lines
-- without one name none); a kind given 0 days is not counted. Read from usage_daily (on Athena
-- rolled up from line_items: usage_daily_source.cte.sql).
-- @param as_of DATE  the look-backs end at the start of this day (exclusive)
-- @param ec2_days INTEGER = 14  min=0  days of the EC2 instances' look-back
-- @param rds_days INTEGER = 7  min=0  days of the RDS instances' look-back
-- @param ebs_days INTEGER = 7  min=0  days of the EBS volumes' look-back
-- @param load_balancer_days INTEGER = 7  min=0  days of the load balancers' look-back
-- @param nat_days INTEGER = 7  min=0  days of the NAT gateways' look-back
-- @param complete_until DATE = 9999-12-31  no day from this one on is counted (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns kind VARCHAR, resources BIGINT
WITH look_back AS (
  SELECT
    greatest(CAST($ec2_days AS INTEGER), CAST($rds_days AS INTEGER), CAST($ebs_days AS INTEGER), CAST($load_balancer_days AS INTEGER), CAST($nat_days AS INTEGER)) AS days,
    greatest(CAST($ec2_days AS INTEGER), CAST($rds_days AS INTEGER), CAST($ebs_days AS INTEGER), CAST($load_balancer_days AS INTEGER), CAST($nat_days AS INTEGER)) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
-- @include usage_daily_source.cte.sql
kinds AS (
  SELECT 'ec2-instance' AS kind, CAST($ec2_days AS INTEGER) AS days
  UNION ALL SELECT 'rds-instance', CAST($rds_days AS INTEGER)
  UNION ALL SELECT 'ebs-volume', CAST($ebs_days AS INTEGER)
  UNION ALL SELECT 'load-balancer', CAST($load_balancer_days AS INTEGER)
  UNION ALL SELECT 'nat-gateway', CAST($nat_days AS INTEGER)
),
-- @include instance_hour_usage_types.cte.sql
kind_usage_types AS (
  SELECT CASE service WHEN 'ec2' THEN 'ec2-instance' ELSE 'rds-instance' END AS kind, usage_type_like FROM instance_hour_usage_types
  UNION ALL SELECT 'ebs-volume', '%EBS:VolumeUsage%'
  UNION ALL SELECT 'load-balancer', '%LoadBalancerUsage'
  UNION ALL SELECT 'nat-gateway', '%NatGateway-Hours'
),
billed AS (
  SELECT t.kind, u.ResourceId AS resource_id, u.bucket_start, u.bucket_end
  FROM usage_daily u
  CROSS JOIN cost_bounds c
  JOIN kind_usage_types t ON u.x_UsageType LIKE t.usage_type_like
  WHERE u.ResourceId IS NOT NULL AND u.ResourceId <> ''
    AND u.bucket_start < c.cost_end AND u.bucket_end > c.cost_start
)
SELECT k.kind, count(DISTINCT r.resource_id) AS resources
FROM billed r
JOIN kinds k ON k.kind = r.kind
CROSS JOIN bounds b
CROSS JOIN cost_bounds c
WHERE k.days > 0 AND r.bucket_end > b.window_end - k.days * INTERVAL '1' DAY AND r.bucket_start < c.cost_end
GROUP BY k.kind
ORDER BY k.kind
