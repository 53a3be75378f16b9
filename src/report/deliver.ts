/**
 * Delivery of one report e-mail with the send ledger: recipients that already received this
 * week's report for this audience are skipped (unless forced); the others get one message; a
 * recipient the server refuses (or every recipient, when the connection fails) is retried alone,
 * a bounded number of times, and then reported as failed. Every outcome is recorded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CostlensError, messageOf } from '../errors.ts';
import { recipientKey, type LedgerEntry, type LedgerSession } from './ledger.ts';
import type { ReportMessage } from './message.ts';
import type { MailTransport } from './transport.ts';

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
}

/** Sends `message` to `recipients` through `transport`, consulting and updating `ledger`. */
export async function deliverMessage(
  ledger: LedgerSession,
  transport: MailTransport,
  message: ReportMessage,
  options: { from: string; recipients: readonly string[]; force: boolean; retry: RetryPolicy; wait?: (ms: number) => Promise<unknown> },
): Promise<DeliveryResult> {
  const wait = options.wait ?? sleep;
  const already = options.force ? new Set<string>() : await ledger.sentTo(message.week, message.audience);
  const unique = [...new Map(options.recipients.map((r) => [recipientKey(r), r.trim()])).values()];
  const skipped = unique.filter((r) => already.has(recipientKey(r)));
  let pending = unique.filter((r) => !already.has(recipientKey(r)));
  const result: DeliveryResult = { audience: message.audience, sent: [], skipped, failed: [] };
  const entries: LedgerEntry[] = [];
  const entry = (address: string, status: LedgerEntry['status'], attempts: number, messageId: string | null, error: string | null): LedgerEntry => ({
    week: message.week, audience: message.audience, recipient: address, status, attempts, messageId, subject: message.subject, error, forced: options.force,
  });
  let reasons = new Map<string, string>();
  for (let attempt = 1; attempt <= options.retry.attempts && pending.length > 0; attempt++) {
    if (attempt > 1) await wait(options.retry.retryDelaysMs[Math.min(attempt - 2, options.retry.retryDelaysMs.length - 1)]);
    let accepted: string[];
    let messageId: string | null = null;
    let messageIds: Record<string, string> = {};
    reasons = new Map();
    try {
      const outcome = await transport.send(message, options.from, pending);
      accepted = outcome.accepted;
      messageId = outcome.messageId;
      messageIds = outcome.messageIds ?? {};
      for (const r of outcome.rejected) reasons.set(recipientKey(r.address), r.reason);
    } catch (error) {
      accepted = [];
      for (const r of pending) reasons.set(recipientKey(r), error instanceof CostlensError ? error.message : messageOf(error));
    }
    const acceptedKeys = new Set(accepted.map(recipientKey));
    for (const r of pending) {
      if (acceptedKeys.has(recipientKey(r))) {
        result.sent.push({ address: r, attempts: attempt });
        entries.push(entry(r, 'sent', attempt, messageIds[r] ?? messageId, null));
      } else if (!reasons.has(recipientKey(r))) {
        reasons.set(recipientKey(r), 'neither accepted nor refused by the server');
      }
    }
    pending = pending.filter((r) => !acceptedKeys.has(recipientKey(r)));
  }
  for (const r of pending) {
    const reason = reasons.get(recipientKey(r)) ?? 'not sent';
    result.failed.push({ address: r, attempts: options.retry.attempts, reason });
    entries.push(entry(r, 'failed', options.retry.attempts, null, reason));
  }
  await ledger.record(entries);
  return result;
}
