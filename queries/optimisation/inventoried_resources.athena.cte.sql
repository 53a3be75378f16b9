-- CTE fragment, Athena form of inventoried_resources.cte.sql (which says who includes it): Athena
-- holds the bill, not the inventory, so no resource is left to the rules that read it (idle runs
-- them on the local store only): inventoried_resources (resource_id) has no row.
inventoried_resources AS (
  SELECT CAST(NULL AS VARCHAR) AS resource_id WHERE 1 = 0
)
