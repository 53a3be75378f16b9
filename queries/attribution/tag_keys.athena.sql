-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so tags are read per line;
-- element_at returns NULL for a missing key where Tags[key] would fail.
-- The raw tag keys on the line items of a date range, with how many lines carry each, the most used
-- first (then in code-point order): Attribution reads it to find every spelling of a key (`team`,
-- `Team`, `owner-team`) before it reads values, and lists the keys most used first (the hint of a
-- key no line carries, the Attribution page's Tag key list, `costlens start`'s suggestion).
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
  SELECT map_keys(Tags) AS tag_keys, count(*) AS lines
  FROM line_items
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
  GROUP BY map_keys(Tags)
) k
CROSS JOIN UNNEST(k.tag_keys) AS u(tag_key)
GROUP BY u.tag_key
ORDER BY sum(k.lines) DESC, u.tag_key
