-- The data horizon: the last complete charge day of usage in the store (the UTC day of the latest
-- usage line, or the day before it when that day's usage lines do not yet reach midnight), the
-- latest day holding any line (fee lines may be dated after the horizon), the first charge day
-- and the latest billing period holding usage. Every default date derives from it. sources counts
-- the sources (provider/billing account) holding any line, of usage or not: with more than one, the
-- store may hold several deliveries, and src/analyze/source-spans.ts (horizonHeldBack) reads each
-- one's horizon (data_horizon_by_source.sql): a delivery lagging at most 7 days (LAGGING_DAYS)
-- behind the latest holds the store's horizon back to its own, and a delivery of fees only (no
-- usage line, another billing account's) is judged on its own bills, even beside one usage source.
-- Reads daily_spend (the per-day rollup of line_items, src/store/daily-spend.ts) and only the
-- usage lines of the last usage day; the Athena twin reads line_items. An empty store gives one
-- row of NULLs.
-- @returns first_day DATE, last_usage_day DATE, last_usage_end TIMESTAMP, horizon DATE, last_charge_day DATE, last_usage_period VARCHAR, sources BIGINT
WITH days AS (
  SELECT
    min(day) AS first_day,
    max(CASE WHEN charge_class = 'usage' THEN day END) AS last_usage_day,
    max(day) AS last_charge_day,
    max(CASE WHEN charge_class = 'usage' THEN x_BillingPeriod END) AS last_usage_period,
    count(DISTINCT x_Source) AS sources
  FROM daily_spend
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
  d.sources
FROM days d
CROSS JOIN ends e
