-- CTE fragment (included with `-- @include ../calendar/month_to_date_days_in_store.cte.sql`, after
-- month_to_date_spans.cte.sql, period_days.cte.sql and covered_days.cte.sql, by every
-- month-to-date query: overview/month_to_date, top_services and top_accounts, data_transfer/by_type
-- and top_sources, and their Athena forms): how many days of each span that month to date reads are
-- in the store, so that a span the store holds no day of is not $0.00 of spend. A day is in the
-- store when a billing period covers it, by the rule of covered_days.cte.sql that
-- billing_period_days.sql (and the pages' gaps) follow: a day before the store's first charge day,
-- in a gap between billing periods or after its last is not. It reads the includer's CTEs `bounds`
-- (month_to_date_spans.cte.sql) and `covered_days` (covered_days.cte.sql over
-- period_days.cte.sql's period_days) and defines spans_in_store: one row, each span's
-- days and how many of them are in the store: current ([current_start, current_end)), previous
-- ([previous_start, previous_end)) and previous_month ([previous_month_start, current_start)), and
-- compared: whether the store holds every day of both current and previous, the only case in which
-- a query compares them (change, change_pct). Each span has at most 31 days.
span_days AS (
  SELECT s.side, CAST(s.first_day + o.n * INTERVAL '1' DAY AS DATE) AS day
  FROM (
    SELECT 'current' AS side, current_start AS first_day, current_end AS end_day FROM bounds
    UNION ALL SELECT 'previous', previous_start, previous_end FROM bounds
    UNION ALL SELECT 'previous_month', previous_month_start, current_start FROM bounds
  ) AS s
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15),
    (16), (17), (18), (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30)) AS o (n)
  WHERE CAST(s.first_day + o.n * INTERVAL '1' DAY AS DATE) < s.end_day
),
span_day_coverage AS (
  SELECT sd.side, sd.day, max(CASE WHEN c.first_day IS NULL THEN 0 ELSE 1 END) AS in_store
  FROM span_days sd
  LEFT JOIN covered_days c ON sd.day >= c.first_day AND sd.day <= c.last_day
  GROUP BY sd.side, sd.day
),
spans_in_store AS (
  SELECT c.*, c.current_days_in_store = c.current_days AND c.previous_days_in_store = c.previous_days AS compared
  FROM (
    SELECT
      count(CASE WHEN side = 'current' THEN 1 END) AS current_days,
      coalesce(sum(CASE WHEN side = 'current' THEN in_store END), 0) AS current_days_in_store,
      count(CASE WHEN side = 'previous' THEN 1 END) AS previous_days,
      coalesce(sum(CASE WHEN side = 'previous' THEN in_store END), 0) AS previous_days_in_store,
      count(CASE WHEN side = 'previous_month' THEN 1 END) AS previous_month_days,
      coalesce(sum(CASE WHEN side = 'previous_month' THEN in_store END), 0) AS previous_month_days_in_store
    FROM span_day_coverage
  ) AS c
)
