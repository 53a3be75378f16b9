-- CTE fragment (included by the rules that judge from the bill alone, idle_volumes_from_bill and
-- idle_gateways_from_bill, with `-- @include metered_resources.cte.sql`): the resources their
-- metric rules answer for better. It reads the includer's CTEs `bounds` (window_start) and
-- `cost_bounds` (cost_end: counted_days.cte.sql) and defines metered_resources (resource_id): every
-- resource with a metric row in the look-back's counted days, from window_start to cost_end.
-- On Athena, which holds no metrics, none (metered_resources.athena.cte.sql).
metered_resources AS (
  SELECT m.resource_id
  FROM metrics m CROSS JOIN bounds b CROSS JOIN cost_bounds c
  WHERE m.resource_id IS NOT NULL AND m.timestamp >= b.window_start AND m.timestamp < c.cost_end
)
