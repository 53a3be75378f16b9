-- The charge days each billing period of each source covers, as runs of consecutive days (see
-- billing_period_days.sql: a period holding usage covers the days holding its lines, one row per
-- run; a period without usage its whole month, from its first charge day).
-- Athena form: Athena has no daily_spend rollup, so it reads line_items.
-- @returns source VARCHAR, billing_period VARCHAR, first_day DATE, last_day DATE
WITH days AS (
  SELECT
    x_Source AS source,
    x_BillingPeriod AS billing_period,
    CAST(ChargePeriodStart AS DATE) AS day,
    max(CASE WHEN x_ChargeClass = 'usage' THEN 1 ELSE 0 END) AS usage_day
  FROM line_items
  GROUP BY x_Source, x_BillingPeriod, CAST(ChargePeriodStart AS DATE)
),
marked AS (
  SELECT
    source,
    billing_period,
    day,
    max(usage_day) OVER (PARTITION BY source, billing_period) AS daily,
    date_diff('day', DATE '2000-01-01', day) - row_number() OVER (PARTITION BY source, billing_period ORDER BY day) AS run
  FROM days
)
SELECT
  source,
  billing_period,
  min(day) AS first_day,
  CASE
    WHEN max(daily) = 1 THEN max(day)
    ELSE greatest(max(day), coalesce(CAST(CAST(billing_period || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE), max(day)))
  END AS last_day
FROM marked
GROUP BY source, billing_period, CASE WHEN daily = 1 THEN run ELSE 0 END
ORDER BY first_day, last_day, source, billing_period
