-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so the value is picked per
-- line; element_at returns NULL for a missing key (and an empty array) where a subscript fails.
-- The canonical value is computed in an inner SELECT and grouped by as a column: Trino binds each
-- $tag_raw_values and $tag_values as parameters of their own, so a GROUP BY expression holding them
-- would not match the SELECT's.
-- The values of the owner tag on each resource's line items charged in [$from, $to), with the
-- EffectiveCost of each: the weekly report names the owner of a saving (idle resource,
-- rightsizing) by the tags its own bill carries. A line's value is that of the first of the raw
-- keys $tag_keys carrying a non-blank one, then its canonical value (the pairs of
-- src/analyze/attribution/tag-values.ts). Lines without a ResourceId or without a value are left out.
-- @param from DATE  first charge day included
-- @param to DATE  charges starting before this day are included
-- @param tag_keys VARCHAR[]  the owner tag's raw keys, in pick order
-- @param tag_raw_values VARCHAR[] = []  raw values of the tag that stand for another value (paired with tag_values)
-- @param tag_values VARCHAR[] = []  the value each of tag_raw_values stands for (a raw value not listed stands for itself)
-- @returns resource_id VARCHAR, account_id VARCHAR, value VARCHAR, effective_cost DECIMAL
SELECT
  resource_id,
  account_id,
  value,
  coalesce(sum(effective_cost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
FROM (
  SELECT
    resource_id,
    account_id,
    coalesce(element_at(map($tag_raw_values, $tag_values), raw_value), raw_value) AS value,
    effective_cost
  FROM (
    SELECT
      ResourceId AS resource_id,
      SubAccountId AS account_id,
      element_at(filter(transform($tag_keys, k -> element_at(Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) AS raw_value,
      EffectiveCost AS effective_cost
    FROM line_items
    WHERE ResourceId IS NOT NULL
      AND ChargePeriodStart >= CAST($from AS TIMESTAMP) AND ChargePeriodStart < CAST($to AS TIMESTAMP)
  ) t
  WHERE raw_value IS NOT NULL
) l
GROUP BY resource_id, account_id, value
ORDER BY 1, 2, 3
