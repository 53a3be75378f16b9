/**
 * Delivery of one report e-mail with the send ledger: recipients that already received this
 * week's report for this audience are skipped (unless forced), recipients in state unknown are
 * held back and reported (unless `resendUnknown` or forced); the others get one message. A
 * recipient the server refuses (or every recipient, when the connection fails before the message
 * is handed over) is retried alone, a bounded number of times, and then reported as failed.
 * Every intent and outcome goes to the run's send journal the moment it happens.
 * {@link deliverReports} delivers a run's messages in one pass of the ledger (ledger.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CostlensError, messageOf } from '../errors.ts';
import { plural } from '../lib/text.ts';
import type { NewJournalEvent, SendKey } from './ledger-journal.ts';
import { SendJournalError } from './journal-file.ts';
import { recipientKey, withLedger, type LedgerSession } from './ledger.ts';
import { ledgerVerdict } from './ledger-state.ts';
import type { ReportMessage } from './message.ts';
import type { HandoverHooks, MailTransport } from './transport.ts';

/** How `runWeeklyReport` and {@link deliverReports} send. */
export interface SendOptions {
  transport: MailTransport;
  from: string;
  /** Send again to recipients the ledger says have this week's report (or may have it). */
  force: boolean;
  /** Send to recipients in state unknown (an interrupted run handed them the message without a recorded answer). */
  resendUnknown?: boolean;
  wait?: (ms: number) => Promise<unknown>;
}

/** One message to deliver and to whom. */
export interface Delivery {
  message: ReportMessage;
  recipients: string[];
}

/** Retry policy (report.delivery in the config). */
export interface RetryPolicy {
  attempts: number;
  retryDelaysMs: number[];
}

/** What happened to one message's recipients. */
export interface DeliveryResult {
  audience: string;
  sent: { address: string; attempts: number }[];
  /** Already in the ledger for this week and audience; not sent again. */
  skipped: string[];
  failed: { address: string; attempts: number; reason: string }[];
  /**
   * Handed to the server without a recorded answer — by an earlier run that stopped (held back,
   * `heldBack`), or in this run when the connection broke after the message was handed over.
   */
  unknown: { address: string; reason: string; heldBack: boolean }[];
}

/** Options of {@link deliverMessage}. */
export interface DeliveryOptions {
  from: string;
  recipients: readonly string[];
  /** Send even to recipients the ledger says have it (or may have it). */
  force: boolean;
  /** Send to recipients in state unknown (the operator checked they did not get it). */
  resendUnknown?: boolean;
  retry: RetryPolicy;
  wait?: (ms: number) => Promise<unknown>;
}

/**
 * An audience whose message a run did not build, because the ledger read before the build said
 * every recipient has this week's report (or may have it: state unknown). Its deliveries are
 * decided again under the writer lock, like a built message's.
 */
export interface UnbuiltDelivery {
  week: string;
  audience: string;
  recipients: string[];
}

/** What the ledger says of a message's recipients (ledger-state.ts `ledgerVerdict`): skipped and held back (in `result`), and those to send. */
interface Triage {
  result: DeliveryResult;
  pending: string[];
  /** Recipients in state unknown sent again (`--resend-unknown`). */
  resent: Set<string>;
}

async function triage(ledger: LedgerSession, week: string, audience: string, options: Pick<DeliveryOptions, 'recipients' | 'force' | 'resendUnknown'>): Promise<Triage> {
  const states = await ledger.states(week, audience);
  const unique = [...new Map(options.recipients.map((r) => [recipientKey(r), r.trim()])).values()];
  const result: DeliveryResult = { audience, sent: [], skipped: [], failed: [], unknown: [] };
  const resent = new Set<string>();
  const pending: string[] = [];
  for (const r of unique) {
    const state = states.get(recipientKey(r));
    const verdict = ledgerVerdict(state, options);
    if (verdict === 'skip') result.skipped.push(r);
    else if (verdict === 'hold' && state?.status === 'unknown') {
      result.unknown.push({ address: r, reason: `state unknown since ${state.since}: ${state.reason}`, heldBack: true });
    } else {
      if (verdict === 'resend') resent.add(recipientKey(r));
      pending.push(r);
    }
  }
  return { result, pending, resent };
}

