-- Athena (Trino) form: element_at returns NULL for a missing key where a map subscript fails.
-- The raw values of up to four tag keys on each resource's line items charged in [$from, $to),
-- with the EffectiveCost of each combination: the weekly report names the owner of a saving
-- (idle resource, rightsizing) by the tags its own bill carries. Lines without a ResourceId are left out.
-- An unused key slot is bound to (none), which no tag key can be (AWS keys cannot contain parentheses).
-- @param from DATE  first charge day included
-- @param to DATE  charges starting before this day are included
-- @param key_1 VARCHAR = (none)  raw tag key read into value_1
-- @param key_2 VARCHAR = (none)  raw tag key read into value_2
-- @param key_3 VARCHAR = (none)  raw tag key read into value_3
-- @param key_4 VARCHAR = (none)  raw tag key read into value_4
-- @returns resource_id, account_id, value_1, value_2, value_3, value_4, effective_cost
SELECT
  ResourceId AS resource_id,
  SubAccountId AS account_id,
  element_at(Tags, $key_1) AS value_1,
  element_at(Tags, $key_2) AS value_2,
  element_at(Tags, $key_3) AS value_3,
  element_at(Tags, $key_4) AS value_4,
  coalesce(sum(EffectiveCost), CAST(0 AS DECIMAL(38,10))) AS effective_cost
FROM line_items
WHERE ResourceId IS NOT NULL
  AND ChargePeriodStart >= CAST($from AS TIMESTAMP) AND ChargePeriodStart < CAST($to AS TIMESTAMP)
GROUP BY ResourceId, SubAccountId, element_at(Tags, $key_1), element_at(Tags, $key_2), element_at(Tags, $key_3), element_at(Tags, $key_4)
ORDER BY 1, 2
