-- Idle Elastic IP addresses, from the bill alone: usage types ending in ElasticIP:IdleAddress
-- (or PublicIPv4:IdleAddress, AWS's name since February 2024) billed in the $days days before
-- $as_of for at least $min_idle_hours hours. One row per address: by ResourceId, or by account +
-- region + usage type when the bill carries no resource id. monthly_cost is the EffectiveCost
-- over the $cost_days days before $as_of of the address (all its lines) or, without an id, of
-- those idle-address lines (edge lines prorated by time).
-- @param as_of DATE  the look-back windows end at the start of this day (exclusive)
-- @param days INTEGER = 7  days looked at
-- @param min_idle_hours DOUBLE = 24  idle-address hours needed in those days
-- @param cost_days INTEGER = 30  days of the bill that make the monthly cost
-- @returns resource_id, account_id, region, usage_type, idle_hours, idle_days, first_idle, last_idle, window_start, window_end, monthly_cost, cost_start, cost_end
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($days AS INTEGER) * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start
),
idle_lines AS (
  SELECT
    NULLIF(li.ResourceId, '') AS resource_id,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    li.x_UsageType AS usage_type,
    li.bucket_start,
    li.bucket_end,
    li.first_positive_start,
    li.last_positive_end,
    li.effective_cost,
    li.positive_quantity AS hours
  FROM usage_daily li CROSS JOIN bounds b
  WHERE (li.x_UsageType LIKE '%ElasticIP:IdleAddress' OR li.x_UsageType LIKE '%PublicIPv4:IdleAddress')
    AND li.bucket_start < b.window_end
    AND (li.bucket_start >= b.cost_start OR li.bucket_end > b.cost_start)
),
idle AS (
  SELECT
    resource_id, account_id, region, usage_type,
    sum(hours) AS idle_hours,
    count(DISTINCT date_trunc('day', bucket_start)) AS idle_days,
    min(first_positive_start) AS first_idle,
    max(last_positive_end) AS last_idle
  FROM idle_lines i CROSS JOIN bounds b
  WHERE i.bucket_start >= b.window_start AND coalesce(i.hours, 0) > 0
  GROUP BY resource_id, account_id, region, usage_type
  HAVING sum(hours) >= CAST($min_idle_hours AS DOUBLE)
),
cost_by_id AS (
  SELECT
    li.ResourceId AS resource_id,
    sum(CASE
      WHEN li.bucket_end IS NULL OR li.bucket_end <= li.bucket_start
        OR (li.bucket_start >= b.cost_start AND li.bucket_end <= b.window_end) THEN li.effective_cost
      ELSE CAST(CAST(li.effective_cost AS DOUBLE)
        * date_diff('second', greatest(li.bucket_start, b.cost_start), least(li.bucket_end, b.window_end))
        / date_diff('second', li.bucket_start, li.bucket_end) AS DECIMAL(38, 10))
    END) AS monthly_cost
  FROM usage_daily li CROSS JOIN bounds b
  WHERE li.ResourceId IN (SELECT resource_id FROM idle WHERE resource_id IS NOT NULL)
    AND li.bucket_start < b.window_end
    AND (li.bucket_start >= b.cost_start OR li.bucket_end > b.cost_start)
  GROUP BY li.ResourceId
),
cost_without_id AS (
  SELECT
    i.account_id, i.region, i.usage_type,
    sum(CASE
      WHEN i.bucket_end IS NULL OR i.bucket_end <= i.bucket_start
        OR (i.bucket_start >= b.cost_start AND i.bucket_end <= b.window_end) THEN i.effective_cost
      ELSE CAST(CAST(i.effective_cost AS DOUBLE)
        * date_diff('second', greatest(i.bucket_start, b.cost_start), least(i.bucket_end, b.window_end))
        / date_diff('second', i.bucket_start, i.bucket_end) AS DECIMAL(38, 10))
    END) AS monthly_cost
  FROM idle_lines i CROSS JOIN bounds b
  WHERE i.resource_id IS NULL
  GROUP BY i.account_id, i.region, i.usage_type
)
SELECT
  d.resource_id,
  d.account_id,
  d.region,
  d.usage_type,
  d.idle_hours,
  d.idle_days,
  d.first_idle,
  d.last_idle,
  CAST(b.window_start AS DATE) AS window_start,
  CAST(b.window_end AS DATE) AS window_end,
  coalesce(c.monthly_cost, n.monthly_cost, CAST(0 AS DECIMAL(38, 10))) AS monthly_cost,
  CAST(b.cost_start AS DATE) AS cost_start,
  CAST(b.window_end AS DATE) AS cost_end
FROM idle d
CROSS JOIN bounds b
LEFT JOIN cost_by_id c ON c.resource_id = d.resource_id
LEFT JOIN cost_without_id n ON d.resource_id IS NULL AND n.account_id = d.account_id AND n.region = d.region AND n.usage_type = d.usage_type
ORDER BY coalesce(c.monthly_cost, n.monthly_cost, CAST(0 AS DECIMAL(38, 10))) DESC, d.account_id, d.region, d.resource_id
