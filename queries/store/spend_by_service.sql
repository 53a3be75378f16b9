-- BilledCost and EffectiveCost per service for one billing period, largest first.
-- @param period VARCHAR  billing period, YYYY-MM
-- @returns ServiceName VARCHAR, rows BIGINT, billed_cost DECIMAL, effective_cost DECIMAL, list_cost DECIMAL
SELECT
  ServiceName,
  count(*) AS rows,
  sum(BilledCost) AS billed_cost,
  sum(EffectiveCost) AS effective_cost,
  sum(ListCost) AS list_cost
FROM line_items
WHERE x_BillingPeriod = $period
GROUP BY ServiceName
ORDER BY sum(BilledCost) DESC, ServiceName
