-- CTE fragment, Athena (Trino) form of range_period_days.cte.sql (which says who includes it and
-- what it defines): Athena has no daily_spend rollup, so period_days reads line_items.
period_days AS (
  SELECT li.x_Source AS source, li.x_BillingPeriod AS billing_period, CAST(li.ChargePeriodStart AS DATE) AS day,
    max(CASE WHEN li.x_ChargeClass = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM line_items li
  WHERE li.ChargePeriodStart >= CAST(CAST(date_trunc('month', CAST($from AS DATE)) AS DATE) - INTERVAL '1' MONTH AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) + INTERVAL '1' MONTH AS TIMESTAMP)
  GROUP BY li.x_Source, li.x_BillingPeriod, CAST(li.ChargePeriodStart AS DATE)
)
