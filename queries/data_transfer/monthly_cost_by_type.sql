-- Data transfer cost and GB per month of charge and transfer type, charged from $from to before
-- $to (usage lines only; a line counts in the month of its ChargePeriodStart), for the
-- Data transfer page's chart over time.
-- The type is usage_lines_by_transfer_type.cte.sql's (from the usage type, region prefixes aside).
-- Quantities are GB (the usage amount of *Bytes usage types).
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
-- delivery's data runs on), whose data transfer lines the month holds (the earliest, when several
-- do): the month holds every day but not a whole month of that delivery's transfer (the Nov 2018 CUR
-- cut after 13 Nov beside a FOCUS export of 1–30 Nov); NULL when none does (a delivery whose lines
-- carry no usage type holds no transfer line).
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param complete_until DATE = 9999-12-31  no day from this one on is counted in days, only in partial_days (the charts give the day after the data horizon: a partial day is not a held day)
-- @param ended VARCHAR[] = []  the deliveries that have ended, each its data horizon, a space and its sources joined by ', ' ('2018-11-13 aws/836060457634'; the charts give the store's: src/analyze/ended-delivery.ts endedDeliveryTexts)
-- @returns month DATE, transfer_type VARCHAR, cost DECIMAL, gb DOUBLE, lines BIGINT, days BIGINT, month_days BIGINT, partial_days BIGINT, partial_sources VARCHAR, ended_through DATE, ended_sources VARCHAR
WITH
-- @include usage_lines_by_transfer_type.cte.sql
-- The days read, around which ../calendar/period_days.cte.sql reads the billing periods' days.
period_window AS (
  SELECT CAST($from AS DATE) AS from_day, CAST($to AS DATE) AS to_day
),
-- @include ../calendar/period_days.cte.sql
-- @include ../calendar/covered_days.cte.sql
-- @include ../calendar/month_days_in_store.cte.sql
transfer_lines AS (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    li.x_Source AS source,
    li.transfer_type,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS gb,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM usage_lines_by_transfer_type li
  WHERE li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
),
-- The delivery that has ended inside each month, before its last whole day, whose transfer lines it holds (the earliest).
month_ended AS (
  SELECT t.month, min(e.entry) AS entry
  FROM (SELECT DISTINCT month, source FROM transfer_lines WHERE transfer_type IS NOT NULL) t
  JOIN ended_delivery_sources e ON e.source = t.source
  JOIN month_days_in_store d ON d.month = t.month
  WHERE e.last_day >= t.month AND e.last_day < d.last_whole_day
  GROUP BY t.month
)
SELECT t.month, t.transfer_type, coalesce(sum(t.cost), 0) AS cost, round(sum(t.gb), 6) AS gb, count(*) AS lines,
  coalesce(max(d.days), 0) AS days,
  date_diff('day', t.month, CAST(t.month + INTERVAL '1' MONTH AS DATE)) AS month_days,
  coalesce(max(d.partial_days), 0) AS partial_days,
  max(substr(d.partial_entry, 12)) AS partial_sources,
  max(CAST(substr(m.entry, 1, 10) AS DATE)) AS ended_through,
  max(substr(m.entry, 12)) AS ended_sources
FROM transfer_lines t
LEFT JOIN month_days_in_store d ON d.month = t.month
LEFT JOIN month_ended m ON m.month = t.month
WHERE t.transfer_type IS NOT NULL
GROUP BY t.month, t.transfer_type
ORDER BY t.month, t.transfer_type
