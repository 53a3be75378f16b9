-- The charge days each billing period of each source covers, as runs of consecutive days (see
-- billing_period_days.sql; the rule is covered_days.cte.sql's).
-- Athena form: Athena has no daily_spend rollup, so it reads line_items.
-- @returns source VARCHAR, billing_period VARCHAR, first_day DATE, last_day DATE
WITH period_days AS (
  SELECT
    x_Source AS source,
    x_BillingPeriod AS billing_period,
    CAST(ChargePeriodStart AS DATE) AS day,
    max(CASE WHEN x_ChargeClass = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM line_items
  GROUP BY x_Source, x_BillingPeriod, CAST(ChargePeriodStart AS DATE)
),
-- @include covered_days.cte.sql
SELECT source, billing_period, first_day, last_day
FROM covered_days
ORDER BY first_day, last_day, source, billing_period
