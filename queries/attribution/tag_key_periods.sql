-- The billing periods whose line items carry any of the raw tag keys $tag_keys (a key's spellings),
-- with how many lines carry one: `costlens attribute` names them when no line of the range asked
-- for carries the key (src/cli/attribute-absent.ts). Lines are counted per tag set (x_TagSetId)
-- from tag_spend_daily (src/store/tag-spend.ts); the Athena twin reads line_items.
-- @param tag_keys VARCHAR[]  the raw tag keys
-- @returns billing_period DATE, lines BIGINT
SELECT
  CAST(date_trunc('month', g.BillingPeriodStart) AS DATE) AS billing_period,
  sum(g.lines) AS lines
FROM tag_spend_daily g
JOIN tag_sets s ON s.tag_set_id = g.x_TagSetId
WHERE list_has_any(map_keys(s.Tags), CAST($tag_keys AS VARCHAR[]))
GROUP BY 1
ORDER BY 1
