-- What the store holds: per source and billing period, rows, BilledCost, EffectiveCost, the
-- charge-day range, the last ingest, and whether the period is still provisional: a month after
-- $today's (not yet begun), the current month, and the previous month until AWS issues the invoice
-- (lines without an InvoiceId), as judged on $today; and how many of its lines carry no InvoiceId
-- (the Overview calls a period invoiced only when none does: FOCUS 1.0 has no InvoiceId).
-- @param today DATE  the day provisional periods are judged against (default: the current date)
-- @returns source VARCHAR, format VARCHAR, billing_period VARCHAR, rows BIGINT, billed_cost DECIMAL, effective_cost DECIMAL, first_day DATE, last_day DATE, last_ingest TIMESTAMP, provisional VARCHAR, lines_without_invoice BIGINT
WITH periods AS (
  SELECT
    x_Source AS source,
    min(x_SourceFormat) AS format,
    x_BillingPeriod AS billing_period,
    count(*) AS rows,
    sum(BilledCost) AS billed_cost,
    sum(EffectiveCost) AS effective_cost,
    CAST(min(ChargePeriodStart) AS DATE) AS first_day,
    CAST(max(ChargePeriodStart) AS DATE) AS last_day,
    min(BillingPeriodStart) AS period_start,
    count(*) - count(InvoiceId) AS lines_without_invoice
  FROM line_items
  GROUP BY x_Source, x_BillingPeriod
),
last_ingests AS (
  SELECT source, billing_period, max(finished_at) AS last_ingest
  FROM ingests
  WHERE target_table = 'line_items' AND status = 'succeeded'
  GROUP BY source, billing_period
)
SELECT
  p.source,
  p.format,
  p.billing_period,
  p.rows,
  p.billed_cost,
  p.effective_cost,
  p.first_day,
  p.last_day,
  i.last_ingest,
  CASE
    WHEN p.period_start >= date_trunc('month', CAST($today AS DATE)) + INTERVAL 1 MONTH THEN 'yes: not yet begun'
    WHEN p.period_start >= date_trunc('month', CAST($today AS DATE)) THEN 'yes: current month'
    WHEN p.period_start >= date_trunc('month', CAST($today AS DATE)) - INTERVAL 1 MONTH AND p.lines_without_invoice > 0
      THEN 'yes: not yet invoiced'
    ELSE 'no'
  END AS provisional,
  p.lines_without_invoice
FROM periods p
LEFT JOIN last_ingests i ON i.source = p.source AND i.billing_period = p.billing_period
ORDER BY p.billing_period, p.source
