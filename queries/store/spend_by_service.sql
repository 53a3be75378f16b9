-- BilledCost and EffectiveCost per service for one billing period, largest first.
-- @param period VARCHAR  pattern=[0-9]{4}-(0[1-9]|1[0-2])  billing period, YYYY-MM (a month 01 to 12)
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
