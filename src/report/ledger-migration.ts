/** The send ledger's table as migration 3 created it (src/store/migrations/0003_report_sends.sql; migration 9 adds run_id and intent_at): one row per run's outcome of a weekly report to one recipient. */
export const REPORT_SENDS_DDL = `CREATE TABLE report_sends (
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
)`;
