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
-- 2023, usage to 04:00), counted apart, never as a held day. It reads the includer's CTEs
-- `period_days` (period_days.cte.sql) and `covered_days` and defines month_days_in_store: month (its
-- first day), days (how many of its days inside [$from, $to) the store holds whole), partial_days
-- (how many it holds from $complete_until on), one row per month of the range that holds a charge
-- day (a month without one holds none of its days).
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
month_days_in_store AS (
  SELECT
    md.month,
    count(DISTINCT CASE WHEN c.first_day IS NOT NULL AND md.day < CAST($complete_until AS DATE) THEN md.day END) AS days,
    count(DISTINCT CASE WHEN c.first_day IS NOT NULL AND md.day >= CAST($complete_until AS DATE) THEN md.day END) AS partial_days
  FROM range_month_days md
  LEFT JOIN covered_days c ON md.day >= c.first_day AND md.day <= c.last_day
  GROUP BY md.month
)
