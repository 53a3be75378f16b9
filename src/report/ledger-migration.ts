import type { Migration } from '../store/migrations.ts';

/** The send ledger's table (as migration 3 created it): one row per run's outcome of a weekly report to one recipient. */
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

/**
 * The store migration that adds the send ledger (append to MIGRATIONS in src/store/migrations.ts;
 * renumber `version` to the next free number if another migration took 3 first).
 * `week` is `YYYY-Www`, `audience` `finance` | `engineering` | `team:NAME`, `recipient` the address
 * in lower case, `status` `sent` or `failed`; a (week, audience, recipient) with a `sent` row is
 * not sent again unless forced.
 */
export const REPORT_LEDGER_MIGRATION: Migration = {
  version: 3,
  description: 'report_sends: the weekly report send ledger',
  statements: [REPORT_SENDS_DDL],
};

/**
 * Migration 9: the ledger learns where each row came from, so the send journal of a run
 * (src/report/ledger-journal.ts) is folded into the store exactly once, and when the send was
 * decided. `status` gains `unknown`: the message was handed to the mail server and the run
 * stopped before the answer was recorded; such a recipient is not sent again unless
 * `--resend-unknown` or `--force` says so. Rows older than this migration have NULL in both.
 */
export const REPORT_LEDGER_JOURNAL_MIGRATION: Migration = {
  version: 9,
  description: 'report_sends.run_id and intent_at: the send journal folded once per run; status unknown',
  statements: [
    `ALTER TABLE report_sends ADD COLUMN IF NOT EXISTS run_id VARCHAR`,
    `ALTER TABLE report_sends ADD COLUMN IF NOT EXISTS intent_at TIMESTAMP`,
  ],
};
