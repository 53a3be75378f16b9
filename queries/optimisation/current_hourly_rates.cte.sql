-- CTE fragment (included by the idle rules with `-- @include current_hourly_rates.cte.sql`): what
-- each priced resource costs an hour now. It reads the includer's CTEs `bounds` (window_end
-- TIMESTAMP) and `costs` (resource_id, latest_end: the end of the resource's latest usage bucket)
-- and defines data_end (the end of the store's latest usage charge) and rates: per resource, the EffectiveCost of its usage_daily rows that end with its
-- latest bucket, spread over each row's own span, in dollars an hour (10 decimals), and
-- charged_until, that latest end when the resource is gone (below), else NULL. Rows without a
-- positive span are left out.
-- hourly_rate is the rate whose 730 hours make the monthly figure the rules show (rate × 730).
-- A usage charge priced by the hour is its cost an hour. A charge AWS prices by the GB-month or
-- IOPS-month (EBS volume storage, provisioned IOPS and throughput, snapshots, S3 storage, RDS and
-- Aurora storage and provisioned IOPS) is billed pro rata over the hours of its calendar month, so
-- a day of it is 1/(days in that month) of the monthly price: its hourly cost is scaled by
-- (24 × days in the month of the row's day) ÷ 730, and rate × 730 is then the day's cost × the
-- days of its month, the month's price, whatever the month's length. usage_daily keeps no
-- PricingUnit (and the Athena CUR can leave pricing_unit empty), so the usage type tells them.
-- A resource whose latest charge ends before window_end (the end of the window it is judged on)
-- and before the store's latest usage charge ends (a window past the data, as an --as-of after
-- the horizon makes it, does not make every resource look gone) is gone: its rate is 0 and
-- charged_until says when its charges stopped.
data_end AS (
  SELECT max(last_end) AS last_end FROM usage_daily
),
rates AS (
  SELECT
    li.ResourceId AS resource_id,
    CASE WHEN max(k.latest_end) >= least(max(b.window_end), max(d.last_end)) THEN
      CAST(round(sum(CAST(li.effective_cost AS DOUBLE) * 3600 / date_diff('second', li.first_start, li.last_end)
        * CASE WHEN li.x_UsageType LIKE '%VolumeUsage%' OR li.x_UsageType LIKE '%VolumeP-IOPS%' OR li.x_UsageType LIKE '%VolumeP-Throughput%'
            OR li.x_UsageType LIKE '%SnapshotUsage%' OR li.x_UsageType LIKE '%TimedStorage%'
            OR li.x_UsageType LIKE '%RDS:%-Storage' OR li.x_UsageType LIKE '%RDS:StorageUsage' OR li.x_UsageType LIKE '%RDS:%PIOPS'
            OR li.x_UsageType LIKE '%Aurora:StorageUsage'
          THEN 24.0 * date_diff('day', date_trunc('month', li.bucket_start), date_trunc('month', li.bucket_start) + INTERVAL '1' MONTH) / 730 ELSE 1 END), 10) AS DECIMAL(38, 10))
    ELSE CAST(0 AS DECIMAL(38, 10)) END AS hourly_rate,
    CASE WHEN max(k.latest_end) < least(max(b.window_end), max(d.last_end)) THEN max(k.latest_end) END AS charged_until
  FROM usage_daily li
  JOIN costs k ON k.resource_id = li.ResourceId AND k.latest_end = li.last_end
  CROSS JOIN bounds b
  CROSS JOIN data_end d
  WHERE li.bucket_start < b.window_end AND li.last_end > li.first_start
  GROUP BY li.ResourceId
)
