-- The accounts (SubAccountId, with their name) with the most spend month-to-date as of a day,
-- each with its spend over the same days of the previous month, or as many days just before this month when it is shorter (the ranges of
-- overview/month_to_date) and its share of this month.
-- By default only usage counts: fees, tax and credits post once a period and are not compared day for day.
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param charges VARCHAR = usage  one_of=usage,all  usage only (compared day for day), or all charge classes
-- @param top INTEGER = 10  min=1 max=100  how many accounts to list
-- @returns account_id VARCHAR, account_name VARCHAR, current_cost DECIMAL, previous_cost DECIMAL, change DECIMAL, share_pct DOUBLE
WITH
-- @include ../calendar/month_to_date_spans.cte.sql
lines AS (
  SELECT
    coalesce(li.SubAccountId, '(none)') AS account_id,
    li.SubAccountName AS account_name,
    CASE WHEN li.ChargePeriodStart >= CAST(b.current_start AS TIMESTAMP) THEN 'current'
      WHEN li.ChargePeriodStart < CAST(b.previous_end AS TIMESTAMP) THEN 'previous' END AS side,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM line_items li
  CROSS JOIN bounds b
  WHERE li.ChargePeriodStart >= CAST(b.previous_start AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(b.current_end AS TIMESTAMP)
    AND ($charges = 'all' OR li.x_ChargeClass = 'usage')
),
per_account AS (
  SELECT
    account_id,
    max(account_name) AS account_name,
    coalesce(sum(CASE WHEN side = 'current' THEN cost END), 0) AS current_cost,
    coalesce(sum(CASE WHEN side = 'previous' THEN cost END), 0) AS previous_cost
  FROM lines
  GROUP BY account_id
),
-- This month's total over all rows, before the limit: a one-row aggregate joined to each row.
totals AS (
  SELECT sum(current_cost) AS current_total FROM per_account
)
SELECT
  account_id,
  account_name,
  current_cost,
  previous_cost,
  current_cost - previous_cost AS change,
  round(100 * CAST(current_cost AS DOUBLE) / nullif(CAST(t.current_total AS DOUBLE), 0), 2) AS share_pct
FROM per_account
CROSS JOIN totals t
ORDER BY current_cost DESC, previous_cost DESC, account_id
LIMIT $top
