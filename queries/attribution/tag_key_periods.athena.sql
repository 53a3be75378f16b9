-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so the keys are read per line;
-- element_at returns NULL past an array's end, so a line carries one of the keys when the filter keeps one.
-- The billing periods whose line items carry any of the raw tag keys $tag_keys (a key's spellings),
-- with how many lines carry one: `costlens attribute` names them when no line of the range asked
-- for carries the key (src/cli/attribute-absent.ts).
-- @param tag_keys VARCHAR[]  the raw tag keys
-- @returns billing_period DATE, lines BIGINT
SELECT
  CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
  count(*) AS lines
FROM line_items
WHERE element_at(filter(map_keys(Tags), k -> contains($tag_keys, k)), 1) IS NOT NULL
GROUP BY 1
ORDER BY 1
