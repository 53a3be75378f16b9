import type { Migration } from '../store/migrations.ts';

/** The send ledger's table: one row per delivery attempt outcome of a weekly report to one recipient. */
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
