/**
 * The send ledger in the store (table report_sends): which weekly report went to whom. A report
 * run's deliveries happen under the store's writer lock, so two runs never decide about the same
 * recipient at once; each send is made durable as it happens in the run's send journal
 * (ledger-journal.ts: intent before the message is handed over, outcome right after the answer),
 * and the journal is folded into the ledger in one new generation of the store at the end of the
 * run (src/store/generation.ts) — or, when the run was killed, at the start of the next one.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { writeNewGeneration, type GenerationOptions } from '../store/generation.ts';
import { createJournal, foldJournal, listJournals, readJournal, removeJournals, type FoldedRow, type JournalFile, type SendJournal } from './ledger-journal.ts';
import { recipientStates, type LedgerRow, type RecipientState } from './ledger-state.ts';

/** The ledger as a run's deliveries see it. */
export interface LedgerSession {
  /** The state of every recipient (lower case) the ledger knows for this week and audience. */
  states(week: string, audience: string): Promise<Map<string, RecipientState>>;
  /** This run's journal: every intent and outcome goes here first. */
  journal: SendJournal;
}

/** A journal of an earlier run that stopped before folding it, now folded. */
export interface RecoveredJournal {
  journal: JournalFile;
  rows: FoldedRow[];
}

/** Options of {@link withLedger}. */
export interface LedgerOptions extends GenerationOptions {
  /** Told about each journal an interrupted run left, once it is folded into the ledger. */
  onRecovered?: (recovered: RecoveredJournal) => void;
}

/** The ledger key of an address: trimmed, lower case. */
export function recipientKey(address: string): string {
  return address.trim().toLowerCase();
}

async function requireTable(connection: DuckDBConnection, path: string): Promise<void> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'report_sends' AND column_name = 'run_id'`);
  if (Number(reader.getRows()[0][0]) === 0) {
    throw new CostlensError('store', `the store ${path} has no send ledger (table report_sends with run_id)`, {
      hint: 'this build of costlens lacks the report_sends migrations (src/store/migrations/0003_*.sql, 0009_*.sql)',
    });
  }
}

async function alreadyFolded(connection: DuckDBConnection, runId: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM report_sends WHERE run_id = $run`, { run: runId });
  return Number(reader.getRows()[0][0]) > 0;
}

async function insertRows(connection: DuckDBConnection, rows: readonly FoldedRow[]): Promise<void> {
  for (const r of rows) {
    await connection.run(
      `INSERT INTO report_sends (week, audience, recipient, status, attempts, message_id, subject, error, forced, recorded_at, run_id, intent_at)
       VALUES ($week, $audience, $recipient, $status, CAST($attempts AS INTEGER), $message_id, $subject, $error, CAST($forced AS BOOLEAN),
               CAST($recorded_at AS TIMESTAMP), $run_id, CAST($intent_at AS TIMESTAMP))`,
      {
        week: r.week, audience: r.audience, recipient: r.recipient, status: r.status, attempts: r.attempts, message_id: r.messageId,
        subject: r.subject, error: r.error, forced: r.forced, recorded_at: r.recordedAt, run_id: r.runId, intent_at: r.intentAt,
      },
    );
  }
}

/** Folds one journal into the open store unless an earlier generation already holds it. */
async function foldInto(connection: DuckDBConnection, journal: JournalFile): Promise<FoldedRow[] | null> {
  if (await alreadyFolded(connection, journal.runId)) return null;
  const rows = foldJournal(journal);
  await connection.run('BEGIN TRANSACTION');
  try {
    await insertRows(connection, rows);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
  return rows;
}

/** The ledger's rows of one week and audience, each recipient's state by the rule of ledger-state.ts. */
async function readStates(connection: DuckDBConnection, week: string, audience: string): Promise<Map<string, RecipientState>> {
  const reader = await connection.runAndReadAll(
    `SELECT recipient, status, epoch_us(recorded_at) AS at, CAST(recorded_at AS VARCHAR) AS recorded, error, run_id
     FROM report_sends WHERE week = $week AND audience = $audience`,
    { week, audience },
  );
  return recipientStates(reader.getRows().map(([recipient, status, at, recorded, error, run]): LedgerRow => ({
    recipient: String(recipient), status: String(status), at: Number(at), recorded: String(recorded), error: error === null ? null : String(error), runId: run === null ? null : String(run),
  })));
}

/**
 * Runs a report's deliveries (`work`) with the ledger of the store at `path`: under the writer
 * lock, first folding the journals that interrupted runs left, then with this run's journal, which
 * is folded into the same new generation when `work` returns. If the run dies instead, its journal
 * stays beside the store for the next run. A run that records nothing (nothing sent or held back,
 * no journal recovered: a rerun with nothing to send) publishes no generation: the store stays as it was.
 */
export async function withLedger<T>(path: string, work: (ledger: LedgerSession) => Promise<T>, options: LedgerOptions = {}): Promise<T> {
  const folded: string[] = [];
  let own: SendJournal | undefined;
  let recorded = false;
  const result = await writeNewGeneration(path, { ...options, publish: () => recorded }, async (store) => {
    const connection = store.connection;
    await requireTable(connection, path);
    for (const file of listJournals(path)) {
      const journal = readJournal(file);
      const rows = await foldInto(connection, journal);
      if (rows && rows.length > 0) {
        recorded = true;
        options.onRecovered?.({ journal, rows });
      }
      folded.push(file);
    }
    const journal = createJournal(path);
    own = journal;
    let value: T;
    try {
      value = await work({ journal, states: (week, audience) => readStates(connection, week, audience) });
    } finally {
      journal.close();
    }
    const sends = await foldInto(connection, readJournal(journal.path));
    recorded ||= (sends?.length ?? 0) > 0;
    return value;
  });
  removeJournals(own ? [...folded, own.path] : folded);
  return result;
}
