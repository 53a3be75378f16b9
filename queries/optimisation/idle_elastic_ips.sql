-- Idle Elastic IP addresses, from the bill alone: usage types ending in ElasticIP:IdleAddress
-- (or PublicIPv4:IdleAddress, AWS's name since February 2024) billed in the $days days before
-- $as_of (those before $complete_until) for at least $min_idle_hours hours per address. One row
-- per address by ResourceId, or per account + region + usage type when the bill carries no
-- resource id: such a row may hold several addresses, so address_count estimates them (its
-- idle-address hours ÷ hours_spanned, the hours from its first to its last idle hour in those
-- days, rounded up; 1 with an id) and the hours threshold applies to idle_hours ÷ address_count.
-- window_cost is the EffectiveCost over the $cost_days days before $as_of (those before
-- $complete_until) of the address (all its lines) or, without an id, of those idle-address lines
-- (edge lines prorated by time).
-- hourly_rate is its current rate: the EffectiveCost of the same lines on the last complete day
-- (the data horizon, or the day before $as_of when that comes first) over that day's 24 hours (a
-- line longer than a day over its own hours), rounded to 10 decimals: for an address with an id,
-- current_hourly_rates.cte.sql's rate; 0 when those lines charge nothing on that day
-- (charged_until, the end of its latest charge, is no later than the day's start): the address
-- is gone.
-- @param as_of DATE  the look-back windows end at the start of this day (exclusive)
-- @param days INTEGER = 7  days looked at
-- @param min_idle_hours DOUBLE = 24  idle-address hours needed in those days, per address
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param data_horizon DATE  the last complete day of the billing data (rates are read up to it)
-- @param complete_until DATE = 9999-12-31  the bill counts no day from this one on (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, account_id VARCHAR, region VARCHAR, usage_type VARCHAR, idle_hours DOUBLE, hours_spanned DOUBLE, address_count BIGINT, idle_days BIGINT, first_idle TIMESTAMP, last_idle TIMESTAMP, window_start DATE, window_end DATE, window_cost DECIMAL, hourly_rate DECIMAL, charged_until TIMESTAMP, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
-- @include usage_daily_source.cte.sql
idle_lines AS (
  SELECT
    NULLIF(li.ResourceId, '') AS resource_id,
    li.SubAccountId AS account_id,
    li.RegionId AS region,
    li.x_UsageType AS usage_type,
    li.bucket_start,
    li.bucket_end,
    li.first_start,
    li.last_end,
    li.first_positive_start,
    li.last_positive_end,
    li.effective_cost,
    li.positive_quantity AS hours
  FROM usage_daily li CROSS JOIN cost_bounds b
  WHERE (li.x_UsageType LIKE '%ElasticIP:IdleAddress' OR li.x_UsageType LIKE '%PublicIPv4:IdleAddress')
    AND li.bucket_start < b.cost_end
    AND (li.bucket_start >= b.cost_start OR li.bucket_end > b.cost_start)
),
idle_groups AS (
  SELECT
    resource_id, account_id, region, usage_type,
    sum(hours) AS idle_hours,
    date_diff('second', min(first_positive_start), max(last_positive_end)) / 3600.0 AS hours_spanned,
    count(DISTINCT date_trunc('day', bucket_start)) AS idle_days,
    min(first_positive_start) AS first_idle,
    max(last_positive_end) AS last_idle
  FROM idle_lines i CROSS JOIN bounds b
  WHERE i.bucket_start >= b.window_start AND coalesce(i.hours, 0) > 0
  GROUP BY resource_id, account_id, region, usage_type
),
idle AS (
  SELECT *
  FROM (
    SELECT g.*,
      CASE WHEN g.resource_id IS NOT NULL OR g.hours_spanned <= 0 THEN CAST(1 AS BIGINT)
        ELSE CAST(greatest(1, ceil(round(g.idle_hours / g.hours_spanned, 6))) AS BIGINT) END AS address_count
    FROM idle_groups g
  ) counted
  WHERE idle_hours / address_count >= CAST($min_idle_hours AS DOUBLE)
),
cost_targets AS (
  SELECT resource_id FROM idle WHERE resource_id IS NOT NULL
),
-- @include window_cost_lines.cte.sql
-- @include resource_window_costs.cte.sql
-- @include current_hourly_rates.cte.sql
cost_without_id AS (
  SELECT
    i.account_id, i.region, i.usage_type,
    sum(CASE
      WHEN i.bucket_end IS NULL OR i.bucket_end <= i.bucket_start
        OR (i.bucket_start >= b.cost_start AND i.bucket_end <= b.cost_end) THEN i.effective_cost
      ELSE CAST(CAST(i.effective_cost AS DOUBLE)
        * date_diff('second', greatest(i.bucket_start, b.cost_start), least(i.bucket_end, b.cost_end))
        / date_diff('second', i.bucket_start, i.bucket_end) AS DECIMAL(38, 10))
    END) AS window_cost,
    max(i.last_end) AS latest_end
  FROM idle_lines i CROSS JOIN cost_bounds b
  WHERE i.resource_id IS NULL
  GROUP BY i.account_id, i.region, i.usage_type
),
rate_without_id AS (
  SELECT
    k.account_id, k.region, k.usage_type,
    CASE WHEN k.latest_end > d.day_start
      THEN CAST(round(coalesce(sum(CAST(i.effective_cost AS DOUBLE) * 3600 / date_diff('second', i.bucket_start, i.bucket_end)), 0), 10) AS DECIMAL(38, 10))
      ELSE CAST(0 AS DECIMAL(38, 10)) END AS hourly_rate,
    CASE WHEN k.latest_end <= d.day_start THEN k.latest_end END AS charged_until
  FROM cost_without_id k
  CROSS JOIN rate_day d
  LEFT JOIN idle_lines i ON i.resource_id IS NULL AND i.account_id = k.account_id AND i.region = k.region AND i.usage_type = k.usage_type
    AND i.bucket_start < d.day_end AND i.bucket_end > d.day_start AND i.last_end > i.first_start
  GROUP BY k.account_id, k.region, k.usage_type, k.latest_end, d.day_start
)
SELECT
  d.resource_id,
  d.account_id,
  d.region,
  d.usage_type,
  d.idle_hours,
  d.hours_spanned,
  d.address_count,
  d.idle_days,
  d.first_idle,
  d.last_idle,
  CAST(b.window_start AS DATE) AS window_start,
  CAST(b.window_end AS DATE) AS window_end,
  coalesce(c.window_cost, n.window_cost, CAST(0 AS DECIMAL(38, 10))) AS window_cost,
  coalesce(rc.hourly_rate, rn.hourly_rate, CAST(0 AS DECIMAL(38, 10))) AS hourly_rate,
  coalesce(rc.charged_until, rn.charged_until) AS charged_until,
  CAST(b.cost_start AS DATE) AS cost_start,
  CAST(b.window_end AS DATE) AS cost_end
FROM idle d
CROSS JOIN bounds b
LEFT JOIN costs c ON c.resource_id = d.resource_id
LEFT JOIN cost_without_id n ON d.resource_id IS NULL AND n.account_id = d.account_id AND n.region = d.region AND n.usage_type = d.usage_type
LEFT JOIN rates rc ON rc.resource_id = d.resource_id
LEFT JOIN rate_without_id rn ON d.resource_id IS NULL AND rn.account_id = d.account_id AND rn.region = d.region AND rn.usage_type = d.usage_type
ORDER BY coalesce(rc.hourly_rate, rn.hourly_rate, CAST(0 AS DECIMAL(38, 10))) DESC, d.account_id, d.region, d.resource_id
