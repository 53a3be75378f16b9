-- The raw tag keys in the resource inventory, with how many resources carry each: with the bill's
-- own keys (attribution/tag_keys) they are the spellings an owner tag may have.
-- @returns tag_key VARCHAR, resources BIGINT
SELECT
  u.tag_key,
  count(DISTINCT r.resource_id) AS resources
FROM resources r
CROSS JOIN UNNEST(map_keys(r.tags)) AS u (tag_key)
GROUP BY u.tag_key
ORDER BY u.tag_key
