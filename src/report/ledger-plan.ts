/**
 * The send ledger as a `--send` run reads it before building anything: which audiences of a week
 * have nobody left to send to — every recipient has this week's report, or may have it (state
 * unknown, held back) — and the subject the ledger recorded for them, so the run builds no
 * message for them. Read-only and outside the writer lock, from the store's report_sends and the
 * send journals of runs that stopped before folding theirs (ledger-journal.ts): a plan, never a
 * decision. The deliveries decide again under the lock (deliver.ts `deliverPlanned`), and an
 * audience that has someone to send to by then is built after all. When the ledger cannot be
 * read here, no audience is served: every message is built, and the locked pass says why.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { withStore } from '../store/open.ts';
import { foldJournal, listJournals, readJournal } from './ledger-journal.ts';
import { recipientKey } from './ledger.ts';

/** An audience of the run and its recipients (addresses as configured or given with --to). */
export interface PlannedAudience {
  audience: string;
  recipients: readonly string[];
}

/** How the run sends: as deliver.ts's SendOptions. */
export interface LedgerPlanOptions {
  force: boolean;
  resendUnknown: boolean;
}

/** One ledger row of the week, as read for the plan. */
interface PlanRow {
  audience: string;
  recipient: string;
  status: string;
  /** When it was recorded, in ms since the epoch. */
  at: number;
  subject: string | null;
}

async function tableRows(connection: DuckDBConnection, week: string): Promise<{ rows: PlanRow[]; runs: Set<string> } | null> {
  const ledger = await connection.runAndReadAll(`SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'report_sends' AND column_name = 'run_id'`);
  if (Number(ledger.getRows()[0][0]) === 0) return null;
  const reader = await connection.runAndReadAll(
    `SELECT audience, recipient, status, epoch_ms(recorded_at) AS at, subject, run_id FROM report_sends WHERE week = $week`,
    { week },
  );
  const runs = new Set<string>();
  const rows = reader.getRows().map(([audience, recipient, status, at, subject, run]): PlanRow => {
    if (run !== null) runs.add(String(run));
    return { audience: String(audience), recipient: String(recipient), status: String(status), at: Number(at), subject: subject === null ? null : String(subject) };
  });
  return { rows, runs };
}

/** The rows of the journals no generation of the store holds yet (their runs stopped before folding them). */
function journalRows(storePath: string, week: string, folded: ReadonlySet<string>): PlanRow[] {
  return listJournals(storePath).map(readJournal).filter((journal) => !folded.has(journal.runId)).flatMap((journal) => foldJournal(journal)
    .filter((r) => r.week === week)
    .map((r) => ({ audience: r.audience, recipient: r.recipient, status: r.status, at: Date.parse(r.recordedAt), subject: r.subject || null })));
}

/** Whether the ledger leaves a recipient out of this run: sent (unless forced), or in state unknown by its latest row (unless resent). */
function servedRecipient(rows: readonly PlanRow[], options: LedgerPlanOptions): boolean {
  if (options.force) return false;
  if (rows.some((r) => r.status === 'sent')) return true;
  const latest = rows.reduce<PlanRow | null>((last, r) => (last === null || r.at >= last.at ? r : last), null);
  return latest?.status === 'unknown' && !options.resendUnknown;
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
export async function servedAudiences(storePath: string, week: string, audiences: readonly PlannedAudience[], options: LedgerPlanOptions): Promise<Map<string, string>> {
  const served = new Map<string, string>();
  if (options.force || audiences.length === 0) return served;
  let rows: PlanRow[];
  try {
    const table = await withStore(storePath, { readOnly: true, waitMs: 0 }, (store) => tableRows(store.connection, week));
    if (table === null) return served;
    rows = [...table.rows, ...journalRows(storePath, week, table.runs)];
  } catch {
    // Not readable here (a journal being written, the store locked): build every message; the locked pass decides and says why.
    return served;
  }
  for (const { audience, recipients } of audiences) {
    const ofAudience = rows.filter((r) => r.audience === audience);
    const keys = [...new Set(recipients.map(recipientKey))];
    const subject = recordedSubject(ofAudience);
    if (subject !== null && keys.length > 0 && keys.every((key) => servedRecipient(ofAudience.filter((r) => r.recipient === key), options))) served.set(audience, subject);
  }
  return served;
}
