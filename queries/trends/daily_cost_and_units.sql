-- Per day in [$from, $to): the spend of the lines carrying tag $tag_key = $tag_value (raw key as
-- stored in Tags; '*' = every line) and the value of business metric $metric. A day appears when
-- it has billing data or the metric: billing_lines = 0 means the store has no billing data that
-- day (costs NULL); units NULL means the metric has no value that day.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param metric VARCHAR  business metric name, as in business_metrics.metric
-- @param tag_key VARCHAR = *  raw tag key the lines must carry (* = every line)
-- @param tag_value VARCHAR = *  the value of that tag
-- @returns day, billing_lines, lines, billed_cost, effective_cost, units
WITH spend AS (
  SELECT
    CAST(ChargePeriodStart AS DATE) AS day,
    count(*) AS billing_lines,
    sum(CASE WHEN $tag_key = '*' OR Tags[$tag_key] = $tag_value THEN 1 ELSE 0 END) AS lines,
    sum(CASE WHEN $tag_key = '*' OR Tags[$tag_key] = $tag_value THEN BilledCost ELSE 0 END) AS billed_cost,
    sum(CASE WHEN $tag_key = '*' OR Tags[$tag_key] = $tag_value THEN EffectiveCost ELSE 0 END) AS effective_cost
  FROM line_items
  WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND ChargePeriodStart < CAST($to AS TIMESTAMP)
  GROUP BY CAST(ChargePeriodStart AS DATE)
),
units AS (
  SELECT "date" AS day, sum(value) AS units
  FROM business_metrics
  WHERE metric = $metric
    AND "date" >= CAST($from AS DATE)
    AND "date" < CAST($to AS DATE)
  GROUP BY "date"
)
SELECT
  COALESCE(s.day, u.day) AS day,
  COALESCE(s.billing_lines, 0) AS billing_lines,
  COALESCE(s.lines, 0) AS lines,
  s.billed_cost,
  s.effective_cost,
  u.units
FROM spend s
FULL OUTER JOIN units u ON u.day = s.day
ORDER BY 1
