-- CTE fragment (included by idle_volumes_from_bill with `-- @include inventoried_resources.cte.sql`):
-- the resources the inventory has seen by the end of the look-back's last day, which the rules
-- that read the inventory (idle_ebs_volumes) answer for better. It reads the includer's CTE
-- `bounds` (window_end) and defines inventoried_resources (resource_id): every resource with an
-- inventory observation before the end of the $as_of day. On Athena, which holds no inventory,
-- none (inventoried_resources.athena.cte.sql).
inventoried_resources AS (
  SELECT r.resource_id
  FROM resources r CROSS JOIN bounds b
  WHERE r.resource_id IS NOT NULL AND r.observed_at < b.window_end + INTERVAL '1' DAY
)
