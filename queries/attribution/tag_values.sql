-- The raw values of a tag key on the line items of a range, with how many lines carry each: a
-- line's value is the value of the first of the raw keys $tag_keys (the key's spellings, in pick
-- order) that carries a non-blank one. src/analyze/attribution/tag-values.ts reads it to name each value's
-- canonical value. The value is picked once per distinct tag set (tag_sets) and lines are counted
-- per tag set from tag_spend_daily (src/store/tag-spend.ts); the Athena twin reads line_items.
-- Ranges are half-open; the billing bounds select by BillingPeriodStart, the charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param tag_keys VARCHAR[]  the raw tag keys, in pick order
-- @returns raw_value VARCHAR, lines BIGINT
WITH sets AS (
  SELECT x_TagSetId, sum(lines) AS lines
  FROM tag_spend_daily
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND day >= CAST($charge_from AS DATE) AND day < CAST($charge_to AS DATE)
  GROUP BY x_TagSetId
),
picked AS (
  SELECT
    list_filter(list_transform($tag_keys, k -> s.Tags[k]), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> '')[1] AS raw_value,
    g.lines
  FROM sets g
  JOIN tag_sets s ON s.tag_set_id = g.x_TagSetId
)
SELECT raw_value, sum(lines) AS lines
FROM picked
WHERE raw_value IS NOT NULL
GROUP BY raw_value
ORDER BY sum(lines) DESC, raw_value
