-- CTE fragment (included with `-- @include ../calendar/covered_days.cte.sql` by
-- calendar/billing_period_days and its Athena twin; by every month-to-date query and its Athena
-- form, after period_days.cte.sql and before month_to_date_days_in_store.cte.sql; and by the
-- monthly queries storage/monthly_cost_by_class and data_transfer/monthly_cost_by_type, after
-- period_days.cte.sql and before month_days_in_store.cte.sql): the one rule of which charge
-- days a billing period covers.
-- A period holding usage (the usage charge class: daily or hourly lines) covers the days holding
-- its lines, as runs of consecutive days, so a day inside it without a line (a day the export left
-- out) is not covered; a period without usage (a CUR at monthly time granularity, whose usage lines
-- each span their month, or fees only) covers its whole month from its first charge day: its lines
-- span it. It reads the includer's CTE `period_days` (source, billing_period, day, usage_day: 1
-- when the period's lines of that day include usage; one row per day that holds a line) and
-- defines covered_days: source, billing_period, first_day, last_day (inclusive), one row per run
-- of a period of usage, one per period without.
period_day_runs AS (
  SELECT
    source,
    billing_period,
    day,
    max(usage_day) OVER (PARTITION BY source, billing_period) AS daily,
    date_diff('day', DATE '2000-01-01', day) - row_number() OVER (PARTITION BY source, billing_period ORDER BY day) AS run
  FROM period_days
),
covered_days AS (
  SELECT
    source,
    billing_period,
    min(day) AS first_day,
    CASE
      WHEN max(daily) = 1 THEN max(day)
      ELSE greatest(max(day), coalesce(CAST(CAST(billing_period || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE), max(day)))
    END AS last_day
  FROM period_day_runs
  GROUP BY source, billing_period, CASE WHEN daily = 1 THEN run ELSE 0 END
)
