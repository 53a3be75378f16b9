-- The values of the owner tag on each resource's line items charged in [$from, $to), with the
-- EffectiveCost of each: the weekly report names the owner of a saving (idle resource,
-- rightsizing) by the tags its own bill carries. A line's value is that of the first of the raw
-- keys $tag_keys carrying a non-blank one, then its canonical value (the pairs of
-- src/analyze/attribution/tag-values.ts), picked once per distinct tag set. Lines without a ResourceId or
-- without a value are left out.
-- @param from DATE  first charge day included
-- @param to DATE  charges starting before this day are included
-- @param tag_keys VARCHAR[]  the owner tag's raw keys, in pick order
-- @param tag_raw_values VARCHAR[] = []  raw values of the tag that stand for another value (paired with tag_values)
-- @param tag_values VARCHAR[] = []  the value each of tag_raw_values stands for (a raw value not listed stands for itself)
-- @returns resource_id VARCHAR, account_id VARCHAR, value VARCHAR, effective_cost DECIMAL
WITH tag_set_values AS (
  SELECT tag_set_id, coalesce($tag_values[list_position($tag_raw_values, raw_value)], raw_value) AS value
  FROM (
    SELECT tag_set_id, list_filter(list_transform($tag_keys, k -> Tags[k]), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> '')[1] AS raw_value
    FROM tag_sets
  ) p
  WHERE raw_value IS NOT NULL
)
SELECT
  l.ResourceId AS resource_id,
  l.SubAccountId AS account_id,
  t.value,
  coalesce(sum(l.EffectiveCost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
FROM line_items l
JOIN tag_set_values t ON t.tag_set_id = l.x_TagSetId
WHERE l.ResourceId IS NOT NULL
  AND l.ChargePeriodStart >= CAST($from AS TIMESTAMP) AND l.ChargePeriodStart < CAST($to AS TIMESTAMP)
GROUP BY l.ResourceId, l.SubAccountId, t.value
ORDER BY 1, 2, 3
