-- description: report_sends.run_id and intent_at: the send journal folded once per run; status unknown
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

ALTER TABLE report_sends ADD COLUMN IF NOT EXISTS run_id VARCHAR;

ALTER TABLE report_sends ADD COLUMN IF NOT EXISTS intent_at TIMESTAMP;
