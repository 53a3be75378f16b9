-- The data horizon of each source (provider/billing account) as queries/calendar/data_horizon.sql
-- gives the store's, one row per billing period of the source and file its lines were ingested
-- from (the files of the period's latest successful ingest, which replaced what the store held of
-- it: the ingests table; NULL when none is recorded): a source's first charge day, the last
-- complete charge day of its usage (last_usage_day, or the day before it when that day's usage
-- lines do not yet reach midnight: last_usage_end), its latest day holding any line and its latest
-- billing period holding usage. Sources that share a file (the FOCUS sample's AWS, Microsoft and
-- Oracle accounts) are one delivery, whose billing periods are judged complete against its data:
-- src/analyze/source-spans.ts joins them, so a source whose data stops early is not called
-- complete by another source's later data. A source without usage lines (fees only) has no
-- horizon: its periods are judged as whole bills, complete once invoiced, so of such a source
-- alone each period counts its lines and those without an InvoiceId (NULL for a source of usage).
-- Reads daily_spend, the ingests table, the usage lines of each source's last usage day and the
-- lines of the sources without usage.
-- No Athena twin: the view over one CUR table is one delivery, judged on data_horizon alone.
-- @returns source VARCHAR, billing_period VARCHAR, file VARCHAR, first_day DATE, last_usage_day DATE, last_usage_end TIMESTAMP, last_charge_day DATE, last_usage_period VARCHAR, lines BIGINT, lines_without_invoice BIGINT
WITH periods AS (
  SELECT DISTINCT x_Source AS source, x_BillingPeriod AS billing_period
  FROM daily_spend
),
sources AS (
  SELECT
    x_Source AS source,
    min(day) AS first_day,
    max(CASE WHEN charge_class = 'usage' THEN day END) AS last_usage_day,
    max(day) AS last_charge_day,
    max(CASE WHEN charge_class = 'usage' THEN x_BillingPeriod END) AS last_usage_period
  FROM daily_spend
  GROUP BY x_Source
),
ends AS (
  SELECT s.source, max(li.ChargePeriodEnd) AS last_usage_end
  FROM line_items li
  JOIN sources s ON li.x_Source = s.source
  WHERE li.x_ChargeClass = 'usage'
    AND li.ChargePeriodStart >= CAST(s.last_usage_day AS TIMESTAMP)
  GROUP BY s.source
),
invoiced AS (
  SELECT li.x_Source AS source, li.x_BillingPeriod AS billing_period, count(*) AS lines, count(*) - count(li.InvoiceId) AS lines_without_invoice
  FROM line_items li
  JOIN sources s ON li.x_Source = s.source
  WHERE s.last_usage_day IS NULL
  GROUP BY li.x_Source, li.x_BillingPeriod
),
latest_ingests AS (
  SELECT source, billing_period, max(finished_at) AS finished_at
  FROM ingests
  WHERE target_table = 'line_items' AND status = 'succeeded'
  GROUP BY source, billing_period
),
files AS (
  SELECT DISTINCT i.source, i.billing_period, unnest(i.files) AS file
  FROM ingests i
  JOIN latest_ingests l ON l.source = i.source AND l.billing_period = i.billing_period AND l.finished_at = i.finished_at
  WHERE i.target_table = 'line_items' AND i.status = 'succeeded'
)
SELECT
  p.source,
  p.billing_period,
  f.file,
  s.first_day,
  s.last_usage_day,
  e.last_usage_end,
  s.last_charge_day,
  s.last_usage_period,
  v.lines,
  v.lines_without_invoice
FROM periods p
JOIN sources s ON s.source = p.source
LEFT JOIN ends e ON e.source = p.source
LEFT JOIN invoiced v ON v.source = p.source AND v.billing_period = p.billing_period
LEFT JOIN files f ON f.source = p.source AND f.billing_period = p.billing_period
ORDER BY p.source, p.billing_period, f.file
