-- CTE fragment (included by the idle rules with `-- @include resource_window_costs.cte.sql`, after
-- window_cost_lines.cte.sql and before current_hourly_rates.cte.sql, which reads it): what each
-- priced resource cost over the cost window. It reads the CTE window_cost_lines (the usage_daily
-- rows of the includer's cost_targets over the window's counted days) and defines costs, one row per
-- resource id the bill holds in that window: the account and region its lines name (account_id,
-- region: the greatest, should they differ), window_cost (the sum of their prorated EffectiveCost)
-- and latest_end (the end of its latest usage bucket).
costs AS (
  SELECT
    li.ResourceId AS resource_id,
    max(li.SubAccountId) AS account_id,
    max(li.RegionId) AS region,
    sum(li.window_cost_part) AS window_cost,
    max(li.last_end) AS latest_end
  FROM window_cost_lines li
  GROUP BY li.ResourceId
)