/** Sends `message` to `recipients` through `transport`, consulting the ledger and journalling every step. */
export async function deliverMessage(ledger: LedgerSession, transport: MailTransport, message: ReportMessage, options: DeliveryOptions): Promise<DeliveryResult> {
  const wait = options.wait ?? sleep;
  const { result, resent, pending: toSend } = await triage(ledger, message.week, message.audience, options);
  let pending = toSend;
  const key = (r: string): SendKey => ({ week: message.week, audience: message.audience, recipient: recipientKey(r) });
  const journal = (events: NewJournalEvent[]) => ledger.journal.append(events);
  let reasons = new Map<string, string>();
  for (let attempt = 1; attempt <= options.retry.attempts && pending.length > 0; attempt++) {
    if (attempt > 1) await wait(options.retry.retryDelaysMs[Math.min(attempt - 2, options.retry.retryDelaysMs.length - 1)]);
    const recorded = new Set<string>();
    const hooks: HandoverHooks = {
      handingOver: (rs) => journal(rs.map((r) => ({
        event: 'intent', ...key(r), attempt, subject: message.subject, forced: options.force || resent.has(recipientKey(r)),
      }))),
      accepted: (rs, messageId) => {
        journal(rs.map((r) => ({ event: 'sent', ...key(r), attempt, messageId })));
        for (const r of rs) recorded.add(recipientKey(r));
      },
    };
    reasons = new Map();
    let outcome;
    try {
      outcome = await transport.send(message, options.from, pending, hooks);
    } catch (error) {
      if (error instanceof SendJournalError) throw error;
      const reason = error instanceof CostlensError ? error.message : messageOf(error);
      outcome = { accepted: [], rejected: pending.map((address) => ({ address, reason })), messageId: null };
    }
    const events: NewJournalEvent[] = [];
    const messageIds = outcome.messageIds ?? {};
    const acceptedKeys = new Set(outcome.accepted.map(recipientKey));
    const uncertain = new Map((outcome.uncertain ?? []).map((u) => [recipientKey(u.address), u.reason]));
    for (const r of outcome.rejected) reasons.set(recipientKey(r.address), r.reason);
    for (const r of pending) {
      const k = recipientKey(r);
      if (acceptedKeys.has(k)) {
        if (!recorded.has(k)) events.push({ event: 'sent', ...key(r), attempt, messageId: messageIds[r] ?? outcome.messageId });
        result.sent.push({ address: r, attempts: attempt });
      } else if (uncertain.has(k)) {
        events.push({ event: 'unknown', ...key(r), attempt, reason: uncertain.get(k)! });
        result.unknown.push({ address: r, reason: uncertain.get(k)!, heldBack: false });
      } else {
        if (!reasons.has(k)) reasons.set(k, 'neither accepted nor refused by the server');
        events.push({ event: 'refused', ...key(r), attempt, reason: reasons.get(k)! });
      }
    }
    journal(events);
    pending = pending.filter((r) => !acceptedKeys.has(recipientKey(r)) && !uncertain.has(recipientKey(r)));
  }
  const failures: NewJournalEvent[] = [];
  for (const r of pending) {
    const reason = reasons.get(recipientKey(r)) ?? 'not sent';
    result.failed.push({ address: r, attempts: options.retry.attempts, reason });
    failures.push({ event: 'failed', ...key(r), attempt: options.retry.attempts, reason });
  }
  journal(failures);
  return result;
}

/**
 * Delivers composed messages through the send ledger, in one run: under the store's writer lock,
 * every intent and outcome journalled as it happens, the whole run folded into the ledger in one
 * new store generation. Logs each recipient's fate, loudly for those in state unknown.
 */
export async function deliverReports(storePath: string, deliveries: readonly Delivery[], send: SendOptions, retry: RetryPolicy, log: (line: string) => void = () => undefined): Promise<DeliveryResult[]> {
  const results = await deliverPlanned(storePath, deliveries, send, retry, log);
  // Every delivery here has its message: none is left to build.
  return results.map((r) => r!);
}

/**
 * {@link deliverReports} for a run that built only the messages the ledger said were wanted: an
 * {@link UnbuiltDelivery} whose recipients the ledger, now under the lock, still says are all
 * served is reported as a built one would be (already sent, unknown); one with a recipient to send
 * after all (another run failed it meanwhile) gets null and nothing is journalled or logged for
 * it: the caller builds its message and delivers it in a run of its own.
 */
export async function deliverPlanned(storePath: string, deliveries: readonly (Delivery | UnbuiltDelivery)[], send: SendOptions, retry: RetryPolicy, log: (line: string) => void = () => undefined): Promise<(DeliveryResult | null)[]> {
  if (deliveries.length === 0) return [];
  return withLedger(storePath, async (ledger) => {
    const results: (DeliveryResult | null)[] = [];
    for (const delivery of deliveries) {
      const options = { recipients: delivery.recipients, force: send.force, resendUnknown: send.resendUnknown };
      let d: DeliveryResult;
      if ('message' in delivery) {
        d = await deliverMessage(ledger, send.transport, delivery.message, { ...options, from: send.from, retry, wait: send.wait });
      } else {
        const triaged = await triage(ledger, delivery.week, delivery.audience, options);
        if (triaged.pending.length > 0) {
          results.push(null);
          continue;
        }
        d = triaged.result;
      }
      logDelivery(d, 'message' in delivery ? delivery.message.week : delivery.week, log);
      results.push(d);
    }
    return results;
  }, {
    onWait: log,
    onRecovered: ({ journal, rows }) => {
      const count = (status: string) => rows.filter((r) => r.status === status).length;
      log(`an earlier run (${journal.runId}${journal.pid !== null ? `, pid ${journal.pid}` : ''}) stopped while sending; its send journal is now in the ledger: ${count('sent')} sent, ${count('failed')} not sent, ${count('unknown')} UNKNOWN`);
    },
  });
}

/** Logs each recipient's fate, loudly for those in state unknown. */
function logDelivery(d: DeliveryResult, week: string, log: (line: string) => void): void {
  for (const s of d.sent) log(`${d.audience} → ${s.address}: sent${s.attempts > 1 ? ` (attempt ${s.attempts})` : ''}`);
  for (const s of d.skipped) log(`${d.audience} → ${s}: already sent for ${week} (send ledger); --force sends it again`);
  for (const u of d.unknown) {
    log(`${d.audience} → ${u.address}: UNKNOWN — ${u.reason}; not ${u.heldBack ? 'sent again' : 'retried'}: check whether it arrived (the mailbox, the mail server's log) before resending; --resend-unknown sends it`);
  }
  for (const f of d.failed) log(`${d.audience} → ${f.address}: FAILED after ${plural(f.attempts, 'attempt')}: ${f.reason}`);
}
