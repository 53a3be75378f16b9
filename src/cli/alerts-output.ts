/**
 * How `costlens alerts check` prints: the JSON of a check (every candidate with its drivers and
 * outcomes) and the terminal table (one row per alert and channel). An alert's title is the
 * message's own (e-mail subject, webhook title), where a negative amount takes a true minus sign
 * (`change of −$12.00`, report/money.ts); a terminal table writes money as every other table does,
 * `-$12.00` (README, "A CLI for people"). The line above the table counts alerts, not sends.
 */
import type { AlertCheckResult } from '../report/alerts-check.ts';
import { driversJson } from '../report/alerts-webhook.ts';
import type { TextTable } from '../lib/table.ts';
import { plural } from '../lib/text.ts';

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

/** A message's text as a terminal table writes money: `−$12.00` (a true minus sign) → `-$12.00`. */
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

/**
 * Where an alert stands after a check: due (sent, failed, unknown or would send on some channel,
 * or no channel to send on), held back, or already sent on every channel.
 */
function alertStanding(result: AlertCheckResult, alert: AlertCheckResult['candidates'][number]): 'due' | 'held back' | 'already sent' {
  const statuses = result.outcomes.filter((o) => o.alert === alert).map((o) => o.status);
  if (statuses.length === 0 || statuses.some((s) => s !== 'already sent' && s !== 'held back')) return 'due';
  return statuses.includes('held back') ? 'held back' : 'already sent';
}

/**
 * The line above the table: how many alerts were due this run, then how many stand already sent
 * on every channel and how many are held back, their state unknown until --resend-unknown
 * (`0 alerts due, 10 already sent`; `1 alert due`), so a rerun that sends nothing does not say they are due.
 */
export function alertCheckHeadline(result: AlertCheckResult, dryRun: boolean): string {
  const standings = result.candidates.map((a) => alertStanding(result, a));
  const count = (s: string) => standings.filter((x) => x === s).length;
  const others = [[count('already sent'), 'already sent'], [count('held back'), 'held back']] as const;
  return `${plural(count('due'), 'alert')} due${others.filter(([n]) => n > 0).map(([n, what]) => `, ${n} ${what}`).join('')}${dryRun ? ' (dry run: nothing sent)' : ''}`;
}
