-- Athena (Trino) form: element_at returns NULL for a missing key where a map subscript fails.
-- Per resource, the values of the raw tag keys $tag_keys: from its line items in a half-open range
-- of charge days (one row per combination of values, with the lines and EffectiveCost that carry
-- it), and from its latest inventory observation up to the end of the range (lines 1, cost NULL).
-- tag_values is a JSON array of the values, in $tag_keys order, null where the key is absent.
-- The Optimisation page reads the owner of each finding from it.
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param tag_keys VARCHAR[] = []  the raw tag keys whose values tag_values lists, in this order
-- @returns resource_id VARCHAR, source VARCHAR, tag_values VARCHAR, lines BIGINT, effective_cost DECIMAL
WITH latest AS (
  SELECT resource_id, max(observed_at) AS observed_at
  FROM resources
  WHERE observed_at < CAST(CAST($end AS DATE) AS TIMESTAMP) + INTERVAL '1' DAY
  GROUP BY resource_id
),
billed AS (
  SELECT ResourceId, EffectiveCost, transform($tag_keys, k -> element_at(Tags, k)) AS value_list
  FROM line_items
  WHERE ResourceId IS NOT NULL
    AND ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
)
SELECT
  ResourceId AS resource_id,
  'bill' AS source,
  CAST(value_list AS JSON) AS tag_values,
  count(*) AS lines,
  coalesce(sum(EffectiveCost), CAST(0 AS DECIMAL(38, 10))) AS effective_cost
FROM billed
GROUP BY ResourceId, value_list
UNION ALL
SELECT
  r.resource_id,
  'inventory' AS source,
  CAST(transform($tag_keys, k -> element_at(r.tags, k)) AS JSON),
  1,
  CAST(NULL AS DECIMAL(38, 10))
FROM resources r
JOIN latest l ON l.resource_id = r.resource_id AND l.observed_at = r.observed_at
ORDER BY 1, 2, 4 DESC
