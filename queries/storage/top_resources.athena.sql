-- Athena (Trino) form: the same text; every construct here runs on both engines (CASE, LIKE,
-- date_trunc, half-open ranges, row_number() for the limit).
-- The storage resources (S3 buckets, EBS volumes and snapshots, EFS file systems, RDS instances'
-- storage) with the most storage cost charged from $from to before $to, as
-- storage/monthly_cost_by_class classifies usage lines, optionally of one storage service:
-- per resource its service, account, region, its storage class (or 'several' when its lines
-- carry more than one), cost, GB-months and the share of the service's storage cost.
-- Lines without a ResourceId are left out (they add to the service total, not to a resource).
-- The top $top by cost, then GB-months, then resource id; the limit is a filter on row_number() so the same text
-- runs on Athena.
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  the cost to sum (one of: billed, effective)
-- @param service VARCHAR = all  one storage service (S3, S3 Glacier vaults, EBS volumes, EBS snapshots, EFS, RDS storage), or all
-- @param top INTEGER = 10  how many resources to list (1 to 100)
-- @returns resource_id, storage_service, account_id, account_name, region, storage_class, cost, gb_months, share_pct
WITH storage_lines AS (
  SELECT
    li.ResourceId AS resource_id,
    li.SubAccountId AS account_id,
    li.SubAccountName AS account_name,
    li.RegionId AS region,
    CASE
      WHEN li.x_ProductCode = 'AmazonS3' AND li.x_UsageType LIKE '%TimedStorage%' THEN 'S3'
      WHEN li.x_ProductCode = 'AmazonGlacier' AND li.x_UsageType LIKE '%TimedStorage%' THEN 'S3 Glacier vaults'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage%' OR li.x_UsageType LIKE '%EBS:VolumeP-IOPS%' OR li.x_UsageType LIKE '%EBS:VolumeP-Throughput%' THEN 'EBS volumes'
      WHEN li.x_UsageType LIKE '%EBS:Snapshot%' THEN 'EBS snapshots'
      WHEN li.x_ProductCode = 'AmazonEFS' AND li.x_UsageType LIKE '%ByteHrs%' THEN 'EFS'
      WHEN li.x_ProductCode = 'AmazonRDS' AND (li.x_UsageType LIKE '%Storage%' OR li.x_UsageType LIKE '%BackupUsage%' OR li.x_UsageType LIKE '%PIOPS')
        AND li.x_UsageType NOT LIKE '%StorageIOUsage%' THEN 'RDS storage'
    END AS storage_service,
    CASE
      WHEN li.x_UsageType LIKE '%TimedStorage-ByteHrs' AND li.x_ProductCode IN ('AmazonS3', 'AmazonEFS') THEN 'Standard'
      WHEN li.x_UsageType LIKE '%TimedStorage-ByteHrs' AND li.x_ProductCode = 'AmazonGlacier' THEN 'Glacier vault'
      WHEN li.x_UsageType LIKE '%TimedStorage-SIA-%' THEN 'Standard-IA'
      WHEN li.x_UsageType LIKE '%TimedStorage-ZIA-%' THEN 'One Zone-IA'
      WHEN li.x_UsageType LIKE '%TimedStorage-INT-FA-%' THEN 'Intelligent-Tiering frequent'
      WHEN li.x_UsageType LIKE '%TimedStorage-INT-IA-%' THEN 'Intelligent-Tiering infrequent'
      WHEN li.x_UsageType LIKE '%TimedStorage-INT-%' THEN 'Intelligent-Tiering archive'
      WHEN li.x_UsageType LIKE '%TimedStorage-GlacierByteHrs' THEN 'Glacier Flexible Retrieval'
      WHEN li.x_UsageType LIKE '%TimedStorage-GIR-%' THEN 'Glacier Instant Retrieval'
      WHEN li.x_UsageType LIKE '%TimedStorage-GDA-%' THEN 'Glacier Deep Archive'
      WHEN li.x_UsageType LIKE '%TimedStorage-RRS-%' THEN 'Reduced Redundancy'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage.gp2' THEN 'gp2'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage.gp3' THEN 'gp3'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage.piops' THEN 'io1'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage.io2' THEN 'io2'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage.st1' THEN 'st1'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage.sc1' THEN 'sc1'
      WHEN li.x_UsageType LIKE '%EBS:VolumeUsage' THEN 'magnetic'
      WHEN li.x_UsageType LIKE '%EBS:VolumeP-IOPS%' THEN 'provisioned IOPS'
      WHEN li.x_UsageType LIKE '%EBS:VolumeP-Throughput%' THEN 'provisioned throughput'
      WHEN li.x_UsageType LIKE '%EBS:SnapshotArchive%' THEN 'snapshot archive'
      WHEN li.x_UsageType LIKE '%EBS:SnapshotUsage%' THEN 'snapshot standard'
      WHEN li.x_UsageType LIKE '%IATimedStorage%' THEN 'Infrequent Access'
      WHEN li.x_UsageType LIKE '%ArchiveTimedStorage%' THEN 'Archive'
      WHEN li.x_UsageType LIKE '%TimedStorage-Z-%' THEN 'One Zone'
      WHEN li.x_UsageType LIKE '%Aurora:Storage%' THEN 'Aurora'
      WHEN li.x_UsageType LIKE '%BackupUsage%' THEN 'backup'
      WHEN li.x_UsageType LIKE '%PIOPS' THEN 'provisioned IOPS'
      WHEN li.x_UsageType LIKE '%GP2-Storage%' THEN 'gp2'
      WHEN li.x_UsageType LIKE '%GP3-Storage%' THEN 'gp3'
      WHEN li.x_UsageType LIKE '%PIOPS-Storage%' THEN 'io1'
      WHEN li.x_UsageType LIKE '%Storage%' THEN 'magnetic'
      ELSE 'other'
    END AS storage_class,
    -- storage size lines are billed in GB-months; IOPS and throughput lines are not sizes
    CASE WHEN li.x_UsageType LIKE '%EBS:VolumeP-%' OR li.x_UsageType LIKE '%PIOPS' THEN 0
      ELSE coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) END AS gb_months,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM line_items li
  WHERE li.x_ChargeClass = 'usage'
    AND li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
),
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
