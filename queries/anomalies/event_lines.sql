-- The cost of the given services and accounts per charge day (UTC day of ChargePeriodStart) in
-- [$from, $to), at the grain an anomaly event is explained by: charge class, service, usage type,
-- resource, account, region and usage unit, with the cost, the usage quantity (ConsumedQuantity,
-- as DECIMAL) and the number of lines of each. A line counts when its service is one of $services
-- or its account one of $accounts, so one read serves every event of a report: the rows of one
-- service (or account) on one day are the same whichever other services, accounts and days are read.
-- src/analyze/anomalies/baseline.ts sums the grains of the event's days against those of the days
-- whose spend the anomaly rule took as the expected one.
-- The service and the account are named as anomalies names them (queries/trends/
-- daily_spend_by_service_and_account.sql, the daily_spend rollup): ServiceName, else x_ProductCode,
-- else '(none)'; SubAccountId, else BillingAccountId. So a day's grains add up to the spend the rule judged.
-- $charges 'usage' keeps the usage charge class only (as the rule's `charges: usage`), 'all' every line.
-- @param services VARCHAR[]  the service names whose lines are read
-- @param accounts VARCHAR[]  the account ids whose lines are read
-- @param from DATE  first charge day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the measure
-- @param charges VARCHAR = usage  one_of=usage,all  which charge classes count
-- @returns day DATE, charge_class VARCHAR, service VARCHAR, usage_type VARCHAR, resource_id VARCHAR, account_id VARCHAR, account_name VARCHAR, region VARCHAR, unit VARCHAR, lines BIGINT, cost DECIMAL, quantity DECIMAL
WITH picked AS (
  SELECT
    CAST(ChargePeriodStart AS DATE) AS day,
    coalesce(x_ChargeClass, 'usage') AS charge_class,
    coalesce(ServiceName, x_ProductCode, '(none)') AS service,
    coalesce(x_UsageType, SkuMeter, '(none)') AS usage_type,
    coalesce(ResourceId, '(none)') AS resource_id,
    coalesce(SubAccountId, BillingAccountId, '(none)') AS account_id,
    CASE WHEN SubAccountId IS NOT NULL THEN SubAccountName ELSE BillingAccountName END AS account_name,
    coalesce(RegionId, '(none)') AS region,
    coalesce(ConsumedUnit, '') AS unit,
    CAST(ConsumedQuantity AS DECIMAL(38,10)) AS quantity,
    CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END AS cost
  FROM line_items
  WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND ChargePeriodStart < CAST($to AS TIMESTAMP)
    AND ($charges = 'all' OR x_ChargeClass = 'usage')
)
SELECT
  day,
  charge_class,
  service,
  usage_type,
  resource_id,
  account_id,
  max(account_name) AS account_name,
  region,
  unit,
  count(*) AS lines,
  sum(cost) AS cost,
  coalesce(sum(quantity), 0) AS quantity
FROM picked
WHERE contains($services, service) OR contains($accounts, account_id)
GROUP BY day, charge_class, service, usage_type, resource_id, account_id, region, unit
ORDER BY day, charge_class, service, usage_type, resource_id, account_id, region, unit
