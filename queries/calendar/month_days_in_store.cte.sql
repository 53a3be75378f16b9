-- CTE fragment (included with `-- @include ../calendar/month_days_in_store.cte.sql`, after
-- period_days.cte.sql and covered_days.cte.sql, by storage/monthly_cost_by_class and
-- data_transfer/monthly_cost_by_type, and so by their Athena forms): how many days of each month
-- inside [$from, $to) are in the store, so that a month a gap between billing periods cuts, wherever
-- in the range, is not read as whole. A day is in the store when a billing period covers it, by the
-- rule of covered_days.cte.sql that billing_period_days.sql (and the pages' gaps) follow: a day
-- before the store's first charge day, in a gap between billing periods or after the last day one
-- covers is not. A day is held whole only before $complete_until (the includer's parameter: the
-- pages give the day after the data horizon, the last complete day, README "Time"): a day from it on
-- that a period covers is a partial day (usage lines still to come, as on the legacy CUR's 14 Nov
-- 2023, usage to 04:00), counted apart, never as a held day. A delivery that has ended has its own
-- horizon ($ended, the includer's parameter: one text per delivery, its data horizon, a space and its
-- sources joined by ', ', `2023-11-13 aws/123412340534`, src/analyze/ended-delivery.ts
-- endedDeliveryTexts): a day after it that only that delivery covers is its partial day, wherever it
-- sits (the legacy CUR's 14 Nov 2023 beside the FOCUS sample of Sept 2024), as `status` and `forecast`
-- call it. It reads the includer's CTEs `period_days` (period_days.cte.sql) and `covered_days` and defines
-- ended_delivery_sources: entry (the text of $ended), last_day (its data horizon), source, one row per
-- source of each delivery that has ended; and month_days_in_store: month (its first day), days (how
-- many of its days inside [$from, $to) the store holds whole), partial_days (how many it holds only
-- in part), last_whole_day (the last of its whole days), partial_entry (the $ended text of the
-- delivery that has ended whose partial day it holds, the earliest; NULL when its partial days are the
-- store's, from $complete_until on, or it has none), one row per month of the range that holds a
-- charge day (a month without one holds none of its days).
ended_delivery_sources AS (
  SELECT e.entry, CAST(substr(e.entry, 1, 10) AS DATE) AS last_day, s.source
  FROM UNNEST($ended) AS e (entry)
  CROSS JOIN UNNEST(split(substr(e.entry, 12), ', ')) AS s (source)
),
range_months AS (
  SELECT DISTINCT CAST(date_trunc('month', day) AS DATE) AS month
  FROM period_days
  WHERE day >= CAST($from AS DATE) AND day < CAST($to AS DATE)
),
range_month_days AS (
  SELECT m.month, CAST(m.month + o.n * INTERVAL '1' DAY AS DATE) AS day
  FROM range_months m
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15),
    (16), (17), (18), (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30)) AS o (n)
  WHERE CAST(m.month + o.n * INTERVAL '1' DAY AS DATE) < CAST(m.month + INTERVAL '1' MONTH AS DATE)
    AND CAST(m.month + o.n * INTERVAL '1' DAY AS DATE) >= CAST($from AS DATE)
    AND CAST(m.month + o.n * INTERVAL '1' DAY AS DATE) < CAST($to AS DATE)
),
-- Each day of the range's months as the periods covering it hold it: 1 whole (before $complete_until and,
-- for a delivery that has ended, not after its data horizon), 0 partial, NULL not covered.
range_days_held AS (
  SELECT
    md.month,
    md.day,
    max(CASE WHEN c.first_day IS NULL THEN NULL
      WHEN md.day < CAST($complete_until AS DATE) AND (e.last_day IS NULL OR md.day <= e.last_day) THEN 1 ELSE 0 END) AS whole,
    min(CASE WHEN md.day < CAST($complete_until AS DATE) AND md.day > e.last_day THEN e.entry END) AS ended_entry
  FROM range_month_days md
  LEFT JOIN covered_days c ON md.day >= c.first_day AND md.day <= c.last_day
  LEFT JOIN ended_delivery_sources e ON e.source = c.source
  GROUP BY md.month, md.day
),
month_days_in_store AS (
  SELECT
    month,
    count(CASE WHEN whole = 1 THEN day END) AS days,
    count(CASE WHEN whole = 0 THEN day END) AS partial_days,
    max(CASE WHEN whole = 1 THEN day END) AS last_whole_day,
    min(CASE WHEN whole = 0 THEN ended_entry END) AS partial_entry
  FROM range_days_held
  GROUP BY month
)
