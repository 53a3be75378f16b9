/**
 * The send ledger in the store (table report_sends): which weekly report went to whom. Each
 * message is checked and recorded under the store's writer lock, inside one new generation of
 * the store (src/store/generation.ts): two report runs never send the same (week, audience,
 * recipient) twice, readers such as `costlens serve` are never blocked, and an ingest waits at
 * most one message's delivery.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { writeNewGeneration, type GenerationOptions } from '../store/generation.ts';

/** One outcome for one recipient. */
export interface LedgerEntry {
  week: string;
  audience: string;
  /** Lower case. */
  recipient: string;
  status: 'sent' | 'failed';
  attempts: number;
  messageId: string | null;
  subject: string;
  error: string | null;
  forced: boolean;
}

/** The ledger as one message's delivery sees it. */
export interface LedgerSession {
  /** Recipients (lower case) that already have a `sent` row for this week and audience. */
  sentTo(week: string, audience: string): Promise<Set<string>>;
  record(entries: readonly LedgerEntry[]): Promise<void>;
}

/** The ledger key of an address: trimmed, lower case. */
export function recipientKey(address: string): string {
  return address.trim().toLowerCase();
}

async function requireTable(connection: DuckDBConnection, path: string): Promise<void> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'report_sends'`);
  if (Number(reader.getRows()[0][0]) === 0) {
    throw new CostlensError('store', `the store ${path} has no send ledger (table report_sends)`, {
      hint: 'this build of costlens lacks the report_sends migration (src/report/ledger-migration.ts); add it to src/store/migrations.ts',
    });
  }
}

/** Runs `work` with the ledger of the store at `path`, under the writer lock; what it records lands in one new generation. */
export function withLedger<T>(path: string, work: (ledger: LedgerSession) => Promise<T>, options: GenerationOptions = {}): Promise<T> {
  return writeNewGeneration(path, options, async (store) => {
    const connection = store.connection;
    await requireTable(connection, path);
    return work({
      async sentTo(week, audience) {
        const reader = await connection.runAndReadAll(
          `SELECT DISTINCT recipient FROM report_sends WHERE week = $week AND audience = $audience AND status = 'sent'`,
          { week, audience },
        );
        return new Set(reader.getRows().map((r) => String(r[0])));
      },
      async record(entries) {
        for (const e of entries) {
          await connection.run(
            `INSERT INTO report_sends VALUES ($week, $audience, $recipient, $status, CAST($attempts AS INTEGER), $message_id, $subject, $error, CAST($forced AS BOOLEAN), CAST(now() AS TIMESTAMP))`,
            {
              week: e.week, audience: e.audience, recipient: recipientKey(e.recipient), status: e.status, attempts: e.attempts,
              message_id: e.messageId, subject: e.subject, error: e.error, forced: e.forced,
            },
          );
        }
      },
    });
  });
}
