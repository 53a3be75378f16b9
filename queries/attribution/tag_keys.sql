-- The raw tag keys on the line items of a date range, with how many lines carry each, the most used
-- first (then in code-point order): Attribution reads it to find every spelling of a key (`team`,
-- `Team`, `owner-team`) before it reads values, and lists the keys most used first (the hint of a
-- key no line carries, the Attribution page's Tag key list, `costlens start`'s suggestion).
-- Lines are counted per tag set (x_TagSetId) from tag_spend_daily, the per-day rollup of the
-- line items (src/store/tag-spend.ts; the Athena twin reads line_items); keys are read from the
-- few distinct tag_sets.
-- Ranges are half-open; the billing bounds select by BillingPeriodStart, the charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @returns tag_key VARCHAR, lines BIGINT
SELECT
  u.tag_key,
  sum(k.lines) AS lines
FROM (
  SELECT s.Tags, g.lines
  FROM (
    SELECT x_TagSetId, sum(lines) AS lines
    FROM tag_spend_daily
    WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
      AND day >= CAST($charge_from AS DATE) AND day < CAST($charge_to AS DATE)
    GROUP BY x_TagSetId
  ) g
  JOIN tag_sets s ON s.tag_set_id = g.x_TagSetId
) k
CROSS JOIN UNNEST(map_keys(k.Tags)) AS u(tag_key)
GROUP BY u.tag_key
ORDER BY sum(k.lines) DESC, u.tag_key
