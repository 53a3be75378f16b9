-- Storage cost per month of charge, storage service and class, for the Storage page: the usage
-- lines whose usage type is storage, as queries/storage/storage_lines.cte.sql classifies them,
-- charged from $from to before $to; a line counts in the month of its ChargePeriodStart.
-- gb_months sums the storage lines' usage quantity (GB-months); IOPS and throughput lines add cost
-- and no GB-months. $cost picks the measure: 'billed' (BilledCost, the invoice) or 'effective'
-- (EffectiveCost, amortised).
-- days: the days of the month inside [$from, $to) that the store holds (../calendar/month_days_in_store.cte.sql:
-- a billing period covers them, by the rule of ../calendar/covered_days.cte.sql, so a month a gap
-- between billing periods cuts anywhere in the range is not whole; the month in progress counts to
-- the data horizon when $to is the day after it; a day from $complete_until on, after the data
-- horizon, is partial and not counted), partial_days: those partial days of the month inside
-- [$from, $to) that the store holds lines of (the legacy CUR's 14 Nov 2023, usage to 04:00: 13 days
-- and 1 partial), month_days: all of its days, so a chart can tell a part of a month from a whole one.
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param complete_until DATE = 9999-12-31  no day from this one on is counted in days, only in partial_days (the charts give the day after the data horizon: a partial day is not a held day)
-- @returns month DATE, storage_service VARCHAR, storage_class VARCHAR, cost DECIMAL, gb_months DOUBLE, lines BIGINT, days BIGINT, month_days BIGINT, partial_days BIGINT
WITH
-- @include storage_lines.cte.sql
-- The days read, around which ../calendar/period_days.cte.sql reads the billing periods' days.
period_window AS (
  SELECT CAST($from AS DATE) AS from_day, CAST($to AS DATE) AS to_day
),
-- @include ../calendar/period_days.cte.sql
-- @include ../calendar/covered_days.cte.sql
-- @include ../calendar/month_days_in_store.cte.sql
storage AS (
  SELECT month, storage_service, storage_class, cost, gb_months FROM storage_lines WHERE storage_service IS NOT NULL
)
SELECT
  s.month,
  s.storage_service,
  s.storage_class,
  coalesce(sum(s.cost), 0) AS cost,
  round(sum(s.gb_months), 6) AS gb_months,
  count(*) AS lines,
  coalesce(max(d.days), 0) AS days,
  date_diff('day', s.month, CAST(s.month + INTERVAL '1' MONTH AS DATE)) AS month_days,
  coalesce(max(d.partial_days), 0) AS partial_days
FROM storage s
LEFT JOIN month_days_in_store d ON d.month = s.month
GROUP BY s.month, s.storage_service, s.storage_class
ORDER BY s.month, s.storage_service, s.storage_class
