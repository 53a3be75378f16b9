-- The data horizon: the last complete charge day of usage (the UTC day of the latest usage line,
-- or the day before it when that day's usage lines do not yet reach midnight), the latest day
-- holding any line, the first charge day and the latest billing period holding usage.
-- Athena form: Athena has no daily_spend rollup, so it reads line_items. sources is 1: the view
-- over one CUR table is one delivery, judged on its own horizon.
-- @returns first_day DATE, last_usage_day DATE, last_usage_end TIMESTAMP, horizon DATE, last_charge_day DATE, last_usage_period VARCHAR, sources BIGINT
WITH days AS (
  SELECT
    CAST(min(ChargePeriodStart) AS DATE) AS first_day,
    CAST(max(CASE WHEN x_ChargeClass = 'usage' THEN ChargePeriodStart END) AS DATE) AS last_usage_day,
    CAST(max(ChargePeriodStart) AS DATE) AS last_charge_day,
    max(CASE WHEN x_ChargeClass = 'usage' THEN x_BillingPeriod END) AS last_usage_period
  FROM line_items
),
ends AS (
  SELECT max(li.ChargePeriodEnd) AS last_usage_end
  FROM line_items li
  CROSS JOIN days d
  WHERE li.ChargePeriodStart >= CAST(d.last_usage_day AS TIMESTAMP)
    AND li.x_ChargeClass = 'usage'
)
SELECT
  d.first_day,
  d.last_usage_day,
  e.last_usage_end,
  CASE
    WHEN e.last_usage_end >= CAST(d.last_usage_day + INTERVAL '1' DAY AS TIMESTAMP) THEN d.last_usage_day
    ELSE CAST(d.last_usage_day - INTERVAL '1' DAY AS DATE)
  END AS horizon,
  d.last_charge_day,
  d.last_usage_period,
  CAST(1 AS BIGINT) AS sources
FROM days d
CROSS JOIN ends e
