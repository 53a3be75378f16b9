-- The start of the latest billing period in the store (NULL when it holds no line items).
-- @returns billing_period
SELECT CAST(max(BillingPeriodStart) AS DATE) AS billing_period
FROM line_items
