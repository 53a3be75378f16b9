-- CTE fragment (included with `-- @include ../calendar/month_to_date_spans.cte.sql` by the
-- month-to-date queries of queries/overview/ and queries/data_transfer/): defines bounds, the two
-- equal spans of complete charge days that month to date as of $as_of compares (ends exclusive).
-- current: [first of the month, as_of + 1 day). previous: the same days of the month before,
-- [first of the previous month, as_of − 1 month + 1 day); or, when the month before has fewer
-- days than this month holds (31 October against September's 30, 29–31 March against
-- February), as many days just before this month, [first of the month − N days, first of the
-- month), as `costlens explain --to mtd` takes them: never 31 days against 30.
-- previous_month_start: the first of the month before (its whole billing period is what the
-- charges that post once a period are shown against). Defines period_window too, around which
-- period_days.cte.sql reads the billing periods' days: [previous_month_start, current_end), the days
-- those spans read, but that a previous span of more days than the month before starts 1 to 3 days
-- earlier (as of 31 October on 31 August; as of 31 March 2023 on 29 January): days period_days
-- still reads, from the first of the month before from_day's month.
bounds AS (
  SELECT
    m.current_start,
    m.current_end,
    CAST(CASE day(CAST($as_of AS DATE)) - day(CAST(m.current_start - INTERVAL '1' DAY AS DATE))
      WHEN 1 THEN m.previous_month_start - INTERVAL '1' DAY
      WHEN 2 THEN m.previous_month_start - INTERVAL '2' DAY
      WHEN 3 THEN m.previous_month_start - INTERVAL '3' DAY
      ELSE m.previous_month_start END AS DATE) AS previous_start,
    least(CAST(CAST($as_of AS DATE) - INTERVAL '1' MONTH + INTERVAL '1' DAY AS DATE), m.current_start) AS previous_end,
    m.previous_month_start
  FROM (
    SELECT
      CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE) AS current_start,
      CAST(CAST($as_of AS DATE) + INTERVAL '1' DAY AS DATE) AS current_end,
      CAST(date_trunc('month', CAST($as_of AS DATE)) - INTERVAL '1' MONTH AS DATE) AS previous_month_start
  ) AS m
),
period_window AS (
  SELECT previous_month_start AS from_day, current_end AS to_day FROM bounds
)
