-- CTE fragment, Athena (Trino) form of period_days.cte.sql (which says who includes it, what it
-- defines and the window it reads, period_window): Athena has no daily_spend rollup, so
-- period_days reads line_items.
period_days AS (
  SELECT li.x_Source AS source, li.x_BillingPeriod AS billing_period, CAST(li.ChargePeriodStart AS DATE) AS day,
    max(CASE WHEN li.x_ChargeClass = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM line_items li
  CROSS JOIN period_window w
  WHERE li.ChargePeriodStart >= CAST(CAST(date_trunc('month', w.from_day) AS DATE) - INTERVAL '1' MONTH AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(w.to_day + INTERVAL '1' MONTH AS TIMESTAMP)
  GROUP BY li.x_Source, li.x_BillingPeriod, CAST(li.ChargePeriodStart AS DATE)
)
