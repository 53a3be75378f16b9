/**
 * Alerts inside `costlens serve --schedule`: a check runs at start and again after every ingest
 * (a new generation of the store file), and the ledger keeps the reruns from sending twice;
 * e-mail alerts without mail settings stop the server at start, naming what to set.
 */
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { startAlertSchedule } from '../../src/report/alerts-schedule.ts';
import type { AlertCheckResult } from '../../src/report/alerts-check.ts';
import { demoStoreCopy } from '../helpers/cached-stores.ts';
import { startReceiver, type Receiver } from './helpers.ts';

describe('alerts in serve --schedule', () => {
  let store: { dir: string; db: string };
  let receiver: Receiver;

  beforeAll(async () => {
    store = await demoStoreCopy(inject('demoDir'), ['cur2']);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  const configs = (extra: Record<string, unknown>) => parseConfig({
    budgets: [{ name: 'payments-prod', amount: 3000, scope: { accounts: ['730604943011'] }, thresholds: [{ percent: 25 }] }],
    alerts: { webhooks: [{ name: 'receiver', url: `${receiver.url}/hook` }], anomalyEvents: false, ...extra },
  });

  it('checks at start and after each new generation of the store, sending each alert once', async () => {
    const runs: AlertCheckResult[] = [];
    const lines: string[] = [];
    const schedule = startAlertSchedule({ storePath: store.db, configs: configs({}), env: {}, log: (l) => lines.push(l), pollMs: 100, onRun: (r) => runs.push(r) });
    try {
      for (let i = 0; i < 600 && runs.length < 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(runs[0].outcomes.map((o) => o.status)).toEqual(['sent']);
      expect(receiver.posts).toHaveLength(1);
      // Five polls without a new generation start no further check.
      await new Promise((r) => setTimeout(r, 500));
      expect(runs).toHaveLength(1);
      // An ingest replaces the store with a new generation (a copy renamed over it).
      copyFileSync(store.db, `${store.db}.ingest`);
      renameSync(`${store.db}.ingest`, store.db);
      for (let i = 0; i < 600 && runs.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500)); // a run the rename may have started meanwhile
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.slice(1).flatMap((r) => r.outcomes.map((o) => o.status))).toEqual(runs.slice(1).map(() => 'already sent'));
      expect(receiver.posts).toHaveLength(1);
      expect(lines).toContain('alerts: 1 sent, 0 failed, 0 UNKNOWN');
    } finally {
      schedule?.stop();
    }
  }, 120_000);

  it('e-mail alerts without mail settings stop it at start, naming what to set; no channel: no schedule', () => {
    expect(() => startAlertSchedule({ storePath: store.db, configs: configs({ email: ['finops@acme.example'] }), env: {}, log: () => undefined }))
      .toThrow('alerts.email lists 1 address(es): set COSTLENS_SMTP_URL and COSTLENS_MAIL_FROM to send them');
    expect(startAlertSchedule({ storePath: store.db, configs: parseConfig({}), env: {}, log: () => undefined })).toBeNull();
  });
});
