/**
 * Delivery when the mail server refuses recipients: a refused recipient is retried alone (bounded),
 * the others are never sent twice, the ledger records every outcome, and a rerun sends only to
 * those still missing the report.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { runWeeklyReport, type WeeklyRunResult } from '../../src/report/weekly.ts';
import { recentDemoStore } from '../helpers/recent-demo-store.ts';
import { addLedgerTable, demoConfigs, ledgerRows, readTruth, reportCli, settled, startSmtp, type TestSmtp } from './helpers.ts';

const REPORT = {
  audiences: {
    finance: ['cfo@acme.example', 'flaky@acme.example'],
    engineering: ['eng@acme.example', 'bounce@acme.example'],
  },
  delivery: { attempts: 3, retryDelaysMs: [20, 50] },
};

describe('a recipient the SMTP server refuses', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let result: WeeklyRunResult;

  const run = async () => {
    const transport = smtpTransport(smtp.url);
    try {
      return await runWeeklyReport({
        storePath: store.db, configs: demoConfigs(readTruth(demoDir), REPORT), catalogue: loadInstanceCatalogue(), audience: 'all',
        send: { transport, from: 'finops@acme.example', force: false },
      });
    } finally {
      transport.close();
    }
  };

  beforeAll(async () => {
    store = await recentDemoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp({ refuseOnce: ['flaky@acme.example'], refuseAlways: ['bounce@acme.example'] });
    result = await run();
    await settled(smtp, 3);
  });

  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('is retried alone until accepted; the recipients already served are not sent again', () => {
    expect(smtp.received.map((m) => [String(m.mail.headers.get('x-costlens-report')), m.to])).toEqual([
      ['weekly 2026-W45 finance', ['cfo@acme.example']],
      ['weekly 2026-W45 finance', ['flaky@acme.example']],
      ['weekly 2026-W45 engineering', ['eng@acme.example']],
    ]);
    expect(smtp.rcpts).toEqual([
      { address: 'cfo@acme.example', code: 250 },
      { address: 'flaky@acme.example', code: 450 },
      { address: 'flaky@acme.example', code: 250 },
      { address: 'eng@acme.example', code: 250 },
      { address: 'bounce@acme.example', code: 550 },
      { address: 'bounce@acme.example', code: 550 },
      { address: 'bounce@acme.example', code: 550 },
    ]);
    expect(smtp.received[1].mail.subject).toBe(smtp.received[0].mail.subject);
  });

  it('is reported as failed after the configured attempts, with the server\'s reason, the others as sent', () => {
    expect(result.failed).toBe(1);
    expect(result.messages.map((m) => m.delivery)).toEqual([
      { audience: 'finance', sent: [{ address: 'cfo@acme.example', attempts: 1 }, { address: 'flaky@acme.example', attempts: 2 }], skipped: [], failed: [], unknown: [] },
      { audience: 'engineering', sent: [{ address: 'eng@acme.example', attempts: 1 }], skipped: [], failed: [{ address: 'bounce@acme.example', attempts: 3, reason: '550 5.1.1 <bounce@acme.example>: mailbox unavailable' }], unknown: [] },
    ]);
  });

  it('is recorded in the ledger, and a rerun sends to it alone (still refused) and to nobody else', async () => {
    const rows = (r: Record<string, string | null>[]) => r.map((x) => [x.audience, x.recipient, x.status, x.attempts, x.has_error]).sort();
    const first = [
      ['engineering', 'bounce@acme.example', 'failed', '3', 'true'],
      ['engineering', 'eng@acme.example', 'sent', '1', 'false'],
      ['finance', 'cfo@acme.example', 'sent', '1', 'false'],
      ['finance', 'flaky@acme.example', 'sent', '2', 'false'],
    ];
    expect(rows(await ledgerRows(store.db))).toEqual(first);
    const again = await run();
    expect(smtp.received.length).toBe(3);
    expect(smtp.rcpts.slice(7)).toEqual([1, 2, 3].map(() => ({ address: 'bounce@acme.example', code: 550 })));
    expect(again.messages.map((m) => [m.audience, m.delivery!.sent.length, m.delivery!.skipped, m.delivery!.failed.map((f) => f.address)])).toEqual([
      ['finance', 0, ['cfo@acme.example', 'flaky@acme.example'], []],
      ['engineering', 0, ['eng@acme.example'], ['bounce@acme.example']],
    ]);
    expect(rows(await ledgerRows(store.db))).toEqual([...first, ['engineering', 'bounce@acme.example', 'failed', '3', 'true']].sort());
  });

  it('makes `costlens report weekly --send` exit non-zero with a one-line reason, after sending to the others', async () => {
    // The config's retry policy (3 attempts, 20 and 50 ms apart), not the default 2 s and 10 s.
    const config = join(store.dir, 'delivery.config.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(store.config, 'utf8')), report: { delivery: REPORT.delivery } }));
    const cli = await reportCli(store.db, { COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'finops@acme.example' },
      'weekly', '--audience', 'finance', '--to', 'bounce@acme.example,board@acme.example', '--send', '--config', config);
    expect(cli.code).toBe(4);
    expect(cli.stderr.split('\n').filter((l) => l.startsWith('costlens: '))).toEqual([
      'costlens: 1 recipient could not be sent 2026-W45\'s report; the others were sent and recorded',
    ]);
    expect(cli.stderr).toContain('costlens report: finance → board@acme.example: sent');
    expect(cli.stderr).toContain('costlens report: finance → bounce@acme.example: FAILED after 3 attempts: 550 5.1.1 <bounce@acme.example>: mailbox unavailable');
    expect(cli.stdout).toContain('    sent 1, already sent 0, failed 1');
    await settled(smtp, 4);
    expect(smtp.received.slice(3).map((m) => m.to)).toEqual([['board@acme.example']]);
  });
});
