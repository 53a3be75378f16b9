-- The tag keys on the line items of a half-open range of charge days, with how many lines and
-- how much cost carry each, most cost first: the choices for grouping by a tag. (Lines are
-- first grouped by their set of keys, so UNNEST runs over a few hundred key lists, not every line.)
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @returns tag_key VARCHAR, lines BIGINT, cost DECIMAL
WITH key_sets AS (
  SELECT
    map_keys(Tags) AS tag_keys,
    count(*) AS lines,
    sum(CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END) AS cost
  FROM line_items
  WHERE ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
  GROUP BY map_keys(Tags)
)
SELECT
  k.tag_key,
  sum(s.lines) AS lines,
  sum(s.cost) AS cost
FROM key_sets s
CROSS JOIN UNNEST(s.tag_keys) AS k (tag_key)
GROUP BY k.tag_key
ORDER BY sum(s.cost) DESC, k.tag_key
