-- Athena (Trino) form: element_at returns NULL for a missing key where a map subscript fails.
-- Per resource, the values of up to eight raw tag keys: from its line items in a half-open range
-- of charge days (one row per combination of values, with the lines and EffectiveCost that carry
-- it), and from its latest inventory observation up to the end of the range (lines 1, cost NULL).
-- The Optimisation page reads the owner of each finding from it; an unused key slot is bound to
-- (none), which no tag key can be (AWS keys cannot contain parentheses).
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param key_1 VARCHAR = (none)  raw tag key read into value_1
-- @param key_2 VARCHAR = (none)  raw tag key read into value_2
-- @param key_3 VARCHAR = (none)  raw tag key read into value_3
-- @param key_4 VARCHAR = (none)  raw tag key read into value_4
-- @param key_5 VARCHAR = (none)  raw tag key read into value_5
-- @param key_6 VARCHAR = (none)  raw tag key read into value_6
-- @param key_7 VARCHAR = (none)  raw tag key read into value_7
-- @param key_8 VARCHAR = (none)  raw tag key read into value_8
-- @returns resource_id, source, value_1, value_2, value_3, value_4, value_5, value_6, value_7, value_8, lines, effective_cost
WITH latest AS (
  SELECT resource_id, max(observed_at) AS observed_at
  FROM resources
  WHERE observed_at < CAST(CAST($end AS DATE) AS TIMESTAMP) + INTERVAL '1' DAY
  GROUP BY resource_id
)
SELECT
  ResourceId AS resource_id,
  'bill' AS source,
  element_at(Tags, $key_1) AS value_1,
  element_at(Tags, $key_2) AS value_2,
  element_at(Tags, $key_3) AS value_3,
  element_at(Tags, $key_4) AS value_4,
  element_at(Tags, $key_5) AS value_5,
  element_at(Tags, $key_6) AS value_6,
  element_at(Tags, $key_7) AS value_7,
  element_at(Tags, $key_8) AS value_8,
  count(*) AS lines,
  coalesce(sum(EffectiveCost), CAST(0 AS DECIMAL(38, 10))) AS effective_cost
FROM line_items
WHERE ResourceId IS NOT NULL
  AND ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
  AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
GROUP BY ResourceId, element_at(Tags, $key_1), element_at(Tags, $key_2), element_at(Tags, $key_3), element_at(Tags, $key_4), element_at(Tags, $key_5), element_at(Tags, $key_6), element_at(Tags, $key_7), element_at(Tags, $key_8)
UNION ALL
SELECT
  r.resource_id,
  'inventory' AS source,
  element_at(r.tags, $key_1),
  element_at(r.tags, $key_2),
  element_at(r.tags, $key_3),
  element_at(r.tags, $key_4),
  element_at(r.tags, $key_5),
  element_at(r.tags, $key_6),
  element_at(r.tags, $key_7),
  element_at(r.tags, $key_8),
  1,
  CAST(NULL AS DECIMAL(38, 10))
FROM resources r
JOIN latest l ON l.resource_id = r.resource_id AND l.observed_at = r.observed_at
ORDER BY 1, 2, 11 DESC
