-- BilledCost and EffectiveCost per service for one billing period, largest first.
-- @param period VARCHAR  billing period, YYYY-MM
-- @returns ServiceName, rows, billed_cost, effective_cost, list_cost
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
