-- Athena (Trino) form: no tag_sets table in the organisation's CUR view, so the tag value is picked
-- per line; element_at returns NULL for a missing key (and an empty array) where a subscript fails;
-- contains() is Trino's list membership and cardinality() a list's length.
-- One budget's scope over two spans of charge days side by side, at the grain `costlens explain`
-- decomposes (src/analyze/explain/drivers.ts reads these rows as it reads explain/cost_drivers):
-- charge class, service, usage type, resource, account, region and usage unit, each with its cost
-- and usage quantity (ConsumedQuantity) in the old span and the new one and its number of lines.
-- The budget's alerts name their drivers from it: this period so far against the same days of the
-- previous period (or as many days just before it when that one is shorter). $cost picks the measure: billed (BilledCost), effective (EffectiveCost) or net
-- (net amortised, as queries/invoice/by_charge_class.sql defines it). The scope filters are those
-- of budgets/scope_daily_spend.sql. Ranges are half-open and must not overlap.
-- @param old_from DATE  old span: first charge day (inclusive)
-- @param old_to DATE  old span: day after its last
-- @param new_from DATE  new span: first charge day (inclusive)
-- @param new_to DATE  new span: day after its last
-- @param cost VARCHAR = billed  one_of=billed,effective,net  the measure
-- @param accounts VARCHAR[] = []  member account ids in scope (empty: every account)
-- @param services VARCHAR[] = []  service names or product codes in scope (empty: every service)
-- @param tag_keys VARCHAR[] = []  the scope tag's raw keys in pick order (empty: no tag filter)
-- @param tag_raw_values VARCHAR[] = []  the raw tag values in scope
-- @param cost_category VARCHAR = (none)  the cost category name ('(none)': no cost category filter)
-- @param cost_category_values VARCHAR[] = []  the cost category values in scope
-- @returns charge_class VARCHAR, service VARCHAR, usage_type VARCHAR, resource_id VARCHAR, account_id VARCHAR, account_name VARCHAR, region VARCHAR, unit VARCHAR, old_lines BIGINT, old_cost DECIMAL, old_quantity DECIMAL, new_lines BIGINT, new_cost DECIMAL, new_quantity DECIMAL
WITH
-- @include ../invoice/net_amortised_lines.cte.sql
picked AS (
  SELECT
    CASE WHEN ChargePeriodStart < CAST($old_to AS TIMESTAMP) THEN 'old' ELSE 'new' END AS span,
    coalesce(x_ChargeClass, 'usage') AS charge_class,
    coalesce(ServiceName, x_ProductCode, '(none)') AS service,
    coalesce(x_UsageType, SkuMeter, '(none)') AS usage_type,
    coalesce(ResourceId, '(none)') AS resource_id,
    coalesce(SubAccountId, '(none)') AS account_id,
    SubAccountName AS account_name,
    coalesce(RegionId, '(none)') AS region,
    coalesce(ConsumedUnit, '') AS unit,
    CAST(ConsumedQuantity AS DECIMAL(38,10)) AS quantity,
    BilledCost,
    EffectiveCost,
    NetCost
  FROM net_amortised_lines
  WHERE ((ChargePeriodStart >= CAST($old_from AS TIMESTAMP) AND ChargePeriodStart < CAST($old_to AS TIMESTAMP))
      OR (ChargePeriodStart >= CAST($new_from AS TIMESTAMP) AND ChargePeriodStart < CAST($new_to AS TIMESTAMP)))
    AND (cardinality($accounts) = 0 OR contains($accounts, SubAccountId))
    AND (cardinality($services) = 0 OR contains($services, ServiceName) OR contains($services, x_ProductCode))
    AND (cardinality($tag_keys) = 0 OR contains($tag_raw_values, element_at(filter(transform($tag_keys, k -> element_at(Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1)))
    AND ($cost_category = '(none)' OR contains($cost_category_values, element_at(x_CostCategories, $cost_category)))
),
graded AS (
  SELECT span, charge_class, service, usage_type, resource_id, account_id, account_name, region, unit, quantity,
    CASE WHEN $cost = 'effective' THEN EffectiveCost WHEN $cost = 'net' THEN NetCost ELSE BilledCost END AS cost
  FROM picked
)
SELECT
  charge_class,
  service,
  usage_type,
  resource_id,
  account_id,
  max(account_name) AS account_name,
  region,
  unit,
  count(CASE WHEN span = 'old' THEN 1 END) AS old_lines,
  coalesce(sum(CASE WHEN span = 'old' THEN cost END), 0) AS old_cost,
  coalesce(sum(CASE WHEN span = 'old' THEN quantity END), 0) AS old_quantity,
  count(CASE WHEN span = 'new' THEN 1 END) AS new_lines,
  coalesce(sum(CASE WHEN span = 'new' THEN cost END), 0) AS new_cost,
  coalesce(sum(CASE WHEN span = 'new' THEN quantity END), 0) AS new_quantity
FROM graded
GROUP BY charge_class, service, usage_type, resource_id, account_id, region, unit
ORDER BY charge_class, service, usage_type, resource_id, account_id, region, unit
