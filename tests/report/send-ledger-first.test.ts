/**
 * `costlens report weekly --send` reads the send ledger before it builds anything (send-plan.ts):
 * the week comes from the store's data horizon (calendar/data_horizon) and is checked against its
 * runs of days (calendar/billing_period_days: a week in a gap, given or the default, is refused before
 * the ledger is read), the two queries it runs, and only the audiences with a recipient still to be sent
 * this week's report are built. A run with nothing to send ran every query of the report (87 runs of 34
 * queries on the demo, 2.6–2.9 CPU-s) to print what it then did not send; it now runs those two, prints the same lines — each
 * audience's subject as its recipients got it, from the ledger — and exits 0. The deliveries are
 * still decided under the writer lock: an audience the ledger said was served, that another run
 * failed a recipient of meanwhile, is built then and sent. Counted as DuckDB runs the queries
 * (a spy on DuckDBEngine.prototype.run, restored at once), on the recent demo store.
 */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import { createJournal } from '../../src/report/ledger-journal.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { runWeeklyReport } from '../../src/report/weekly.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { acquireWriterLock } from '../../src/store/writer-lock.ts';
import { recentDemoStore } from '../helpers/recent-demo-store.ts';
import type { CliRun } from '../helpers/cli.ts';
import { addLedgerTable, demoAttribution, ledgerRows, readTruth, reportCli, settled, startSmtp, type DemoTruth, type TestSmtp } from './helpers.ts';

const W = { label: '2026-W45', span: '2–8 Nov 2026' };
const AUDIENCES = { finance: ['finance@acme.example'], engineering: ['platform@acme.example'], teams: { payments: ['payments@acme.example'], 'machine-learning': ['ml@acme.example'] } };
/** Queries only the finance and engineering e-mails read (a team's e-mail reads none of them). */
const ORGANISATION_QUERIES = ['trends/daily_spend', 'anomalies/event_lines', 'alerts/alerts_sent', 'kpi/ec2_compute_by_type', 'commitments/utilisation_until', 'explain/cost_drivers', 'invoice/by_charge_class'];
/** The queries a --send run plans with, before the ledger is read: the data horizon and the runs of days of the store. */
const PLAN_QUERIES = ['calendar/data_horizon', 'calendar/billing_period_days'];
const ORDER = [['finance', AUDIENCES.finance], ['engineering', AUDIENCES.engineering], ['team:ml', AUDIENCES.teams['machine-learning']], ['team:payments', AUDIENCES.teams.payments]] as const;

/** Runs `costlens report weekly ...args` and the names of the queries DuckDB ran for it, in order. */
async function counted(db: string, env: Record<string, string>, ...args: string[]): Promise<{ run: CliRun; queries: string[] }> {
  const spy = vi.spyOn(DuckDBEngine.prototype, 'run');
  try {
    const run = await reportCli(db, env, ...args);
    return { run, queries: spy.mock.calls.map(([name]) => name) };
  } finally {
    spy.mockRestore();
  }
}

