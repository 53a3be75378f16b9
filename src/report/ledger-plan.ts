/**
 * The send ledger as a `--send` run reads it before building anything: which audiences of a week
 * have nobody left to send to — every recipient has this week's report, or may have it (state
 * unknown, held back) — and the subject the ledger recorded for them, so the run builds no
 * message for them. Read-only and outside the writer lock, from the store's report_sends and the
 * send journals of runs that stopped before folding theirs (ledger-journal.ts), by the rule the
 * deliveries apply (ledger-state.ts): a plan, never a decision. The deliveries decide again under
 * the lock (deliver.ts `deliverPlanned`), and an audience that has someone to send to by then is
 * built after all. When the ledger cannot be read here — the store locked by a writer, or a journal
 * removed between listing and reading it (its run folded it into a newer generation than the one
 * read) — no audience is served: every message is built, and the locked pass says why. A journal
 * being written is read up to its last whole line (journal-file.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { withStore } from '../store/open.ts';
import { foldJournal, listJournals, readJournal, type JournalFile } from './ledger-journal.ts';
import { recipientKey } from './ledger.ts';
import { leftOut, ledgerVerdict, recipientStates, type LedgerRow, type LedgerRuleOptions } from './ledger-state.ts';

/** An audience of the run and its recipients (addresses as configured or given with --to). */
export interface PlannedAudience {
  audience: string;
  recipients: readonly string[];
}

/** One ledger row of the week, as read for the plan. */
interface PlanRow extends LedgerRow {
  audience: string;
  subject: string | null;
}

async function tableRows(connection: DuckDBConnection, week: string): Promise<{ rows: PlanRow[]; runs: Set<string> } | null> {
  const ledger = await connection.runAndReadAll(`SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'report_sends' AND column_name = 'run_id'`);
  if (Number(ledger.getRows()[0][0]) === 0) return null;
  const reader = await connection.runAndReadAll(
    `SELECT audience, recipient, status, epoch_us(recorded_at) AS at, CAST(recorded_at AS VARCHAR) AS recorded, error, subject, run_id FROM report_sends WHERE week = $week`,
    { week },
  );
  const text = (value: unknown) => (value === null ? null : String(value));
  const runs = new Set<string>();
  const rows = reader.getRows().map(([audience, recipient, status, at, recorded, error, subject, run]): PlanRow => {
    if (run !== null) runs.add(String(run));
    return { audience: String(audience), recipient: String(recipient), status: String(status), at: Number(at), recorded: String(recorded), error: text(error), subject: text(subject), runId: text(run) };
  });
  return { rows, runs };
}

/** Reads a listed journal; null when it is gone (its run folded it and removed it since the listing). */
function journalIfPresent(path: string): JournalFile | null {
  try {
    return readJournal(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The rows of the journals no generation of the store read holds (their runs stopped before folding
 * them, or are sending now); null when one was removed since the listing.
 */
function journalRows(storePath: string, week: string, folded: ReadonlySet<string>): PlanRow[] | null {
  const rows: PlanRow[] = [];
  for (const path of listJournals(storePath)) {
    const journal = journalIfPresent(path);
    if (journal === null) return null;
    if (folded.has(journal.runId)) continue;
    for (const r of foldJournal(journal)) {
      if (r.week !== week) continue;
      const ms = Date.parse(r.recordedAt);
      rows.push({ audience: r.audience, recipient: r.recipient, status: r.status, at: ms * 1000, recorded: r.recordedAt, error: r.error, subject: r.subject || null, runId: r.runId });
    }
  }
  return rows;
}

/** The week's rows of the ledger and of the journals not folded into it; null when they cannot be read now. */
async function weekRows(storePath: string, week: string): Promise<PlanRow[] | null> {
  let table: Awaited<ReturnType<typeof tableRows>>;
  try {
    table = await withStore(storePath, { readOnly: true, waitMs: 0 }, (store) => tableRows(store.connection, week));
  } catch (error) {
    if (error instanceof CostlensError && error.code === 'store_locked') return null;
    throw error;
  }
  if (table === null) return null;
  const journals = journalRows(storePath, week, table.runs);
  return journals === null ? null : [...table.rows, ...journals];
}

/** The subject the audience's recipients got: the latest sent row's, else the latest handed over (unknown). */
function recordedSubject(rows: readonly PlanRow[]): string | null {
  const latest = (status: string) => rows.filter((r) => r.status === status && r.subject).sort((a, b) => b.at - a.at)[0]?.subject ?? null;
  return latest('sent') ?? latest('unknown');
}

/**
 * The audiences of `week` (its label) that the ledger says have nobody left to send to, each with
 * the subject its recipients got; an audience not in the map is to be built. With `force`, none.
 */
export async function servedAudiences(storePath: string, week: string, audiences: readonly PlannedAudience[], options: LedgerRuleOptions): Promise<Map<string, string>> {
  const served = new Map<string, string>();
  if (options.force || audiences.length === 0) return served;
  const rows = await weekRows(storePath, week);
  if (rows === null) return served;
  for (const { audience, recipients } of audiences) {
    const ofAudience = rows.filter((r) => r.audience === audience);
    const states = recipientStates(ofAudience);
    const keys = [...new Set(recipients.map(recipientKey))];
    const subject = recordedSubject(ofAudience);
    if (subject !== null && keys.length > 0 && keys.every((key) => leftOut(ledgerVerdict(states.get(key), options)))) served.set(audience, subject);
  }
  return served;
}
