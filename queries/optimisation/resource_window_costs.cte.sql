-- CTE fragment (included by the idle rules with `-- @include resource_window_costs.cte.sql`, after
-- window_cost_lines.cte.sql and before current_hourly_rates.cte.sql, which reads it): what each
-- priced resource cost over the cost window. It reads the CTE window_cost_lines (the usage_daily
-- rows of the includer's cost_targets over the window's counted days) and defines costs, one row per
-- resource id the bill holds in that window: the account and region its lines name (account_id,
-- region: the greatest, should they differ), window_cost (the sum of their prorated EffectiveCost),
-- latest_end (the end of its latest usage bucket) and instance_type, the instance type (or DB
-- instance class) the bill gives it, for the EC2 and RDS rules to use where the inventory names
-- none: x_InstanceType of its lines (the greatest), else the part after the first ':' of an
-- instance-hour usage type, EC2's (…BoxUsage:m5.large → m5.large) or RDS's (…Usage:db.t3.medium →
-- db.t3.medium); a resource id is one service's, so an instance has only its own service's.
costs AS (
  SELECT
    li.ResourceId AS resource_id,
    max(li.SubAccountId) AS account_id,
    max(li.RegionId) AS region,
    sum(li.window_cost_part) AS window_cost,
    max(li.last_end) AS latest_end,
    coalesce(max(li.x_InstanceType), max(CASE WHEN li.x_UsageType LIKE '%BoxUsage:%' OR li.x_UsageType LIKE '%Usage:db.%'
      THEN split_part(li.x_UsageType, ':', 2) END)) AS instance_type
  FROM window_cost_lines li
  GROUP BY li.ResourceId
)
