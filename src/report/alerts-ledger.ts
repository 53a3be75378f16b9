/**
 * The alert ledger in the store (table alert_sends, migration 0010): which alert went out on which
 * channel. It works as the weekly report's send ledger does (ledger.ts): a check's sends happen
 * under the store's writer lock, each journalled as it happens (alerts-journal.ts), and the
 * journal is folded into the ledger in one new generation of the store at the end of the run —
 * or, when the run was killed, at the start of the next one. A (alert, channel) is `sent` once
 * any run sent it; else its latest row decides (`unknown` holds it back until an operator decides).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { openStore } from '../store/open.ts';
import { writeNewGeneration, type GenerationOptions } from '../store/generation.ts';
import {
  alertKeyId, createAlertJournal, foldAlertJournal, listAlertJournals, readAlertJournal, removeAlertJournals,
  type AlertJournal, type AlertJournalFile, type AlertKey, type AlertRow,
} from './alerts-journal.ts';

/** What the ledger says of one alert on one channel; times to the second, `2026-12-07 01:54:52 UTC`. */
export type AlertState = { status: 'sent'; at: string } | { status: 'failed'; reason: string } | { status: 'unknown'; since: string; reason: string };

async function requireTable(connection: DuckDBConnection, path: string): Promise<void> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'alert_sends'`);
  if (Number(reader.getRows()[0][0]) === 0) {
    throw new CostlensError('store', `the store ${path} has no alert ledger (table alert_sends)`, {
      hint: `run \`costlens migrate --db ${path}\` (migration 0010 adds it)`,
    });
  }
}

async function readStates(connection: DuckDBConnection): Promise<Map<string, AlertState>> {
  const reader = await connection.runAndReadAll(
    `SELECT kind, subject_key, threshold, channel, bool_or(status = 'sent') AS sent, arg_max(status, recorded_at) AS latest,
            arg_max(error, recorded_at) AS reason, strftime(max(recorded_at), '%Y-%m-%d %H:%M:%S') AS at
     FROM alert_sends GROUP BY kind, subject_key, threshold, channel`,
  );
  const states = new Map<string, AlertState>();
  for (const [kind, subjectKey, threshold, channel, sent, latest, reason, at] of reader.getRows()) {
    const id = alertKeyId({ kind: String(kind), subjectKey: String(subjectKey), threshold: String(threshold), channel: String(channel) });
    states.set(id, sent ? { status: 'sent', at: `${String(at)} UTC` }
      : latest === 'unknown' ? { status: 'unknown', since: `${String(at)} UTC`, reason: String(reason ?? 'no answer recorded') }
        : { status: 'failed', reason: String(reason ?? '') });
  }
  return states;
}

async function insertRows(connection: DuckDBConnection, rows: readonly AlertRow[]): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const r of rows) {
      await connection.run(
        `INSERT INTO alert_sends (kind, subject_key, threshold, channel, status, attempts, title, detail, error, run_id, intent_at, recorded_at)
         VALUES ($kind, $subject_key, $threshold, $channel, $status, CAST($attempts AS INTEGER), $title, $detail, $error, $run_id,
                 CAST($intent_at AS TIMESTAMP), CAST($recorded_at AS TIMESTAMP))`,
        {
          kind: r.kind, subject_key: r.subjectKey, threshold: r.threshold, channel: r.channel, status: r.status, attempts: r.attempts, title: r.title,
          detail: r.detail, error: r.error, run_id: r.runId, intent_at: r.intentAt, recorded_at: r.recordedAt,
        },
      );
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** Folds a journal unless an earlier generation holds it already (a run killed after its swap, before deleting the journal). */
async function foldInto(connection: DuckDBConnection, journal: AlertJournalFile): Promise<AlertRow[] | null> {
  const done = await connection.runAndReadAll('SELECT count(*) FROM alert_sends WHERE run_id = $run', { run: journal.runId });
  if (Number(done.getRows()[0][0]) > 0) return null;
  const rows = foldAlertJournal(journal);
  await insertRows(connection, rows);
  return rows;
}

/** The ledger as it stands, read without the writer lock (what a dry run and the "anything to send?" check read). */
export async function readAlertLedger(path: string): Promise<{ states: Map<string, AlertState>; pendingJournals: number }> {
  const store = await openStore(path, { readOnly: true });
  try {
    await requireTable(store.connection, path);
    return { states: await readStates(store.connection), pendingJournals: listAlertJournals(path).length };
  } finally {
    store.close();
  }
}

/** A check's session with the ledger. */
export interface AlertLedgerSession {
  states: Map<string, AlertState>;
  journal: AlertJournal;
}

/**
 * Runs a check's sends (`work`) with the ledger of the store at `path`: under the writer lock,
 * first folding the journals interrupted runs left (reported through `onRecovered`), then with
 * this run's journal, folded into the same new generation when `work` returns. If the run dies,
 * its journal stays beside the store for the next run.
 */
export async function withAlertLedger<T>(path: string, work: (ledger: AlertLedgerSession) => Promise<T>, options: GenerationOptions & { onRecovered?: (journal: AlertJournalFile, rows: AlertRow[]) => void } = {}): Promise<T> {
  const folded: string[] = [];
  let own: AlertJournal | undefined;
  const result = await writeNewGeneration(path, options, async (store) => {
    const connection = store.connection;
    await requireTable(connection, path);
    for (const file of listAlertJournals(path)) {
      const journal = readAlertJournal(file);
      const rows = await foldInto(connection, journal);
      if (rows && rows.length > 0) options.onRecovered?.(journal, rows);
      folded.push(file);
    }
    own = createAlertJournal(path);
    let value: T;
    try {
      value = await work({ states: await readStates(connection), journal: own });
    } finally {
      own.close();
    }
    await foldInto(connection, readAlertJournal(own.path));
    return value;
  });
  removeAlertJournals(own ? [...folded, own.path] : folded);
  return result;
}

export type { AlertKey };
