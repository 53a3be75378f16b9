-- description: report_sends: the weekly report send ledger
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

CREATE TABLE report_sends (
  week VARCHAR NOT NULL,
  audience VARCHAR NOT NULL,
  recipient VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  attempts INTEGER NOT NULL,
  message_id VARCHAR,
  subject VARCHAR,
  error VARCHAR,
  forced BOOLEAN NOT NULL,
  recorded_at TIMESTAMP NOT NULL
);
