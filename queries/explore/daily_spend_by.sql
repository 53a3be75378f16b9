-- Spend per day (or per month with $grain, "day" then being its first day) over a half-open range
-- of charge days per value of one dimension (as in
-- explore/spend_by): the $top values with the most spend in the range by name, the rest as
-- "Other", so each day's rows add up to that day's total.
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
-- @param grain VARCHAR = day  one_of=day,month  the bucket of the time axis: each charge day, or each calendar month (its first day)
-- @param top INTEGER = 8  min=1 max=30  how many values to name
-- @requires tag_key when dimension=tag  the tag key to group by
-- @requires tag_key when tag_filter  the tag key whose values tag_filter lists
-- days: the bucket's days inside [$start, $end) (a month at either end of the range, or the month in
-- progress, may hold only some); bucket_days: all of its days (1 for a day, the month's length for a month).
-- @returns day DATE, value VARCHAR, cost DECIMAL, days BIGINT, bucket_days BIGINT
WITH
-- @include filtered_lines.cte.sql
lines AS (
  SELECT
    CAST(date_trunc($grain, ChargePeriodStart) AS DATE) AS day,
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
    CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END AS cost
  FROM filtered_lines
  WHERE NOT contains($exclude_sources, coalesce(x_Source, ''))
),
ranked AS (
  SELECT value, row_number() OVER (ORDER BY sum(cost) DESC, value) AS rank
  FROM lines
  GROUP BY value
),
-- Each line's named value (or Other), grouped by as a column: on Athena each $top is a parameter of
-- its own, so a GROUP BY expression holding one would not match the SELECT's.
named AS (
  SELECT l.day, CASE WHEN r.rank <= $top THEN l.value ELSE 'Other' END AS value, l.cost, r.rank
  FROM lines l
  JOIN ranked r ON r.value = l.value
)
SELECT
  day,
  value,
  sum(cost) AS cost,
  date_diff('day', greatest(day, CAST($start AS DATE)), least(CASE WHEN $grain = 'month' THEN CAST(day + INTERVAL '1' MONTH AS DATE) ELSE CAST(day + INTERVAL '1' DAY AS DATE) END, CAST($end AS DATE))) AS days,
  date_diff('day', day, CASE WHEN $grain = 'month' THEN CAST(day + INTERVAL '1' MONTH AS DATE) ELSE CAST(day + INTERVAL '1' DAY AS DATE) END) AS bucket_days
FROM named
GROUP BY day, value
ORDER BY day, min(rank)
