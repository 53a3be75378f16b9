-- CTE fragment (included with `-- @include ../calendar/period_days.cte.sql`, before
-- covered_days.cte.sql, by every month-to-date query (overview/month_to_date, top_services and
-- top_accounts, data_transfer/by_type and top_sources: after month_to_date_spans.cte.sql, and before
-- month_to_date_days_in_store.cte.sql) and by the monthly queries over a range of charge days
-- (storage/monthly_cost_by_class, data_transfer/monthly_cost_by_type: before
-- month_days_in_store.cte.sql)): defines period_days, the charge days the billing periods hold
-- around the days the includer reads, for covered_days.cte.sql to say which days the periods cover
-- and the days-in-store fragments which of the includer's days are in the store: source,
-- billing_period, day, usage_day (1 when the period's lines of that day include usage), every day
-- that holds a line from the first of the month before from_day's month to a month after to_day (a
-- period whose lines run past its month keeps them all). Its window is the includer's CTE
-- `period_window` (from_day, to_day: the days it reads, [from_day, to_day), one row): month to date's
-- [previous_month_start, current_end) (month_to_date_spans.cte.sql: its previous span may start up to
-- 3 days before from_day, inside the month read before it), a monthly query's [$from, $to).
-- Reads daily_spend (the per-day rollup of line_items); the Athena form (period_days.athena.cte.sql)
-- reads line_items.
period_days AS (
  SELECT s.x_Source AS source, s.x_BillingPeriod AS billing_period, s.day, max(CASE WHEN s.charge_class = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM daily_spend s
  CROSS JOIN period_window w
  WHERE s.day >= CAST(CAST(date_trunc('month', w.from_day) AS DATE) - INTERVAL '1' MONTH AS DATE)
    AND s.day < CAST(w.to_day + INTERVAL '1' MONTH AS DATE)
  GROUP BY s.x_Source, s.x_BillingPeriod, s.day
)
