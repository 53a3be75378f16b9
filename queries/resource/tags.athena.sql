-- Athena (Trino) form: element_at returns NULL for a missing key where a map subscript fails.
-- The tags of one resource as the store holds them: those of its latest inventory observation,
-- and those of its most recent line item in the bill (raw keys, as each source spells them).
-- @param id VARCHAR  the resource id (ResourceId in the bill, resource_id in the inventory)
-- @returns source VARCHAR, tag_key VARCHAR, tag_value VARCHAR
WITH latest_inventory AS (
  SELECT tags
  FROM resources
  WHERE resource_id = $id
  ORDER BY observed_at DESC
  LIMIT 1
),
latest_line AS (
  SELECT Tags AS tags
  FROM line_items
  WHERE ResourceId = $id
  ORDER BY ChargePeriodStart DESC, BillingPeriodStart DESC
  LIMIT 1
)
SELECT 'inventory' AS source, u.tag_key, element_at(i.tags, u.tag_key) AS tag_value
FROM latest_inventory i
CROSS JOIN UNNEST(map_keys(i.tags)) AS u (tag_key)
UNION ALL
SELECT 'bill' AS source, u.tag_key, element_at(l.tags, u.tag_key) AS tag_value
FROM latest_line l
CROSS JOIN UNNEST(map_keys(l.tags)) AS u (tag_key)
ORDER BY 1 DESC, 2
