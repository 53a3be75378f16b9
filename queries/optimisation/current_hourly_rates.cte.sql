-- CTE fragment (included by the idle rules with `-- @include current_hourly_rates.cte.sql`, after
-- resource_window_costs.cte.sql): what each priced resource costs an hour now. It reads the
-- includer's CTE `bounds` (window_end TIMESTAMP: look_back_bounds.cte.sql), the CTEs
-- `target_usage` (the usage_daily rows of the includer's cost_targets, the resources to price:
-- window_cost_lines.cte.sql) and `costs` (resource_id, latest_end: the end of the resource's latest
-- usage bucket) that resource_window_costs.cte.sql defines, and the parameter
-- $data_horizon (DATE, the last complete day of the billing data), and defines hours_per_month,
-- rate_day and rates.
-- hours_per_month (hours) is the hours of "a month" in every monthly figure: 730, as AWS's price
-- lists and Compute Optimizer count one, HOURS_PER_MONTH in src/lib/calendar.ts, which the
-- TypeScript's monthly figures use (a test checks the two agree); no query writes a month's hours
-- otherwise.
-- rate_day (day_start, day_end) is the last complete day of the bill that the window holds: the
-- data horizon, or the day before window_end when that comes first (an --as-of after the horizon
-- does not read a partial day).
-- rates, per resource of costs: hourly_rate, the EffectiveCost of its usage_daily rows on that day
-- over the day's 24 hours (a row longer than a day: over its own hours), summed and rounded to 10
-- decimals, in dollars an hour; and charged_until, its latest end when the resource is gone
-- (below), else NULL. Rows without a positive span are left out. Only the rate day's rows of
-- target_usage are joined (every resource of costs is a cost target), not the whole of usage_daily.
-- hourly_rate is the rate whose 730 hours make the monthly figure the rules show (rate × 730): a
-- day's cost × 730/24, so an instance that runs 8 hours a day costs 8 of its hourly price a day,
-- not 24. A charge AWS prices by the GB-month or IOPS-month (EBS volume storage, provisioned IOPS
-- and throughput, snapshots, S3 storage, RDS and Aurora storage and provisioned IOPS) is billed
-- pro rata over the hours of its calendar month, so a day of it is 1/(days in that month) of the
-- monthly price: its hourly cost is scaled by (24 × days in the month of the row's day) ÷ 730, and
-- rate × 730 is then the day's cost × the days of its month, the month's price, whatever the
-- month's length. usage_daily keeps no PricingUnit (and the Athena CUR can leave pricing_unit
-- empty), so the usage type tells them.
-- A resource with no charge on rate_day (its latest charge ends at or before the day's start) is
-- gone: its rate is 0 and charged_until says when its charges stopped. One that is charged on that
-- day is not, however early in the day its charges end (an instance that runs office hours).
hours_per_month AS (
  SELECT 730 AS hours
),
rate_day AS (
  SELECT d.day_start, d.day_start + INTERVAL '1' DAY AS day_end
  FROM (
    SELECT least(CAST(CAST($data_horizon AS DATE) AS TIMESTAMP), b.window_end - INTERVAL '1' DAY) AS day_start
    FROM bounds b
  ) d
),
rates AS (
  SELECT
    k.resource_id,
    CASE WHEN k.latest_end > d.day_start THEN
      CAST(round(coalesce(sum(CAST(li.effective_cost AS DOUBLE) * 3600 / date_diff('second', li.bucket_start, li.bucket_end)
        * CASE WHEN li.x_UsageType LIKE '%VolumeUsage%' OR li.x_UsageType LIKE '%VolumeP-IOPS%' OR li.x_UsageType LIKE '%VolumeP-Throughput%'
            OR li.x_UsageType LIKE '%SnapshotUsage%' OR li.x_UsageType LIKE '%TimedStorage%'
            OR li.x_UsageType LIKE '%RDS:%-Storage' OR li.x_UsageType LIKE '%RDS:StorageUsage' OR li.x_UsageType LIKE '%RDS:%PIOPS'
            OR li.x_UsageType LIKE '%Aurora:StorageUsage'
          THEN 24.0 * date_diff('day', date_trunc('month', li.bucket_start), date_trunc('month', li.bucket_start) + INTERVAL '1' MONTH) / m.hours ELSE 1 END), 0), 10) AS DECIMAL(38, 10))
    ELSE CAST(0 AS DECIMAL(38, 10)) END AS hourly_rate,
    CASE WHEN k.latest_end <= d.day_start THEN k.latest_end END AS charged_until
  FROM costs k
  CROSS JOIN rate_day d
  CROSS JOIN hours_per_month m
  LEFT JOIN (
    SELECT u.*
    FROM target_usage u CROSS JOIN rate_day rd
    WHERE u.bucket_start < rd.day_end AND u.bucket_end > rd.day_start AND u.last_end > u.first_start
  ) li ON li.ResourceId = k.resource_id
  GROUP BY k.resource_id, k.latest_end, d.day_start, m.hours
)
