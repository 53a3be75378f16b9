-- CTE fragment, Athena (Trino) form of month_to_date_period_days.cte.sql (which says who includes
-- it and what it defines): Athena has no daily_spend rollup, so period_days reads line_items.
period_days AS (
  SELECT li.x_Source AS source, li.x_BillingPeriod AS billing_period, CAST(li.ChargePeriodStart AS DATE) AS day,
    max(CASE WHEN li.x_ChargeClass = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM line_items li
  CROSS JOIN bounds b
  WHERE li.ChargePeriodStart >= CAST(b.previous_month_start - INTERVAL '1' MONTH AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(b.current_end + INTERVAL '1' MONTH AS TIMESTAMP)
  GROUP BY li.x_Source, li.x_BillingPeriod, CAST(li.ChargePeriodStart AS DATE)
)
