-- CTE fragment (included with `-- @include ../calendar/range_period_days.cte.sql`, before
-- covered_days.cte.sql and month_days_in_store.cte.sql, by the monthly queries over a range of
-- charge days [$from, $to): storage/monthly_cost_by_class, data_transfer/monthly_cost_by_type):
-- defines period_days, the charge days the billing periods hold around that range, for
-- covered_days.cte.sql to say which days the periods cover and month_days_in_store.cte.sql how
-- many of each month's days in the range are in the store: source, billing_period, day, usage_day
-- (1 when the period's lines of that day include usage), every day from the first of the month
-- before $from's month to a month after $to that holds a line (a period whose lines run past its
-- month keeps them all). Reads daily_spend (the per-day rollup of line_items); the Athena form
-- (range_period_days.athena.cte.sql) reads line_items.
period_days AS (
  SELECT s.x_Source AS source, s.x_BillingPeriod AS billing_period, s.day, max(CASE WHEN s.charge_class = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM daily_spend s
  WHERE s.day >= CAST(CAST(date_trunc('month', CAST($from AS DATE)) AS DATE) - INTERVAL '1' MONTH AS DATE)
    AND s.day < CAST(CAST($to AS DATE) + INTERVAL '1' MONTH AS DATE)
  GROUP BY s.x_Source, s.x_BillingPeriod, s.day
)
