-- What the billing data covers: the first and last charge day, the line count and the last
-- successful ingest. The server reads it to choose the default "as of" day and to show freshness.
-- @returns first_day, last_day, lines, last_ingest
SELECT
  CAST(min(ChargePeriodStart) AS DATE) AS first_day,
  CAST(max(ChargePeriodStart) AS DATE) AS last_day,
  count(*) AS lines,
  (SELECT max(finished_at) FROM ingests WHERE target_table = 'line_items' AND status = 'succeeded') AS last_ingest
FROM line_items
