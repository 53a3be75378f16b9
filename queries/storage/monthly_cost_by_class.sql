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
-- and 1 partial, alone or beside later data, its delivery having ended: $ended), month_days: all of
-- its days, so a chart can tell a part of a month from a whole one; partial_sources: the sources of
-- the delivery that has ended whose partial day the month holds (NULL: the partial days are the
-- store's, after its data horizon, or none). ended_through, ended_sources: the data horizon and the
-- sources of a delivery that has ended ($ended) inside the month, before its last whole day (another
-- delivery's data runs on), whose storage lines the month holds (the earliest, when several do): the
-- month holds every day but not a whole month of that delivery's storage (the Nov 2018 CUR cut after 13
-- Nov beside a FOCUS export of 1–30 Nov); NULL when none does (a delivery whose lines carry no usage
-- type holds no storage line: a FOCUS 1.0 export ending on 29 Oct 2018 leaves October's storage whole).
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param complete_until DATE = 9999-12-31  no day from this one on is counted in days, only in partial_days (the charts give the day after the data horizon: a partial day is not a held day)
-- @param ended VARCHAR[] = []  the deliveries that have ended, each its data horizon, a space and its sources joined by ', ' ('2018-11-13 aws/836060457634'; the charts give the store's: src/analyze/ended-delivery.ts endedDeliveryTexts)
-- @returns month DATE, storage_service VARCHAR, storage_class VARCHAR, cost DECIMAL, gb_months DOUBLE, lines BIGINT, days BIGINT, month_days BIGINT, partial_days BIGINT, partial_sources VARCHAR, ended_through DATE, ended_sources VARCHAR
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
  SELECT month, source, storage_service, storage_class, cost, gb_months FROM storage_lines WHERE storage_service IS NOT NULL
),
-- The delivery that has ended inside each month, before its last whole day, whose storage lines it holds (the earliest).
month_ended AS (
  SELECT s.month, min(e.entry) AS entry
  FROM (SELECT DISTINCT month, source FROM storage) s
  JOIN ended_delivery_sources e ON e.source = s.source
  JOIN month_days_in_store d ON d.month = s.month
  WHERE e.last_day >= s.month AND e.last_day < d.last_whole_day
  GROUP BY s.month
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
  coalesce(max(d.partial_days), 0) AS partial_days,
  max(substr(d.partial_entry, 12)) AS partial_sources,
  max(CAST(substr(m.entry, 1, 10) AS DATE)) AS ended_through,
  max(substr(m.entry, 12)) AS ended_sources
FROM storage s
LEFT JOIN month_days_in_store d ON d.month = s.month
LEFT JOIN month_ended m ON m.month = s.month
GROUP BY s.month, s.storage_service, s.storage_class
ORDER BY s.month, s.storage_service, s.storage_class
