-- The sources of the most data transfer cost month to date as of a day (the spans of
-- data_transfer/by_type: the month so far against the same days of the previous month, or as many days just before this month when it is shorter), by
-- resource (ResourceId; lines without one as '(no resource id)') or by usage account: each with
-- its account, its transfer type (or 'several'), cost and GB in both spans and the change.
-- Usage lines only. Ranked by current cost, then previous cost, then key; the limit is a filter
-- on row_number() so the same text runs on Athena.
-- The type is usage_lines_by_transfer_type.cte.sql's (from the usage type, region prefixes aside).
-- Quantities are GB (the usage amount of *Bytes usage types).
-- Days not in the store (before its first charge day, in a gap between billing periods, after the
-- last day one covers: ../calendar/month_to_date_days_in_store.cte.sql) are not days of no
-- transfer, as overview/month_to_date takes them: a span none of whose days the store holds has no
-- cost and no GB (current_cost and current_gb, or previous_cost and previous_gb, NULL on every row),
-- and change is NULL unless the store holds every day of both spans.
-- @param as_of DATE  the last day counted (inclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (beside a delivery that has ended, the Data transfer page compares its spans without its lines, as the Overview does: src/analyze/ended-comparison.ts)
-- @param dimension VARCHAR = resource  one_of=resource,account  what a source is
-- @param top INTEGER = 10  min=1 max=100  how many sources to list
-- @returns source VARCHAR, account_id VARCHAR, account_name VARCHAR, transfer_type VARCHAR, current_cost DECIMAL, previous_cost DECIMAL, change DECIMAL, current_gb DOUBLE, previous_gb DOUBLE
WITH
-- @include usage_lines_by_transfer_type.cte.sql
-- @include ../calendar/month_to_date_spans.cte.sql
-- @include ../calendar/period_days.cte.sql
-- @include ../calendar/covered_days.cte.sql
-- @include ../calendar/month_to_date_days_in_store.cte.sql
transfer_lines AS (
  SELECT
    li.transfer_type,
    CASE WHEN $dimension = 'account' THEN coalesce(li.SubAccountId, '(none)')
      ELSE coalesce(NULLIF(li.ResourceId, ''), '(no resource id)') END AS source,
    li.SubAccountId AS account_id,
    li.SubAccountName AS account_name,
    CASE WHEN li.ChargePeriodStart >= CAST(b.current_start AS TIMESTAMP) THEN 'current'
      WHEN li.ChargePeriodStart < CAST(b.previous_end AS TIMESTAMP) THEN 'previous' END AS side,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS gb,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM usage_lines_by_transfer_type li
  CROSS JOIN bounds b
  WHERE li.ChargePeriodStart >= CAST(b.previous_start AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(b.current_end AS TIMESTAMP)
    AND NOT contains($exclude_sources, coalesce(li.x_Source, ''))
),
per_source AS (
  SELECT
    source,
    CASE WHEN count(DISTINCT account_id) > 1 THEN 'several' ELSE max(account_id) END AS account_id,
    CASE WHEN count(DISTINCT account_id) > 1 THEN NULL ELSE max(account_name) END AS account_name,
    CASE WHEN count(DISTINCT transfer_type) > 1 THEN 'several' ELSE max(transfer_type) END AS transfer_type,
    coalesce(sum(CASE WHEN side = 'current' THEN cost END), 0) AS current_cost,
    coalesce(sum(CASE WHEN side = 'previous' THEN cost END), 0) AS previous_cost,
    round(coalesce(sum(CASE WHEN side = 'current' THEN gb END), 0), 6) AS current_gb,
    round(coalesce(sum(CASE WHEN side = 'previous' THEN gb END), 0), 6) AS previous_gb
  FROM transfer_lines
  WHERE transfer_type IS NOT NULL AND side IS NOT NULL
  GROUP BY source
),
ranked AS (
  SELECT p.*, row_number() OVER (ORDER BY p.current_cost DESC, p.previous_cost DESC, p.current_gb DESC, p.source) AS place
  FROM per_source p
)
SELECT
  r.source,
  r.account_id,
  r.account_name,
  r.transfer_type,
  CASE WHEN d.current_days_in_store > 0 THEN r.current_cost END AS current_cost,
  CASE WHEN d.previous_days_in_store > 0 THEN r.previous_cost END AS previous_cost,
  CASE WHEN d.compared THEN r.current_cost - r.previous_cost END AS change,
  CASE WHEN d.current_days_in_store > 0 THEN r.current_gb END AS current_gb,
  CASE WHEN d.previous_days_in_store > 0 THEN r.previous_gb END AS previous_gb
FROM ranked r
CROSS JOIN spans_in_store d
WHERE r.place <= $top
ORDER BY r.place
