-- Athena (Trino) form: the limit is a filter on row_number() in WHERE instead of LIMIT $top. A
-- parameter in LIMIT is a row count, not an expression: Trino accepts LIMIT ? only since release
-- 340 (Presto, behind Athena engine v2, rejected it), Athena's documentation places execution
-- parameters only in WHERE, and the parser that checks this file cannot read it. Ranked by the
-- portable file's ORDER BY, whose last key is unique, the same rows come back in the same order.
-- The accounts (SubAccountId, with their name) with the most spend month-to-date as of a day,
-- each with its spend over the same days of the previous month, or as many days just before this month when it is shorter (the ranges of
-- overview/month_to_date) and its share of this month.
-- By default only usage counts: fees, tax and credits post once a period and are not compared day for day.
-- Days not in the store (before its first charge day, in a gap between billing periods, after the
-- last day one covers: ../calendar/month_to_date_days_in_store.cte.sql) are not $0.00 of spend, as
-- overview/month_to_date takes them: a span none of whose days the store holds has no cost
-- (current_cost or previous_cost NULL, on every row; share_pct NULL with no current cost), and
-- change is NULL unless the store holds every day of both spans.
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param charges VARCHAR = usage  one_of=usage,all  usage only (compared day for day), or all charge classes
-- @param top INTEGER = 10  min=1 max=100  how many accounts to list
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (beside a delivery that has ended, the Overview compares month to date without its lines, as overview/month_to_date does: src/analyze/ended-comparison.ts)
-- @returns account_id VARCHAR, account_name VARCHAR, current_cost DECIMAL, previous_cost DECIMAL, change DECIMAL, share_pct DOUBLE
WITH
-- @include ../calendar/month_to_date_spans.cte.sql
-- @include ../calendar/period_days.cte.sql
-- @include ../calendar/covered_days.cte.sql
-- @include ../calendar/month_to_date_days_in_store.cte.sql
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
    AND NOT contains($exclude_sources, coalesce(li.x_Source, ''))
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
),
ranked AS (
  SELECT
    account_id,
    account_name,
    current_cost,
    previous_cost,
    current_cost - previous_cost AS change,
    round(100 * CAST(current_cost AS DOUBLE) / nullif(CAST(t.current_total AS DOUBLE), 0), 2) AS share_pct,
    row_number() OVER (ORDER BY current_cost DESC, previous_cost DESC, account_id) AS place
  FROM per_account
  CROSS JOIN totals t
)
SELECT
  r.account_id,
  r.account_name,
  CASE WHEN d.current_days_in_store > 0 THEN r.current_cost END AS current_cost,
  CASE WHEN d.previous_days_in_store > 0 THEN r.previous_cost END AS previous_cost,
  CASE WHEN d.compared THEN r.change END AS change,
  r.share_pct
FROM ranked r
CROSS JOIN spans_in_store d
WHERE r.place <= $top
ORDER BY r.place
