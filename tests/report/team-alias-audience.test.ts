/**
 * `--audience team:NAME` takes any spelling attribution folds to the team (README "Weekly report"):
 * `team:Paymnets`, `team:payments` and `team:PAYMENTS` are one audience, `team:payments`, with
 * payments' configured recipients, the subject and file names of team payments, and one key in
 * the send ledger, so a rerun under another spelling sends nothing twice. The keys of
 * report.audiences.teams are read the same way (`machine-learning:` configures team ml).
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqlRows } from '../helpers/cli.ts';
import { recentDemoStore } from '../helpers/recent-demo-store.ts';
import {
  USAGE_LINE, addLedgerTable, pct, centsOf, demoAttribution, largestRemainder, ledgerRows, readTruth, reportCli, settled, startSmtp, unitsOf, usd,
  type DemoTruth, type TestSmtp,
} from './helpers.ts';

const PAYMENTS = ['payments-lead@acme.example', 'payments-oncall@acme.example'];
const ML = ['ml@acme.example'];
/** The last complete ISO week before the demo's last billing day, and the week before it. */
const W = { label: '2026-W45', start: '2026-11-02', end: '2026-11-09' };
const PREV = { start: '2026-10-26', end: '2026-11-02' };

/** A line's team as truth.json names it, in SQL (every planted spelling, trimmed and lower-cased). */
function teamCase(truth: DemoTruth): string {
  const whens = Object.entries(truth.tagging.teamAliases).flatMap(([team, spellings]) =>
    [...new Set(spellings.map((s) => s.trim().toLowerCase()))].map((s) => `WHEN '${s}' THEN '${team}'`));
  return `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE lower(trim(Tags['team'])) ${whens.join(' ')} END END`;
}

/** Each team's exact BilledCost (units) in [from, to). */
async function teamExact(db: string, truth: DemoTruth, from: string, to: string, where = 'TRUE'): Promise<Map<string, bigint>> {
  const range = `ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}' AND ${where}`;
  const rows = await sqlRows(db, `SELECT ${teamCase(truth)} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} GROUP BY 1`);
  return new Map(rows.map((r) => [r.k!, unitsOf(r.v)]));
}

