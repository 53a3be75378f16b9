-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so the value is picked per
-- line; element_at returns NULL for a missing key (and for an empty array) where a subscript fails.
-- The raw values of a tag key on the line items of a range, with how many lines carry each: a
-- line's value is the value of the first of the raw keys $tag_keys (the key's spellings, in pick
-- order) that carries a non-blank one. src/analyze/attribution/tag-values.ts reads it to name each value's
-- canonical value.
-- Ranges are half-open; the billing bounds select by BillingPeriodStart, the charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param tag_keys VARCHAR[]  the raw tag keys, in pick order
-- @returns raw_value VARCHAR, lines BIGINT
SELECT raw_value, count(*) AS lines
FROM (
  SELECT element_at(filter(transform($tag_keys, k -> element_at(Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) AS raw_value
  FROM line_items
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
) t
WHERE raw_value IS NOT NULL
GROUP BY raw_value
ORDER BY count(*) DESC, raw_value
