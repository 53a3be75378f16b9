/**
 * The one rule for what the send ledger says of a recipient of one week's report for one audience,
 * and what a run does about it. The deliveries apply it under the writer lock (ledger.ts, deliver.ts
 * `triage`); the plan of a `--send` run applies the same rule outside the lock to the same rows
 * (ledger-plan.ts), so the two can differ only by what happened in between.
 */

/** What the ledger says about one recipient of one week's report for one audience. */
export type RecipientState =
  | { status: 'sent' }
  | { status: 'failed' }
  /** Handed to the mail server by a run that stopped before the answer was recorded. */
  | { status: 'unknown'; since: string; reason: string };

/** One ledger row of a recipient: a row of report_sends, or of a send journal not yet folded into it. */
export interface LedgerRow {
  /** Lower case (ledger.ts `recipientKey`). */
  recipient: string;
  status: string;
  /** When it was recorded, in microseconds since the epoch. */
  at: number;
  /** The same time as the ledger shows it (`since`, in UTC). */
  recorded: string;
  error: string | null;
  /** The run that recorded it (null on rows older than the send journal): a later run wins a tie of `at`. */
  runId: string | null;
}

/** How a run sends: again to recipients who have it (`force`), again to those in state unknown (`resendUnknown`). */
export interface LedgerRuleOptions {
  force: boolean;
  resendUnknown?: boolean;
}

/**
 * What a run does for a recipient: `skip` (has it), `hold` back (state unknown), `send`, or
 * `resend` (state unknown, sent again by `--resend-unknown` or `--force`).
 */
export type LedgerVerdict = 'skip' | 'hold' | 'send' | 'resend';

const later = (a: LedgerRow, b: LedgerRow): boolean => a.at > b.at || (a.at === b.at && (a.runId ?? '') > (b.runId ?? ''));

/**
 * A recipient's state from its rows: `sent` once any run delivered to it; otherwise its latest row
 * decides (`unknown` until a later run sends or fails it on purpose). Undefined without rows.
 */
export function recipientState(rows: readonly LedgerRow[]): RecipientState | undefined {
  if (rows.length === 0) return undefined;
  if (rows.some((r) => r.status === 'sent')) return { status: 'sent' };
  const latest = rows.reduce((last, r) => (later(r, last) ? r : last));
  return latest.status === 'unknown'
    ? { status: 'unknown', since: `${latest.recorded} UTC`, reason: latest.error ?? 'no answer recorded' }
    : { status: 'failed' };
}

/** The state of every recipient with rows among `rows` (one week and audience), by {@link recipientState}. */
export function recipientStates(rows: readonly LedgerRow[]): Map<string, RecipientState> {
  const byRecipient = new Map<string, LedgerRow[]>();
  for (const r of rows) byRecipient.set(r.recipient, [...(byRecipient.get(r.recipient) ?? []), r]);
  return new Map([...byRecipient].map(([recipient, own]) => [recipient, recipientState(own)!]));
}

/** What a run with `options` does for a recipient in `state` (undefined: the ledger has no row of it). */
export function ledgerVerdict(state: RecipientState | undefined, options: LedgerRuleOptions): LedgerVerdict {
  if (state?.status === 'sent' && !options.force) return 'skip';
  if (state?.status === 'unknown') return options.force || options.resendUnknown ? 'resend' : 'hold';
  return 'send';
}

/** Whether the run leaves the recipient out: it has the report (`skip`) or may have it (`hold`). */
export function leftOut(verdict: LedgerVerdict): boolean {
  return verdict === 'skip' || verdict === 'hold';
}
