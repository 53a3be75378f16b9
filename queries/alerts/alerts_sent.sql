-- The alerts `costlens alerts check` sent, from the alert ledger (alert_sends, store migration
-- 0010; src/report/alerts-ledger.ts): one row per alert (kind, subject, threshold) that went out
-- on at least one channel at or after the start of $from (UTC), with its title, when it first went
-- out, on how many channels it was sent and on how many it is still unknown or failed. Latest
-- first (the limit is a filter on row_number(), so the same text parses on Athena). An empty
-- ledger gives no row. The ledger lives in the local store only.
-- @param from DATE  first day (inclusive, UTC) of the sends listed
-- @param top INTEGER = 20  min=1 max=100  how many alerts to list
-- @returns kind VARCHAR, subject_key VARCHAR, threshold VARCHAR, title VARCHAR, first_sent_at TIMESTAMP, channels_sent BIGINT, channels_not_sent BIGINT
WITH sends AS (
  SELECT kind, subject_key, threshold, channel, title, status, recorded_at
  FROM alert_sends
),
sent AS (
  SELECT kind, subject_key, threshold,
    min_by(title, recorded_at) AS title,
    min(recorded_at) AS first_sent_at,
    count(DISTINCT channel) AS channels_sent
  FROM sends
  WHERE status = 'sent'
  GROUP BY kind, subject_key, threshold
  HAVING min(recorded_at) >= CAST($from AS TIMESTAMP)
),
not_sent AS (
  SELECT s.kind, s.subject_key, s.threshold, count(DISTINCT s.channel) AS channels_not_sent
  FROM sends s
  WHERE s.status <> 'sent'
    AND NOT EXISTS (
      SELECT 1 FROM sends t
      WHERE t.kind = s.kind AND t.subject_key = s.subject_key AND t.threshold = s.threshold
        AND t.channel = s.channel AND t.status = 'sent'
    )
  GROUP BY s.kind, s.subject_key, s.threshold
),
ranked AS (
  SELECT sent.kind, sent.subject_key, sent.threshold, sent.title, sent.first_sent_at, sent.channels_sent,
    coalesce(n.channels_not_sent, 0) AS channels_not_sent,
    row_number() OVER (ORDER BY sent.first_sent_at DESC, sent.kind, sent.subject_key, sent.threshold) AS position
  FROM sent
  LEFT JOIN not_sent n ON n.kind = sent.kind AND n.subject_key = sent.subject_key AND n.threshold = sent.threshold
)
SELECT kind, subject_key, threshold, title, first_sent_at, channels_sent, channels_not_sent
FROM ranked
WHERE position <= $top
ORDER BY position
