-- CTE fragment (included with `-- @include instance_hour_usage_types.cte.sql` by the queries that
-- tell an EC2 or RDS instance from the bill: billed_resources, instances_without_cpu and
-- instance_costs): the usage types of instance hours, each a LIKE pattern on x_UsageType with the
-- service it names. EC2 instance hours are those of usage types containing BoxUsage (on demand, or
-- covered by a Reserved Instance or Savings Plan), SpotUsage or DedicatedUsage; RDS DB instance
-- hours those containing InstanceUsage or Multi-AZUsage. A query keeps a line whose usage type is
-- LIKE one of them: by a join where a line seen twice changes nothing (billed_resources counts
-- resources by id, instances_without_cpu takes an instance's service as the max: rds where any RDS
-- pattern matches), else through the distinct usage types such a join gives (instance_costs, which
-- sums each line once). No AWS usage type matches two of the patterns (nor one of them and one of
-- the other kinds billed_resources tells).
-- Reads nothing; defines instance_hour_usage_types (usage_type_like, service VARCHAR: ec2 or rds).
instance_hour_usage_types AS (
  SELECT '%BoxUsage%' AS usage_type_like, 'ec2' AS service
  UNION ALL SELECT '%SpotUsage%', 'ec2'
  UNION ALL SELECT '%DedicatedUsage%', 'ec2'
  UNION ALL SELECT '%InstanceUsage%', 'rds'
  UNION ALL SELECT '%Multi-AZUsage%', 'rds'
)
