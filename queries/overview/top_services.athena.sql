-- Athena (Trino) form: the limit is a filter on row_number() in WHERE instead of LIMIT $top. A
-- parameter in LIMIT is a row count, not an expression: Trino accepts LIMIT ? only since release
-- 340 (Presto, behind Athena engine v2, rejected it), Athena's documentation places execution
-- parameters only in WHERE, and the parser that checks this file cannot read it. Ranked by the
-- portable file's ORDER BY, whose last key is unique, the same rows come back in the same order.
-- The services with the most spend month-to-date as of a day, each with its spend over the same
-- days of the previous month, or as many days just before this month when it is shorter (the ranges of overview/month_to_date) and its share of this month.
-- By default only usage counts: fees, tax and credits post once a period and are not compared day for day.
-- Days not in the store (before its first charge day, in a gap between billing periods, after the
-- last day one covers: ../calendar/month_to_date_days_in_store.cte.sql) are not $0.00 of spend, as
-- overview/month_to_date takes them: a span none of whose days the store holds has no cost
-- (current_cost or previous_cost NULL, on every row; share_pct NULL with no current cost), and
-- change is NULL unless the store holds every day of both spans.
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param charges VARCHAR = usage  one_of=usage,all  usage only (compared day for day), or all charge classes
-- @param top INTEGER = 10  min=1 max=100  how many services to list
-- @param other VARCHAR = no  one_of=no,yes  yes: the services after the $top largest summed into one more row, "Other (N more)" (as explore/spend_by sums the rest), so the rows add up to this month's usage: the Overview's chart by service draws it
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (beside a delivery that has ended, the Overview compares month to date without its lines, as overview/month_to_date does: src/analyze/ended-comparison.ts)
-- @returns service VARCHAR, current_cost DECIMAL, previous_cost DECIMAL, change DECIMAL, share_pct DOUBLE
WITH
-- @include ../calendar/month_to_date_spans.cte.sql
-- @include ../calendar/period_days.cte.sql
-- @include ../calendar/covered_days.cte.sql
-- @include ../calendar/month_to_date_days_in_store.cte.sql
lines AS (
  SELECT
    coalesce(li.ServiceName, '(none)') AS service,
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
per_service AS (
  SELECT
    service,
    coalesce(sum(CASE WHEN side = 'current' THEN cost END), 0) AS current_cost,
    coalesce(sum(CASE WHEN side = 'previous' THEN cost END), 0) AS previous_cost
  FROM lines
  GROUP BY service
),
-- This month's total over all rows, before the limit: a one-row aggregate joined to each row.
totals AS (
  SELECT sum(current_cost) AS current_total FROM per_service
),
ranked AS (
  SELECT
    service,
    current_cost,
    previous_cost,
    row_number() OVER (ORDER BY current_cost DESC, previous_cost DESC, service) AS place
  FROM per_service
),
-- Each service's row of the result: its place, or $top + 1 for "Other (N more)" when $other is yes; grouped by as a
-- column, as on Athena a GROUP BY expression holding a parameter would not match a SELECT's.
listed AS (
  SELECT service, current_cost, previous_cost, place, least(place, $top + 1) AS row_place
  FROM ranked
  WHERE place <= $top OR $other = 'yes'
),
shown AS (
  SELECT
    CASE WHEN min(place) <= $top THEN min(service) ELSE 'Other (' || CAST(count(*) AS VARCHAR) || ' more)' END AS service,
    sum(current_cost) AS current_cost,
    sum(previous_cost) AS previous_cost,
    min(place) AS place
  FROM listed
  GROUP BY row_place
)
SELECT
  s.service,
  CASE WHEN d.current_days_in_store > 0 THEN s.current_cost END AS current_cost,
  CASE WHEN d.previous_days_in_store > 0 THEN s.previous_cost END AS previous_cost,
  CASE WHEN d.compared THEN s.current_cost - s.previous_cost END AS change,
  round(100 * CAST(s.current_cost AS DOUBLE) / nullif(CAST(t.current_total AS DOUBLE), 0), 2) AS share_pct
FROM shown s
CROSS JOIN totals t
CROSS JOIN spans_in_store d
ORDER BY s.place
