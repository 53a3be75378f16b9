-- What each billing period holds, per charge class: its lines, those of the Usage charge category
-- among them (FOCUS ChargeCategory: CUR Usage, DiscountedUsage, Savings Plan covered usage and
-- negation) and those without an InvoiceId (not invoiced yet). Read when the store has no data
-- horizon (no line of the usage charge class), to say what it holds instead: a CUR at monthly
-- time granularity (Usage lines, each spanning its month, so of the recurring class), fees only,
-- or nothing; and which of its monthly bills are complete. The Overview reads it on every store to
-- call a billing period invoiced only when none of its lines lacks an InvoiceId (FOCUS 1.0 has none).
-- @returns billing_period VARCHAR, charge_class VARCHAR, lines BIGINT, usage_lines BIGINT, lines_without_invoice BIGINT
SELECT
  x_BillingPeriod AS billing_period,
  x_ChargeClass AS charge_class,
  count(*) AS lines,
  count(CASE WHEN ChargeCategory = 'Usage' THEN 1 END) AS usage_lines,
  count(*) - count(InvoiceId) AS lines_without_invoice
FROM line_items
GROUP BY x_BillingPeriod, x_ChargeClass
ORDER BY billing_period, charge_class