/** Each team's BilledCost cents in [from, to): exact sums, rounded to the week's cents by largest remainder. */
async function teamCents(db: string, truth: DemoTruth, from: string, to: string, where = 'TRUE'): Promise<Map<string, bigint>> {
  const range = `ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}' AND ${where}`;
  const [total] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items WHERE ${range}`);
  return largestRemainder(await teamExact(db, truth, from, to, where), centsOf(total.v));
}

describe('costlens report weekly --audience team:<any spelling of a team>', () => {
  const demoDir = inject('demoDir');
  let truth: DemoTruth;
  let store: { dir: string; db: string; config: string };
  let config: string;
  let smtp: TestSmtp;
  let env: Record<string, string>;
  /** The subject line of each team's e-mail, from the SQL figures. */
  let subject: Record<'payments' | 'ml', string>;
  /** Each team's BilledCost in the report week, in cents. */
  let billed: Map<string, bigint>;

  beforeAll(async () => {
    truth = readTruth(demoDir);
    store = await recentDemoStore(demoDir);
    await addLedgerTable(store.db);
    config = join(store.dir, 'costlens.teams.config.json');
    writeFileSync(config, JSON.stringify({
      attribution: demoAttribution(truth),
      // team ml configured under one of its spellings (truth.json: machine-learning is ml).
      report: { audiences: { teams: { payments: PAYMENTS, 'machine-learning': ML } } },
    }));
    smtp = await startSmtp();
    env = { COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'costlens <finops@acme.example>' };
    const now = await teamCents(store.db, truth, W.start, W.end);
    // The change in percent is of the exact amounts (src/lib/percent-change.ts), not of the cents shown.
    const usageNow = await teamExact(store.db, truth, W.start, W.end, USAGE_LINE);
    const usageBefore = await teamExact(store.db, truth, PREV.start, PREV.end, USAGE_LINE);
    const line = (team: 'payments' | 'ml') =>
      `[costlens] Team ${team} weekly ${W.label} (2–8 Nov 2026): ${usd(now.get(team)!)} billed, usage ${pct(usageNow.get(team)!, usageBefore.get(team)!)} vs last week`;
    subject = { payments: line('payments'), ml: line('ml') };
    billed = now;
  });

  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('team:Paymnets without --to reaches payments\' configured recipients, as team payments in the subject, the files and the ledger', async () => {
    expect(truth.tagging.teamAliases.payments).toContain('paymnets');
    const out = join(store.dir, 'out-alias');
    const run = await reportCli(store.db, env, 'weekly', '--audience', 'team:Paymnets', '--send', '--out', out, '--config', config);
    expect(run.code, run.stderr).toBe(0);
    const [mail] = await settled(smtp, 1);
    expect(smtp.received.length).toBe(1);
    expect([mail.from, mail.to, mail.mail.subject, String(mail.mail.headers.get('x-costlens-report'))])
      .toEqual(['finops@acme.example', PAYMENTS, subject.payments, `weekly ${W.label} team:payments`]);
    expect(mail.mail.text).toContain(`Team payments spent ${usd(billed.get('payments')!)} (BilledCost) in ${W.label}`);
    expect(readdirSync(out).sort()).toEqual([`${W.label}-team-payments.eml`, `${W.label}-team-payments.html`]);
    expect(run.stdout).toBe([
      `Weekly report ${W.label} (2–8 Nov 2026): 1 message`,
      `  team:payments: ${subject.payments}`,
      `    to: ${PAYMENTS.join(', ')}`,
      `    wrote ${join(out, `${W.label}-team-payments.eml`)}`,
      `    wrote ${join(out, `${W.label}-team-payments.html`)}`,
      '    sent 2, already sent 0, failed 0',
      '',
    ].join('\n'));
    expect((await ledgerRows(store.db)).map((r) => [r.week, r.audience, r.recipient, r.status, r.forced])).toEqual([
      [W.label, 'team:payments', PAYMENTS[0], 'sent', 'false'],
      [W.label, 'team:payments', PAYMENTS[1], 'sent', 'false'],
    ]);
  });

  it('team:payments and team:PAYMENTS afterwards are the same audience: the ledger sends nothing a second time', async () => {
    for (const spelling of ['team:payments', 'team:PAYMENTS']) {
      const run = await reportCli(store.db, env, 'weekly', '--audience', spelling, '--send', '--config', config);
      expect(run.code, `${spelling}: ${run.stderr}`).toBe(0);
      expect(run.stdout, spelling).toBe([
        `Weekly report ${W.label} (2–8 Nov 2026): 1 message`,
        `  team:payments: ${subject.payments}`,
        `    to: ${PAYMENTS.join(', ')}`,
        '    sent 0, already sent 2, failed 0',
        '',
      ].join('\n'));
      expect(run.stderr, spelling).toBe(PAYMENTS.map((a) => `costlens report: team:payments → ${a}: already sent for ${W.label} (send ledger); --force sends it again\n`).join(''));
    }
    expect(smtp.received.length).toBe(1);
    expect(smtp.rcpts.length).toBe(2);
    expect((await ledgerRows(store.db)).map((r) => [r.audience, r.recipient, r.status])).toEqual([
      ['team:payments', PAYMENTS[0], 'sent'], ['team:payments', PAYMENTS[1], 'sent'],
    ]);
  });

  it('all: a team configured under another spelling is its team (machine-learning → team ml), and payments is not sent again', async () => {
    const out = join(store.dir, 'out-all');
    const run = await reportCli(store.db, env, 'weekly', '--send', '--out', out, '--config', config);
    expect(run.code, run.stderr).toBe(0);
    await settled(smtp, 2);
    expect(smtp.received.slice(1).map((m) => [m.to, m.mail.subject, String(m.mail.headers.get('x-costlens-report'))]))
      .toEqual([[ML, subject.ml, `weekly ${W.label} team:ml`]]);
    expect(readdirSync(out).filter((f) => f.includes('team-')).sort()).toEqual([
      `${W.label}-team-ml.eml`, `${W.label}-team-ml.html`, `${W.label}-team-payments.eml`, `${W.label}-team-payments.html`,
    ]);
    const perAudience = run.stdout.split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => /^ {2}(\S+?): /.exec(l)![1]);
    expect(perAudience).toEqual(['finance', 'engineering', 'team:ml', 'team:payments']);
    expect(run.stdout).toContain(`  team:ml: ${subject.ml}\n    to: ${ML[0]}\n`);
    expect(run.stdout).toContain(`  team:payments: ${subject.payments}\n    to: ${PAYMENTS.join(', ')}\n`);
    expect(run.stdout).toContain('    sent 0, already sent 2, failed 0\n');
    expect((await ledgerRows(store.db)).map((r) => [r.audience, r.recipient, r.status])).toEqual([
      ['team:payments', PAYMENTS[0], 'sent'], ['team:payments', PAYMENTS[1], 'sent'], ['team:ml', ML[0], 'sent'],
    ]);

    // team:ML (another spelling of the key's team) is the same audience as well.
    const again = await reportCli(store.db, env, 'weekly', '--audience', 'team:ML', '--send', '--config', config);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`  team:ml: ${subject.ml}\n    to: ${ML[0]}\n    sent 0, already sent 1, failed 0\n`);
    expect(smtp.received.length).toBe(2);
  });

  it('a team without recipients is still refused before anything is built or sent, named as attribution reads it, with its hint', async () => {
    const cases: [string, string, string][] = [
      ['team:nobody', 'costlens: no recipients for team:nobody', '  hint: add report.audiences.teams.nobody to the config, or give --to ADDR'],
      ['team:Search', 'costlens: no recipients for team:search (as attribution reads team:Search)', '  hint: add report.audiences.teams.search to the config, or give --to ADDR'],
    ];
    const ledgerBefore = await ledgerRows(store.db);
    for (const [audience, line, hint] of cases) {
      const run = await reportCli(store.db, env, 'weekly', '--audience', audience, '--send', '--config', config);
      expect([run.code, ...run.stderr.split('\n').slice(0, 2)], audience).toEqual([2, line, hint]);
      expect(run.stdout, audience).toBe('');
    }
    expect(smtp.received.length).toBe(2);
    expect(await ledgerRows(store.db)).toEqual(ledgerBefore);
  });
});
