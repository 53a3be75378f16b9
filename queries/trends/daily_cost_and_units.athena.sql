-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so the tag value is
-- picked per line; element_at returns NULL for a missing tag key (and an empty array).
-- Per day in [$from, $to): the spend of the lines whose tag value is $tag_value (every line when
-- $tag_key is '*'), of the usage charge class unless $charges is all, and the value of business metric $metric. The tag value is that of $tag_key
-- as spelled, or, with $tag_keys and the value pairs, as src/analyze/attribution/tag-values.ts normalises it
-- (the first raw key carrying a non-blank value, then its canonical value). A day appears when it
-- has billing data or the metric: billing_lines = 0 means the store has no billing data that day
-- (costs NULL); units NULL means the metric has no value that day.
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
WITH tagged AS (
  SELECT
    CAST(ChargePeriodStart AS DATE) AS day,
    BilledCost,
    EffectiveCost,
    x_ChargeClass,
    CASE WHEN $tag_key = '*' THEN NULL
      ELSE element_at(filter(transform(CASE WHEN cardinality($tag_keys) = 0 THEN ARRAY[$tag_key] ELSE $tag_keys END, k -> element_at(Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1)
    END AS tag_raw_value
  FROM line_items
  WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND ChargePeriodStart < CAST($to AS TIMESTAMP)
),
valued AS (
  SELECT day, BilledCost, EffectiveCost, x_ChargeClass, coalesce(element_at(map($tag_raw_values, $tag_values), tag_raw_value), tag_raw_value) AS tag_value
  FROM tagged
),
spend AS (
  SELECT
    day,
    count(*) AS billing_lines,
    sum(CASE WHEN $tag_key = '*' OR tag_value = $tag_value THEN 1 ELSE 0 END) AS lines,
    sum(CASE WHEN ($tag_key = '*' OR tag_value = $tag_value) AND ($charges = 'all' OR x_ChargeClass = 'usage') THEN BilledCost ELSE 0 END) AS billed_cost,
    sum(CASE WHEN ($tag_key = '*' OR tag_value = $tag_value) AND ($charges = 'all' OR x_ChargeClass = 'usage') THEN EffectiveCost ELSE 0 END) AS effective_cost
  FROM valued
  GROUP BY day
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
