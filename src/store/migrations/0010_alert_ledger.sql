-- description: alert_sends: the alert ledger (one row per run's outcome of one alert on one channel)
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

CREATE TABLE IF NOT EXISTS alert_sends (
  kind VARCHAR NOT NULL,
  subject_key VARCHAR NOT NULL,
  threshold VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  attempts INTEGER NOT NULL,
  title VARCHAR,
  detail VARCHAR,
  error VARCHAR,
  run_id VARCHAR NOT NULL,
  intent_at TIMESTAMP,
  recorded_at TIMESTAMP NOT NULL
);
