-- The storage resources (S3 buckets, EBS volumes and snapshots, EFS file systems, RDS instances'
-- storage) with the most storage cost charged from $from to before $to, as
-- queries/storage/storage_lines.cte.sql classifies usage lines, optionally of one storage service:
-- per resource its service, account, region, its storage class (or 'several' when its lines
-- carry more than one), cost, GB-months and the share of the service's storage cost.
-- Lines without a ResourceId are left out (they add to the service total, not to a resource).
-- The top $top by cost, then GB-months, then resource id; the limit is a filter on row_number() so the same text
-- runs on Athena.
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param service VARCHAR = all  one storage service (S3, S3 Glacier vaults, EBS volumes, EBS snapshots, EFS, RDS storage), or all
-- @param top INTEGER = 10  min=1 max=100  how many resources to list
-- @returns resource_id VARCHAR, storage_service VARCHAR, account_id VARCHAR, account_name VARCHAR, region VARCHAR, storage_class VARCHAR, cost DECIMAL, gb_months DOUBLE, share_pct DOUBLE
WITH
-- @include storage_lines.cte.sql
picked AS (
  SELECT * FROM storage_lines
  WHERE storage_service IS NOT NULL AND ($service = 'all' OR storage_service = $service)
),
per_service AS (
  SELECT storage_service, sum(cost) AS service_cost FROM picked GROUP BY storage_service
),
per_resource AS (
  SELECT
    p.resource_id,
    p.storage_service,
    max(p.account_id) AS account_id,
    max(p.account_name) AS account_name,
    max(p.region) AS region,
    CASE WHEN count(DISTINCT p.storage_class) > 1 THEN 'several' ELSE max(p.storage_class) END AS storage_class,
    coalesce(sum(p.cost), 0) AS cost,
    round(sum(p.gb_months), 6) AS gb_months
  FROM picked p
  WHERE p.resource_id IS NOT NULL AND p.resource_id <> ''
  GROUP BY p.resource_id, p.storage_service
),
ranked AS (
  SELECT
    r.*,
    round(100 * CAST(r.cost AS DOUBLE) / nullif(CAST(s.service_cost AS DOUBLE), 0), 2) AS share_pct,
    row_number() OVER (ORDER BY r.cost DESC, r.gb_months DESC, r.resource_id, r.storage_service) AS place
  FROM per_resource r
  JOIN per_service s ON s.storage_service = r.storage_service
)
SELECT resource_id, storage_service, account_id, account_name, region, storage_class, cost, gb_months, share_pct
FROM ranked
WHERE place <= $top
ORDER BY place
