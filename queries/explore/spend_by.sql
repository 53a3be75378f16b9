-- Spend over a half-open range of charge days grouped by one dimension: service (ServiceName),
-- account (SubAccountId), region (RegionId), usage_type (x_UsageType) or tag (the value of the
-- tag: of $tag_key as spelled, or, with $tag_keys and the value pairs, as src/analyze/attribution/tag-values.ts
-- normalises it, so "payments " and "Payments" are one group). The $top largest groups are
-- listed by value, largest first, and the rest are summed into one "Other (N more)" row, so the
-- rows always add up to the range's total. Lines without a value are grouped as "(untagged)" for
-- a tag and "(none)" otherwise.
-- @param dimension VARCHAR = service  one_of=service,account,region,usage_type,tag,resource  what to group by
-- @param tag_key VARCHAR = -  the tag key to group by when dimension is tag, and whose values tag_filter lists
-- @param tag_keys VARCHAR[] = []  the tag's raw keys in pick order, as src/analyze/attribution/tag-values.ts reads them (empty: tag_key alone)
-- @param tag_raw_values VARCHAR[] = []  raw values of the tag that stand for another value (paired with tag_values)
-- @param tag_values VARCHAR[] = []  the value each of tag_raw_values stands for (a raw value not listed stands for itself)
-- @param accounts VARCHAR[] = []  only these accounts (SubAccountId; empty: every account)
-- @param services VARCHAR[] = []  only these services (ServiceName; empty: every service)
-- @param regions VARCHAR[] = []  only these regions (RegionId; empty: every region)
-- @param usage_types VARCHAR[] = []  only these usage types (x_UsageType; empty: every usage type)
-- @param charge_classes VARCHAR[] = []  only these charge classes (x_ChargeClass: usage, recurring, one-time, tax, credit; empty: every class)
-- @param tag_filter VARCHAR[] = []  only lines whose $tag_key value (read as for the tag dimension) is one of these; "(untagged)" for none (empty: every line)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (Explore compares usage without a delivery that has ended, as the weekly e-mail compares its weeks: src/analyze/ended-comparison.ts)
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param top INTEGER = 25  min=1 max=500  how many groups to list before "Other"
-- @requires tag_key when dimension=tag  the tag key to group by
-- @requires tag_key when tag_filter  the tag key whose values tag_filter lists
-- @returns value VARCHAR, name VARCHAR, cost DECIMAL, lines BIGINT, share_pct DOUBLE, rank BIGINT
WITH
-- @include filtered_lines.cte.sql
lines AS (
  SELECT
    coalesce(
      CASE $dimension
        WHEN 'service' THEN ServiceName
        WHEN 'account' THEN SubAccountId
        WHEN 'region' THEN RegionId
        WHEN 'usage_type' THEN x_UsageType
        WHEN 'resource' THEN ResourceId
        WHEN 'tag' THEN tag_value
      END,
      CASE WHEN $dimension = 'tag' THEN '(untagged)' ELSE '(none)' END
    ) AS value,
    CASE WHEN $dimension = 'account' THEN SubAccountName END AS name,
    CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END AS cost
  FROM filtered_lines
  WHERE NOT contains($exclude_sources, coalesce(x_Source, ''))
),
grouped AS (
  SELECT
    value,
    max(name) AS name,
    sum(cost) AS cost,
    count(*) AS lines,
    row_number() OVER (ORDER BY sum(cost) DESC, value) AS rank
  FROM lines
  GROUP BY value
),
total AS (
  SELECT sum(cost) AS cost FROM grouped
),
-- Each group's row of the result: its rank, or $top + 1 for Other; grouped by as a column, as on
-- Athena a GROUP BY expression holding a parameter would not match a SELECT's.
listed AS (
  SELECT value, name, cost, lines, rank, least(rank, $top + 1) AS row_rank FROM grouped
)
SELECT
  CASE WHEN min(g.rank) <= $top THEN min(g.value)
    ELSE 'Other (' || CAST(count(*) AS VARCHAR) || ' more)' END AS value,
  CASE WHEN min(g.rank) <= $top THEN min(g.name) END AS name,
  sum(g.cost) AS cost,
  sum(g.lines) AS lines,
  round(100 * CAST(sum(g.cost) AS DOUBLE) / nullif(CAST(min(t.cost) AS DOUBLE), 0), 2) AS share_pct,
  min(g.rank) AS rank
FROM listed g
CROSS JOIN total t
GROUP BY g.row_rank
ORDER BY min(g.rank)
