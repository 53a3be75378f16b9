-- CTE fragment (included by the idle rules that judge resources by their id with
-- `-- @include priced_candidates.cte.sql`, after current_hourly_rates.cte.sql): the includer's
-- candidates with what the bill says they cost. It reads the includer's CTEs `candidates`
-- (resource_id and the rule's own columns), `bounds` (look_back_bounds.cte.sql), `costs`
-- (resource_window_costs.cte.sql) and `rates` (current_hourly_rates.cte.sql), and defines
-- priced_candidates: one row per candidate, every column of it, and
--   billed_account_id, billed_region, billed_instance_type: the account, region and instance type
--     of its lines in the cost window (resource_window_costs.cte.sql; NULL without any; a rule
--     prefers the inventory's where it has one);
--   window_start, window_end: the look-back's days (DATE, the end exclusive);
--   window_cost: its EffectiveCost over the cost window's counted days (0 without lines);
--   hourly_rate, charged_until: its current rate, and when its charges stopped if it is gone
--     (current_hourly_rates.cte.sql; a rate of 0 without lines);
--   cost_start, cost_end: the cost window (DATE, the end exclusive: the as-of day).
priced_candidates AS (
  SELECT
    c.*,
    k.account_id AS billed_account_id,
    k.region AS billed_region,
    k.instance_type AS billed_instance_type,
    CAST(b.window_start AS DATE) AS window_start,
    CAST(b.window_end AS DATE) AS window_end,
    coalesce(k.window_cost, CAST(0 AS DECIMAL(38, 10))) AS window_cost,
    coalesce(r.hourly_rate, CAST(0 AS DECIMAL(38, 10))) AS hourly_rate,
    r.charged_until,
    CAST(b.cost_start AS DATE) AS cost_start,
    CAST(b.window_end AS DATE) AS cost_end
  FROM candidates c
  CROSS JOIN bounds b
  LEFT JOIN costs k ON k.resource_id = c.resource_id
  LEFT JOIN rates r ON r.resource_id = c.resource_id
)
