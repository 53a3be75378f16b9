-- CTE fragment (included by the idle rules judged from metrics and by the rightsizing inputs, with
-- `-- @include latest_inventory.cte.sql`): what the inventory last said of each resource a query
-- judges. It reads the includer's CTEs `bounds` (window_end TIMESTAMP) and `cost_targets`
-- (resource_id: the resources the query judges and prices; window_cost_lines.cte.sql reads them
-- too) and defines latest_observation (each one's last observed_at before the end of
-- window_end's day) and inventory (that observation's row of `resources`, every column; no row
-- for a resource the inventory never saw by then).
latest_observation AS (
  SELECT r.resource_id, max(r.observed_at) AS observed_at
  FROM resources r CROSS JOIN bounds b
  WHERE r.resource_id IN (SELECT resource_id FROM cost_targets) AND r.observed_at < b.window_end + INTERVAL '1' DAY
  GROUP BY r.resource_id
),
inventory AS (
  SELECT r.*
  FROM resources r JOIN latest_observation l ON l.resource_id = r.resource_id AND l.observed_at = r.observed_at
)
