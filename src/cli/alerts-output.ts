/**
 * How `costlens alerts check` prints: the JSON of a check (every candidate with its drivers and
 * outcomes) and the terminal table (one row per alert and channel). An alert's title is the
 * message's own (e-mail subject, webhook title), where a negative amount takes a true minus sign
 * (`drop of −$76.16`, report/money.ts); a terminal table writes money as every other table does,
 * `-$76.16` (README, "A CLI for people").
 */
import type { AlertCheckResult } from '../report/alerts-check.ts';
import { driversJson } from '../report/alerts-webhook.ts';
import type { TextTable } from '../lib/table.ts';

/** The JSON form of a check: every candidate with its drivers, and every (alert, channel) outcome. */
export function alertCheckJson(result: AlertCheckResult, dryRun: boolean) {
  return {
    dryRun,
    channels: result.channels,
    alerts: result.candidates.map((a) => ({
      kind: a.kind, subjectKey: a.subjectKey, threshold: a.threshold, title: a.title, summary: a.summary, amount: a.amount, link: a.link,
      drivers: driversJson(a),
      outcomes: result.outcomes.filter((o) => o.alert === a).map((o) => ({ channel: o.channel, status: o.status, detail: o.detail })),
    })),
    sent: result.outcomes.filter((o) => o.status === 'sent').length,
    failed: result.outcomes.filter((o) => o.status === 'failed').length,
    unknown: result.outcomes.filter((o) => o.status === 'unknown' || o.status === 'held back').length,
  };
}

/** A message's text as a terminal table writes money: `−$76.16` (a true minus sign) → `-$76.16`. */
export function terminalMoneyText(text: string): string {
  return text.replace(/\u2212(?=\$)/g, '-');
}

/** One row per alert and channel (an alert with no channel: one row, `(none)`, `not sent`), titles with money as tables write it. */
export function alertCheckTable(result: AlertCheckResult): TextTable {
  const rows = result.candidates.flatMap((a) => {
    const outcomes = result.outcomes.filter((o) => o.alert === a);
    return (outcomes.length ? outcomes : [{ channel: '(none)', status: 'not sent', detail: null }])
      .map((o) => [terminalMoneyText(a.title), a.threshold, o.channel, o.status, o.detail]);
  });
  return { columns: ['alert', 'threshold', 'channel', 'status', 'detail'], rows, optional: ['detail', 'threshold'] };
}
