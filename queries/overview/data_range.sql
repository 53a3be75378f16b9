-- What the billing data covers: the first and last charge day, the line count and the last
-- successful ingest. The server reads it to choose the default "as of" day and to show freshness.
-- @returns first_day DATE, last_day DATE, lines BIGINT, last_ingest TIMESTAMP
WITH span AS (
  SELECT
    CAST(min(ChargePeriodStart) AS DATE) AS first_day,
    CAST(max(ChargePeriodStart) AS DATE) AS last_day,
    count(*) AS lines
  FROM line_items
),
latest_ingest AS (
  SELECT max(finished_at) AS last_ingest
  FROM ingests
  WHERE target_table = 'line_items' AND status = 'succeeded'
)
-- Both are one-row aggregates, so the join is one row even on an empty store.
SELECT s.first_day, s.last_day, s.lines, i.last_ingest
FROM span s
CROSS JOIN latest_ingest i
