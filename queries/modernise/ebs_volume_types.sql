-- EBS volumes that the bill charged for storage on the last day before $as_of, with what the
-- modernisation rules need to price a change of volume type: the storage usage type (its suffix
-- names the type: .gp2, .gp3, .piops = io1, .io2, .st1, .sc1, none = magnetic), the GB-months and
-- provisioned IOPS-months billed on that day and the hours its storage lines cover there, the
-- month's hours (AWS bills GB-months pro rata by the hour of the month, so size in GB =
-- GB-months on the day × hours in the month ÷ hours covered), the day's EffectiveCost of all its
-- volume lines (storage, IOPS, throughput) and the current hourly rate (that cost over the hours
-- covered, rounded to 10 decimals: a volume bills for every hour it exists, so a volume created
-- during the day is priced at its rate since then), and the EffectiveCost over the
-- $cost_days days before $as_of (lines crossing a boundary prorated by time). Usage lines only.
-- @param as_of DATE  the last day looked at is the day before this one (windows end at its start, exclusive)
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @returns resource_id VARCHAR, account_id VARCHAR, region VARCHAR, usage_type VARCHAR, iops_usage_type VARCHAR, day_gb_months DOUBLE, day_iops_months DOUBLE, covered_hours DOUBLE, hours_in_month BIGINT, day_cost DECIMAL, hourly_rate DECIMAL, billed_gb_rate DOUBLE, window_cost DECIMAL, day_start DATE, cost_start DATE, cost_end DATE
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - INTERVAL '1' DAY AS day_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start
),
resource_lines AS (
  SELECT
    li.ResourceId AS resource_id,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    li.x_UsageType AS usage_type,
    li.ChargePeriodStart AS line_start,
    coalesce(li.ChargePeriodEnd, li.ChargePeriodStart) AS line_end,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount) AS quantity,
    li.EffectiveCost AS cost
  FROM line_items li CROSS JOIN bounds b
  WHERE (li.x_UsageType LIKE '%EBS:VolumeUsage%' OR li.x_UsageType LIKE '%EBS:VolumeP-IOPS%' OR li.x_UsageType LIKE '%EBS:VolumeP-Throughput%')
    AND li.x_ChargeClass = 'usage'
    AND li.ResourceId IS NOT NULL AND li.ResourceId <> ''
    AND li.ChargePeriodStart < b.window_end
    AND coalesce(li.ChargePeriodEnd, li.ChargePeriodStart) >= b.cost_start
),
-- @include line_shares.cte.sql
per_volume AS (
  SELECT
    s.resource_id,
    max(s.account_id) AS account_id,
    max(s.region) AS region,
    max(CASE WHEN s.usage_type LIKE '%EBS:VolumeUsage%' AND s.day_share > 0 THEN s.usage_type END) AS usage_type,
    max(CASE WHEN s.usage_type LIKE '%EBS:VolumeP-IOPS%' AND s.day_share > 0 THEN s.usage_type END) AS iops_usage_type,
    sum(CASE WHEN s.usage_type LIKE '%EBS:VolumeUsage%' THEN s.quantity * s.day_share ELSE 0 END) AS day_gb_months,
    sum(CASE WHEN s.usage_type LIKE '%EBS:VolumeP-IOPS%' THEN s.quantity * s.day_share ELSE 0 END) AS day_iops_months,
    min(CASE WHEN s.usage_type LIKE '%EBS:VolumeUsage%' AND s.day_share > 0 AND s.quantity > 0 THEN s.day_from END) AS covered_from,
    max(CASE WHEN s.usage_type LIKE '%EBS:VolumeUsage%' AND s.day_share > 0 AND s.quantity > 0 THEN s.day_to END) AS covered_to,
    sum(CASE WHEN s.day_share >= 1 THEN s.cost
      WHEN s.day_share > 0 THEN CAST(CAST(s.cost AS DOUBLE) * s.day_share AS DECIMAL(38, 10)) ELSE CAST(0 AS DECIMAL(38, 10)) END) AS day_cost,
    sum(CASE WHEN s.usage_type LIKE '%EBS:VolumeUsage%' AND s.day_share >= 1 THEN s.cost
      WHEN s.usage_type LIKE '%EBS:VolumeUsage%' AND s.day_share > 0 THEN CAST(CAST(s.cost AS DOUBLE) * s.day_share AS DECIMAL(38, 10))
      ELSE CAST(0 AS DECIMAL(38, 10)) END) AS day_storage_cost,
    sum(CASE WHEN s.window_share >= 1 THEN s.cost
      WHEN s.window_share > 0 THEN CAST(CAST(s.cost AS DOUBLE) * s.window_share AS DECIMAL(38, 10)) ELSE CAST(0 AS DECIMAL(38, 10)) END) AS window_cost
  FROM shares s
  GROUP BY s.resource_id
)
SELECT
  p.resource_id,
  p.account_id,
  p.region,
  p.usage_type,
  p.iops_usage_type,
  p.day_gb_months,
  p.day_iops_months,
  date_diff('second', p.covered_from, p.covered_to) / 3600.0 AS covered_hours,
  date_diff('hour', date_trunc('month', b.day_start), date_trunc('month', b.day_start) + INTERVAL '1' MONTH) AS hours_in_month,
  p.day_cost,
  CAST(round(CAST(p.day_cost AS DOUBLE) * 3600 / date_diff('second', p.covered_from, p.covered_to), 10) AS DECIMAL(38, 10)) AS hourly_rate,
  CASE WHEN p.day_gb_months > 0 THEN round(CAST(p.day_storage_cost AS DOUBLE) / p.day_gb_months, 6) END AS billed_gb_rate,
  p.window_cost,
  CAST(b.day_start AS DATE) AS day_start,
  CAST(b.cost_start AS DATE) AS cost_start,
  CAST(b.window_end AS DATE) AS cost_end
FROM per_volume p
CROSS JOIN bounds b
WHERE p.usage_type IS NOT NULL AND p.covered_to > p.covered_from
ORDER BY p.resource_id
