/** `costlens serve --schedule`: the scheduled run sends the week once, and the ledger keeps later ticks from sending it again. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { CostlensError } from '../../src/errors.ts';
import { startReportSchedule } from '../../src/report/serve-schedule.ts';
import type { WeeklyRunResult } from '../../src/report/weekly.ts';
import { addLedgerTable, demoConfigs, demoStore, readTruth, settled, startSmtp, type TestSmtp } from './helpers.ts';

describe('the scheduled weekly report', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;

  beforeAll(async () => {
    store = await demoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
  });

  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('refuses to start without the mail settings, naming what is missing', () => {
    const start = (env: NodeJS.ProcessEnv) => {
      try {
        startReportSchedule({ cron: '0 8 * * MON', storePath: store.db, configs: demoConfigs(readTruth(demoDir)), catalogue: loadInstanceCatalogue(), env, log: () => undefined }).stop();
        return null;
      } catch (error) {
        return [(error as CostlensError).code, (error as CostlensError).message];
      }
    };
    expect(start({})).toEqual(['config', '--schedule sends the weekly report by e-mail: set COSTLENS_SMTP_URL and COSTLENS_MAIL_FROM']);
    expect(start({ COSTLENS_SMTP_URL: smtp.url })).toEqual(['config', '--schedule sends the weekly report by e-mail: set COSTLENS_MAIL_FROM']);
  });

  it('sends every configured audience on the first tick and nothing on the next ones', async () => {
    const runs: WeeklyRunResult[] = [];
    const log: string[] = [];
    let secondRun: () => void = () => undefined;
    const twoRuns = new Promise<void>((resolve) => { secondRun = resolve; });
    // Every second: a run never overlaps the one before, so the second tick's run starts once the first has sent.
    const schedule = startReportSchedule({
      cron: '* * * * * *',
      storePath: store.db,
      configs: demoConfigs(readTruth(demoDir), { audiences: { finance: ['finance@acme.example'], teams: { ml: ['ml@acme.example'] } } }),
      catalogue: loadInstanceCatalogue(),
      env: { COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'finops@acme.example' },
      log: (line) => log.push(line),
      onRun: (result) => {
        runs.push(result);
        if (runs.length === 2) {
          schedule.stop(); // within the second run: no third tick can start
          secondRun();
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([twoRuns, new Promise((r) => { timer = setTimeout(r, 50_000); })]);
    } finally {
      clearTimeout(timer);
      schedule.stop();
    }
    await settled(smtp, 2);
    expect(runs.length).toBe(2);
    expect(smtp.received.map((m) => m.to)).toEqual([['finance@acme.example'], ['ml@acme.example']]);
    expect(log.filter((l) => l.startsWith('weekly report'))).toEqual(['weekly report 2026-W45: 2 sent, 0 failed', 'weekly report 2026-W45: 0 sent, 0 failed']);
    expect(log).toContain('engineering: not sent (no recipients configured)');
  }, 60_000);
});
