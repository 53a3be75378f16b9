-- Per day in [$from, $to): the spend of the lines whose tag value is $tag_value (every line when
-- $tag_key is '*'), of the usage charge class unless $charges is all, and the value of business
-- metric $metric. The tag value is that of $tag_key
-- as spelled, or, with $tag_keys and the value pairs, as src/analyze/attribution/tag-values.ts normalises it
-- (the first raw key carrying a non-blank value, then its canonical value), picked once per
-- distinct tag set. A day appears when it has billing data or the metric: billing_lines = 0 means
-- the store has no billing data that day (costs NULL); units NULL means the metric has no value that day.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param metric VARCHAR  business metric name, as in business_metrics.metric
-- @param tag_key VARCHAR = *  the tag key the lines must carry (* = every line)
-- @param tag_keys VARCHAR[] = []  the tag's raw keys in pick order, as src/analyze/attribution/tag-values.ts reads them (empty: tag_key alone)
-- @param tag_raw_values VARCHAR[] = []  raw values of the tag that stand for another value (paired with tag_values)
-- @param tag_values VARCHAR[] = []  the value each of tag_raw_values stands for (a raw value not listed stands for itself)
-- @param tag_value VARCHAR = *  the value of that tag
-- @param charges VARCHAR = usage  one_of=usage,all  usage: the usage charge class only (recurring fees, one-time charges, tax and credits post once a period, so they are not daily spend); all: every line on its charge day
-- @returns day DATE, billing_lines BIGINT, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL, units DOUBLE
WITH tag_set_values AS (
  SELECT tag_set_id, coalesce($tag_values[list_position($tag_raw_values, raw_value)], raw_value) AS value
  FROM (
    SELECT tag_set_id, list_filter(list_transform(CASE WHEN len($tag_keys) = 0 THEN [$tag_key] ELSE $tag_keys END, k -> Tags[k]), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> '')[1] AS raw_value
    FROM tag_sets
    WHERE $tag_key <> '*'
  ) p
  WHERE raw_value IS NOT NULL
),
spend AS (
  SELECT
    CAST(l.ChargePeriodStart AS DATE) AS day,
    count(*) AS billing_lines,
    sum(CASE WHEN $tag_key = '*' OR t.value = $tag_value THEN 1 ELSE 0 END) AS lines,
    sum(CASE WHEN ($tag_key = '*' OR t.value = $tag_value) AND ($charges = 'all' OR l.x_ChargeClass = 'usage') THEN l.BilledCost ELSE 0 END) AS billed_cost,
    sum(CASE WHEN ($tag_key = '*' OR t.value = $tag_value) AND ($charges = 'all' OR l.x_ChargeClass = 'usage') THEN l.EffectiveCost ELSE 0 END) AS effective_cost
  FROM line_items l
  LEFT JOIN tag_set_values t ON t.tag_set_id = l.x_TagSetId
  WHERE l.ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND l.ChargePeriodStart < CAST($to AS TIMESTAMP)
  GROUP BY CAST(l.ChargePeriodStart AS DATE)
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