describe('report weekly --send reads the send ledger before building', () => {
  const demoDir = inject('demoDir');
  let truth: DemoTruth;
  let store: { dir: string; db: string };
  let smtp: TestSmtp;
  let env: Record<string, string>;
  let config: string;
  /** Each audience's subject, as the first run sent it. */
  let subjects: Map<string, string>;

  beforeAll(async () => {
    truth = readTruth(demoDir);
    store = await recentDemoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
    env = { COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'costlens <finops@acme.example>' };
    config = join(store.dir, 'send.config.json');
    writeFileSync(config, JSON.stringify({ attribution: demoAttribution(truth), report: { audiences: AUDIENCES } }));
    const first = await reportCli(store.db, env, 'weekly', '--send', '--config', config);
    expect(first.code, first.stderr).toBe(0);
    const received = await settled(smtp, 4);
    subjects = new Map(received.map((m) => [String(m.mail.headers.get('x-costlens-report')).split(' ')[2], m.mail.subject!]));
  }, 300_000);

  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('with nothing to send it runs only calendar/data_horizon and calendar/billing_period_days, says what it said before (each subject, already sent, exit 0) and leaves the store file as it was', async () => {
    const ledgerBefore = await ledgerRows(store.db);
    const fileBefore = statSync(store.db);
    const { run, queries } = await counted(store.db, env, 'weekly', '--send', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    expect(queries).toEqual(PLAN_QUERIES);
    expect(run.stdout).toBe([
      `Weekly report ${W.label} (${W.span}): 4 messages`,
      ...ORDER.flatMap(([audience, to]) => [`  ${audience}: ${subjects.get(audience)}`, `    to: ${to.join(', ')}`, `    sent 0, already sent ${to.length}, failed 0`]),
      '',
    ].join('\n'));
    expect(run.stderr).toBe(ORDER.map(([audience, [to]]) => `costlens report: ${audience} → ${to}: already sent for ${W.label} (send ledger); --force sends it again\n`).join(''));
    expect(smtp.received.length).toBe(4);
    // No new generation: a generation is a copy renamed over the store, a new inode.
    const fileAfter = statSync(store.db);
    expect([fileAfter.ino, fileAfter.mtimeMs, fileAfter.size]).toEqual([fileBefore.ino, fileBefore.mtimeMs, fileBefore.size]);
    expect(await ledgerRows(store.db)).toEqual(ledgerBefore);
  });

  it('a recipient added to team ml: only team ml is built (no organisation section runs its queries) and only the new recipient is sent it', async () => {
    const added = join(store.dir, 'added.config.json');
    const audiences = { ...AUDIENCES, teams: { ...AUDIENCES.teams, 'machine-learning': ['ml@acme.example', 'ml-lead@acme.example'] } };
    writeFileSync(added, JSON.stringify({ attribution: demoAttribution(truth), report: { audiences } }));
    const { run, queries } = await counted(store.db, env, 'weekly', '--send', '--config', added);
    expect(run.code, run.stderr).toBe(0);
    const [, mail] = (await settled(smtp, 5)).slice(3);
    expect([mail.to, mail.mail.subject]).toEqual([['ml-lead@acme.example'], subjects.get('team:ml')]);
    expect(smtp.received.length).toBe(5);
    // The finance and engineering sections' queries (trend, anomalies, alerts, KPIs, commitments, drivers, chargeback) ran before.
    expect(queries.filter((q) => ORGANISATION_QUERIES.includes(q))).toEqual([]);
    expect(run.stdout).toContain(`  team:ml: ${subjects.get('team:ml')}\n    to: ml@acme.example, ml-lead@acme.example\n    sent 1, already sent 1, failed 0\n`);
    expect(run.stdout).toContain(`  finance: ${subjects.get('finance')}\n    to: finance@acme.example\n    sent 0, already sent 1, failed 0\n`);
  });

  it('served when planned, then failed by another run before the lock is free: the audience is built under its turn and sent once', async () => {
    const controller = 'controller@acme.example';
    const key = { week: W.label, audience: 'finance', recipient: controller };
    // Another run holds the writer lock and has handed finance's message to the controller: unknown, held back, nothing to build.
    const lock = await acquireWriterLock(store.db, 1_000);
    const other = createJournal(store.db);
    other.append([{ event: 'intent', ...key, attempt: 1, subject: subjects.get('finance')!, forced: false }]);
    const log: string[] = [];
    let waiting = () => undefined as void;
    const waited = new Promise<void>((resolve) => { waiting = resolve; });
    const transport = smtpTransport(smtp.url);
    const spy = vi.spyOn(DuckDBEngine.prototype, 'run');
    let planned: string[];
    let result;
    try {
      const running = runWeeklyReport({
        storePath: store.db,
        configs: { ...parseConfig({ attribution: demoAttribution(truth) }), report: reportConfigSchema.parse({ audiences: { finance: [...AUDIENCES.finance, controller] } }) },
        catalogue: loadInstanceCatalogue(),
        audience: 'all',
        send: { transport, from: 'finops@acme.example', force: false },
        log: (line) => {
          log.push(line);
          if (line.startsWith('waiting for another ingest')) waiting();
        },
      });
      await waited;
      planned = spy.mock.calls.map(([name]) => name);
      // The other run's server refused the controller, and the run stopped before retrying: not delivered, to send again.
      other.append([{ event: 'refused', ...key, attempt: 1, reason: '4.2.1 <controller@acme.example>: try again later' }]);
      other.close();
      lock.release();
      result = await running;
    } finally {
      spy.mockRestore();
      transport.close();
    }
    expect(planned).toEqual(PLAN_QUERIES);
    const [mail] = (await settled(smtp, 6)).slice(5);
    expect([smtp.received.length, mail.to, mail.mail.subject]).toEqual([6, [controller], subjects.get('finance')]);
    expect(result.messages.map((m) => [m.audience, m.subject, m.message?.subject ?? null, m.delivery?.sent, m.delivery?.skipped, m.note])).toEqual([
      ['finance', subjects.get('finance'), subjects.get('finance'), [{ address: controller, attempts: 1 }], ['finance@acme.example'], null],
      ['engineering', null, null, undefined, undefined, 'no recipients configured'],
    ]);
    expect(log.filter((l) => !l.startsWith('waiting for'))).toEqual([
      'engineering: not sent (no recipients configured)',
      expect.stringMatching(/^an earlier run \(\S+, pid \d+\) stopped while sending; its send journal is now in the ledger: 0 sent, 1 not sent, 0 UNKNOWN$/),
      `finance → ${controller}: sent`,
      `finance → finance@acme.example: already sent for ${W.label} (send ledger); --force sends it again`,
    ]);
    expect((await ledgerRows(store.db)).filter((r) => r.recipient === controller).map((r) => [r.audience, r.status])).toEqual([['finance', 'failed'], ['finance', 'sent']]);
  });

  it('an audience without recipients is not built when sending: its line says so in place of a subject', async () => {
    const financeOnly = join(store.dir, 'finance-only.config.json');
    writeFileSync(financeOnly, JSON.stringify({ attribution: demoAttribution(truth), report: { audiences: { finance: AUDIENCES.finance } } }));
    const { run, queries } = await counted(store.db, env, 'weekly', '--send', '--config', financeOnly);
    expect(run.code, run.stderr).toBe(0);
    expect(queries).toEqual(PLAN_QUERIES);
    expect(run.stdout).toBe([
      `Weekly report ${W.label} (${W.span}): 2 messages`,
      `  finance: ${subjects.get('finance')}`, '    to: finance@acme.example', '    sent 0, already sent 1, failed 0',
      '  engineering: (not built)', '    to: (no recipients configured)', '    not sent: no recipients configured',
      '',
    ].join('\n'));
  });
});
