-- CTE fragment (included with `-- @include ../calendar/month_to_date_period_days.cte.sql`, after
-- month_to_date_spans.cte.sql and before covered_days.cte.sql, by every month-to-date query:
-- overview/month_to_date, top_services and top_accounts, data_transfer/by_type and top_sources):
-- defines period_days, the charge days the billing periods hold around the spans that month to date
-- reads, for covered_days.cte.sql to say which days the periods cover and
-- month_to_date_days_in_store.cte.sql which of the spans' days are in the store: source,
-- billing_period, day, usage_day (1 when the period's lines of that day include usage), every day
-- from the first of the month before previous_month_start to a month after current_end that holds a
-- line. Reads daily_spend (the per-day rollup of line_items); the Athena form
-- (month_to_date_period_days.athena.cte.sql) reads line_items.
period_days AS (
  SELECT s.x_Source AS source, s.x_BillingPeriod AS billing_period, s.day, max(CASE WHEN s.charge_class = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM daily_spend s
  CROSS JOIN bounds b
  WHERE s.day >= CAST(b.previous_month_start - INTERVAL '1' MONTH AS DATE)
    AND s.day < CAST(b.current_end + INTERVAL '1' MONTH AS DATE)
  GROUP BY s.x_Source, s.x_BillingPeriod, s.day
)
