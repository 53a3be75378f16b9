-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so the tag value is picked
-- per line; element_at returns NULL for a missing key (and an empty array) where a subscript fails.
-- The cost of two spans side by side at the finest grain `costlens explain` decomposes: charge
-- class, service, usage type, resource, account, region and usage unit, each with its cost and
-- usage quantity (ConsumedQuantity, as DECIMAL) in the old span and in the new one, and the number
-- of lines in each (a grain with no line in a span is absent from it: its cost is "new" or "gone").
-- A span is bounded by billing period (a month: the full bill) or by charge day (a day range):
-- the unused bounds keep their open defaults. Ranges are half-open. The spans must not overlap.
-- $cost picks the measure: 'billed' (BilledCost, the invoice) or 'effective' (EffectiveCost, amortised).
-- tag_value is the line's value of one tag (the team key) as src/analyze/attribution/tag-values.ts reads it:
-- the first of the raw keys $tag_keys carrying a non-blank value, then its canonical value,
-- picked per line; '(untagged)' without one (and for every line when $tag_keys is empty).
-- @param old_billing_from DATE = 1000-01-01  old span: first billing period start included
-- @param old_billing_to DATE = 9999-12-31  old span: billing period starts before this date
-- @param old_charge_from DATE = 1000-01-01  old span: first charge day included
-- @param old_charge_to DATE = 9999-12-31  old span: charges starting before this date
-- @param new_billing_from DATE = 1000-01-01  new span: first billing period start included
-- @param new_billing_to DATE = 9999-12-31  new span: billing period starts before this date
-- @param new_charge_from DATE = 1000-01-01  new span: first charge day included
-- @param new_charge_to DATE = 9999-12-31  new span: charges starting before this date
-- @param old_exclude_sources VARCHAR[] = []  old span: sources (x_Source) whose lines are left out (the weekly report explains its weeks without a delivery that has ended, as it compares them: src/report/week-source-end.ts)
-- @param new_exclude_sources VARCHAR[] = []  new span: sources (x_Source) whose lines are left out
-- @param cost VARCHAR = billed  one_of=billed,effective  the measure
-- @param tag_keys VARCHAR[] = []  the tag's raw keys in pick order (empty: no tag read)
-- @param tag_raw_values VARCHAR[] = []  raw values of the tag that stand for another value (paired with tag_values)
-- @param tag_values VARCHAR[] = []  the value each of tag_raw_values stands for (a raw value not listed stands for itself)
-- @returns charge_class VARCHAR, service VARCHAR, usage_type VARCHAR, resource_id VARCHAR, account_id VARCHAR, account_name VARCHAR, region VARCHAR, tag_value VARCHAR, unit VARCHAR, old_lines BIGINT, old_cost DECIMAL, old_quantity DECIMAL, new_lines BIGINT, new_cost DECIMAL, new_quantity DECIMAL
WITH picked AS (
  SELECT 'old' AS span, x_ChargeClass, ServiceName, x_ProductCode, x_UsageType, SkuMeter, ResourceId, SubAccountId, SubAccountName,
    RegionId, Tags, ConsumedUnit, ConsumedQuantity, BilledCost, EffectiveCost
  FROM line_items
  WHERE BillingPeriodStart >= CAST($old_billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($old_billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($old_charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($old_charge_to AS TIMESTAMP)
    AND NOT contains($old_exclude_sources, coalesce(x_Source, ''))
  UNION ALL
  SELECT 'new' AS span, x_ChargeClass, ServiceName, x_ProductCode, x_UsageType, SkuMeter, ResourceId, SubAccountId, SubAccountName,
    RegionId, Tags, ConsumedUnit, ConsumedQuantity, BilledCost, EffectiveCost
  FROM line_items
  WHERE BillingPeriodStart >= CAST($new_billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($new_billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($new_charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($new_charge_to AS TIMESTAMP)
    AND NOT contains($new_exclude_sources, coalesce(x_Source, ''))
),
tagged AS (
  SELECT picked.*, element_at(filter(transform($tag_keys, k -> element_at(Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) AS raw_value
  FROM picked
),
graded AS (
  SELECT
    span,
    coalesce(x_ChargeClass, 'usage') AS charge_class,
    coalesce(ServiceName, x_ProductCode, '(none)') AS service,
    coalesce(x_UsageType, SkuMeter, '(none)') AS usage_type,
    coalesce(ResourceId, '(none)') AS resource_id,
    coalesce(SubAccountId, '(none)') AS account_id,
    SubAccountName AS account_name,
    coalesce(RegionId, '(none)') AS region,
    coalesce(element_at(map($tag_raw_values, $tag_values), raw_value), raw_value, '(untagged)') AS tag_value,
    coalesce(ConsumedUnit, '') AS unit,
    CAST(ConsumedQuantity AS DECIMAL(38,10)) AS quantity,
    CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END AS cost
  FROM tagged
)
SELECT
  charge_class,
  service,
  usage_type,
  resource_id,
  account_id,
  max(account_name) AS account_name,
  region,
  tag_value,
  unit,
  count(CASE WHEN span = 'old' THEN 1 END) AS old_lines,
  coalesce(sum(CASE WHEN span = 'old' THEN cost END), 0) AS old_cost,
  coalesce(sum(CASE WHEN span = 'old' THEN quantity END), 0) AS old_quantity,
  count(CASE WHEN span = 'new' THEN 1 END) AS new_lines,
  coalesce(sum(CASE WHEN span = 'new' THEN cost END), 0) AS new_cost,
  coalesce(sum(CASE WHEN span = 'new' THEN quantity END), 0) AS new_quantity
FROM graded
GROUP BY charge_class, service, usage_type, resource_id, account_id, region, tag_value, unit
ORDER BY charge_class, service, usage_type, resource_id, account_id, region, tag_value, unit
