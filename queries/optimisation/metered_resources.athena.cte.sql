-- CTE fragment, Athena form of metered_resources.cte.sql (which says who includes it): Athena holds
-- the bill, not the metrics, so no resource is left to the metric rules (idle runs them on the
-- local store only): metered_resources (resource_id) has no row.
metered_resources AS (
  SELECT CAST(NULL AS VARCHAR) AS resource_id WHERE 1 = 0
)
