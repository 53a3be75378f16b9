-- Athena (Trino) form: element_at returns NULL for a missing key where a map subscript fails.
-- Spend over a half-open range of charge days grouped by one dimension: service (ServiceName),
-- account (SubAccountId), region (RegionId), usage_type (x_UsageType) or tag (the value of the
-- tag $tag_key). The $top largest groups are listed by value, largest first, and the rest are
-- summed into one "Other (N more)" row, so the rows always add up to the range's total. Lines
-- without a value are grouped as "(untagged)" for a tag and "(none)" otherwise.
-- @param dimension VARCHAR = service  what to group by (one of: service, account, region, usage_type, tag)
-- @param tag_key VARCHAR = -  the tag key to group by when dimension is tag
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param cost VARCHAR = billed  the cost to sum (one of: billed, effective)
-- @param top INTEGER = 25  how many groups to list before "Other" (1 to 500)
-- @returns value, name, cost, lines, share_pct, rank
WITH lines AS (
  SELECT
    coalesce(
      CASE $dimension
        WHEN 'service' THEN ServiceName
        WHEN 'account' THEN SubAccountId
        WHEN 'region' THEN RegionId
        WHEN 'usage_type' THEN x_UsageType
        WHEN 'tag' THEN element_at(Tags, $tag_key)
      END,
      CASE WHEN $dimension = 'tag' THEN '(untagged)' ELSE '(none)' END
    ) AS value,
    CASE WHEN $dimension = 'account' THEN SubAccountName END AS name,
    CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END AS cost
  FROM line_items
  WHERE ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
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
)
SELECT
  CASE WHEN min(g.rank) <= $top THEN min(g.value)
    ELSE 'Other (' || CAST(count(*) AS VARCHAR) || ' more)' END AS value,
  CASE WHEN min(g.rank) <= $top THEN min(g.name) END AS name,
  sum(g.cost) AS cost,
  sum(g.lines) AS lines,
  round(100 * CAST(sum(g.cost) AS DOUBLE) / nullif(CAST(min(t.cost) AS DOUBLE), 0), 2) AS share_pct,
  min(g.rank) AS rank
FROM grouped g
CROSS JOIN total t
GROUP BY least(g.rank, $top + 1)
ORDER BY min(g.rank)
