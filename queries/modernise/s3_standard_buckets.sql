-- S3 buckets with storage in S3 Standard over the $days days before $as_of, with what the
-- cold-bucket rule needs to price a move to Standard-IA or Intelligent-Tiering: the Standard
-- storage GB-months and their EffectiveCost (usage type TimedStorage-ByteHrs of AmazonS3), the
-- charge days those lines cover and the first of them, and the bucket's Tier1 (PUT, COPY, POST,
-- LIST) and Tier2 (GET and other) request counts and EffectiveCost in the same days
-- (Requests-Tier1, Requests-Tier2). Usage lines only; a line counts on the day of its ChargePeriodStart.
-- @param as_of DATE  the window ends at the start of this day (exclusive)
-- @param days INTEGER = 30  days looked at
-- @returns resource_id VARCHAR, account_id VARCHAR, region VARCHAR, storage_usage_type VARCHAR, storage_days BIGINT, first_day DATE, last_day DATE, standard_gb_months DOUBLE, standard_cost DECIMAL, tier1_requests DOUBLE, tier1_cost DECIMAL, tier2_requests DOUBLE, tier2_cost DECIMAL, window_start DATE, window_end DATE
WITH look_back AS (
  -- The costs are summed over the look-back itself: the cost window is its days.
  SELECT CAST($days AS INTEGER) AS days, CAST($days AS INTEGER) AS cost_days
),
-- @include ../optimisation/look_back_bounds.cte.sql
bucket_lines AS (
  SELECT
    li.ResourceId AS resource_id,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    li.x_UsageType AS usage_type,
    CAST(li.ChargePeriodStart AS DATE) AS day,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS quantity,
    li.EffectiveCost AS cost,
    CASE WHEN li.x_UsageType LIKE '%TimedStorage-ByteHrs' THEN 'standard'
      WHEN li.x_UsageType LIKE '%Requests-Tier1' THEN 'tier1'
      WHEN li.x_UsageType LIKE '%Requests-Tier2' THEN 'tier2' END AS part
  FROM line_items li CROSS JOIN bounds b
  WHERE li.x_ProductCode = 'AmazonS3'
    AND li.x_ChargeClass = 'usage'
    AND li.ResourceId IS NOT NULL AND li.ResourceId <> ''
    AND li.ChargePeriodStart >= b.window_start
    AND li.ChargePeriodStart < b.window_end
    AND (li.x_UsageType LIKE '%TimedStorage-ByteHrs' OR li.x_UsageType LIKE '%Requests-Tier1' OR li.x_UsageType LIKE '%Requests-Tier2')
),
per_bucket AS (
  SELECT
    resource_id,
    max(account_id) AS account_id,
    max(region) AS region,
    max(CASE WHEN part = 'standard' THEN usage_type END) AS storage_usage_type,
    count(DISTINCT CASE WHEN part = 'standard' THEN day END) AS storage_days,
    min(CASE WHEN part = 'standard' THEN day END) AS first_day,
    max(CASE WHEN part = 'standard' THEN day END) AS last_day,
    sum(CASE WHEN part = 'standard' THEN quantity ELSE 0 END) AS standard_gb_months,
    coalesce(sum(CASE WHEN part = 'standard' THEN cost END), 0) AS standard_cost,
    sum(CASE WHEN part = 'tier1' THEN quantity ELSE 0 END) AS tier1_requests,
    coalesce(sum(CASE WHEN part = 'tier1' THEN cost END), 0) AS tier1_cost,
    sum(CASE WHEN part = 'tier2' THEN quantity ELSE 0 END) AS tier2_requests,
    coalesce(sum(CASE WHEN part = 'tier2' THEN cost END), 0) AS tier2_cost
  FROM bucket_lines
  GROUP BY resource_id
)
SELECT
  p.resource_id, p.account_id, p.region, p.storage_usage_type, p.storage_days, p.first_day, p.last_day,
  round(p.standard_gb_months, 6) AS standard_gb_months, p.standard_cost,
  round(p.tier1_requests, 6) AS tier1_requests, p.tier1_cost, round(p.tier2_requests, 6) AS tier2_requests, p.tier2_cost,
  CAST(b.window_start AS DATE) AS window_start, CAST(b.window_end AS DATE) AS window_end
FROM per_bucket p
CROSS JOIN bounds b
WHERE p.storage_usage_type IS NOT NULL
ORDER BY p.resource_id
