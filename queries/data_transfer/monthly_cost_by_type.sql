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
-- and 1 partial), month_days: all of its days, so a chart can tell a part of a month from a whole one.
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param complete_until DATE = 9999-12-31  no day from this one on is counted in days, only in partial_days (the charts give the day after the data horizon: a partial day is not a held day)
-- @returns month DATE, transfer_type VARCHAR, cost DECIMAL, gb DOUBLE, lines BIGINT, days BIGINT, month_days BIGINT, partial_days BIGINT
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
    li.transfer_type,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS gb,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM usage_lines_by_transfer_type li
  WHERE li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
)
SELECT t.month, t.transfer_type, coalesce(sum(t.cost), 0) AS cost, round(sum(t.gb), 6) AS gb, count(*) AS lines,
  coalesce(max(d.days), 0) AS days,
  date_diff('day', t.month, CAST(t.month + INTERVAL '1' MONTH AS DATE)) AS month_days,
  coalesce(max(d.partial_days), 0) AS partial_days
FROM transfer_lines t
LEFT JOIN month_days_in_store d ON d.month = t.month
WHERE t.transfer_type IS NOT NULL
GROUP BY t.month, t.transfer_type
ORDER BY t.month, t.transfer_type
