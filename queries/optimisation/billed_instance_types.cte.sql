-- CTE fragment (included by idle_ec2_instances and idle_rds_instances with
-- `-- @include billed_instance_types.cte.sql`, after window_cost_lines.cte.sql): the instance type
-- (or DB instance class) the bill gives each priced resource, for those the inventory does not
-- name. It reads the CTE window_cost_lines and the includer's CTE `instance_usage`
-- (usage_type_like: the LIKE pattern of the rule's instance-hour usage types, e.g. '%BoxUsage:%')
-- and defines billed_instance_types (resource_id, instance_type): x_InstanceType of its lines in the
-- cost window (the greatest), else the part after the first ':' of such a usage type
-- (BoxUsage:m5.large → m5.large).
billed_instance_types AS (
  SELECT
    li.ResourceId AS resource_id,
    coalesce(max(li.x_InstanceType), max(CASE WHEN li.x_UsageType LIKE u.usage_type_like THEN split_part(li.x_UsageType, ':', 2) END)) AS instance_type
  FROM window_cost_lines li CROSS JOIN instance_usage u
  GROUP BY li.ResourceId
)
