-- CTE fragment (included by storage/monthly_cost_by_class and storage/top_resources with
-- `-- @include storage_lines.cte.sql`): the usage lines (x_ChargeClass usage) charged from from to
-- before to, as storage classifies them. It reads the includer's parameters from, to (DATE)
-- and cost ('billed' or 'effective') and defines storage_lines, one row per line with:
-- month (of ChargePeriodStart), source (x_Source), resource_id, account_id, account_name, region;
-- storage_service: S3 and S3 Glacier vault storage (TimedStorage*), EBS volumes (EBS:VolumeUsage
-- by volume type, provisioned IOPS and throughput), EBS snapshots (EBS:Snapshot*), EFS (*ByteHrs),
-- RDS storage (*Storage*, *BackupUsage*, provisioned IOPS; not Aurora I/O); NULL for a line that
-- is not storage (CloudWatch's TimedStorage, log archive, is not counted: only those product codes);
-- storage_class: the S3 storage class from the usage type's suffix (none = Standard, SIA, ZIA,
-- INT-*, GlacierByteHrs, GIR, GDA, RRS), the EBS volume type, snapshot tier, EFS or RDS class;
-- gb_months: the usage quantity of size lines (GB-months; IOPS and throughput lines NULL, adding nothing);
-- cost: BilledCost or EffectiveCost by cost.
storage_lines AS (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    li.x_Source AS source,
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
    -- storage size lines are billed in GB-months; IOPS and throughput lines are not sizes: NULL, so a class or resource of them alone has no GB-months (not 0)
    CASE WHEN li.x_UsageType LIKE '%EBS:VolumeP-%' OR li.x_UsageType LIKE '%PIOPS' THEN NULL
      ELSE coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) END AS gb_months,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM line_items li
  WHERE li.x_ChargeClass = 'usage'
    AND li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
)
