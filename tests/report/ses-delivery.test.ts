/**
 * `costlens report weekly --send` through Amazon SES v2, against the fake AWS (the real SDK, the
 * restJson1 wire protocol on loopback): one SendEmail per recipient carrying the same MIME message
 * SMTP carries, the send ledger, a recipient SES refuses reported and retried alone, throttling
 * retried by the AWS client, and the settings that choose SES.
 * The SMTP copy is sent from a copy of the same store, beside the run the ledger stops (which calls
 * SES not at all): two runs at once, neither touching what the other checks.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { startReportSchedule } from '../../src/report/serve-schedule.ts';
import { startFakeAws } from '../aws/helpers.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { FakeSes } from '../fakes/aws/ses.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { recentDemoStore } from '../helpers/recent-demo-store.ts';
import { addLedgerTable, centsOf, demoConfigs, readTruth, reportCli, settled, startSmtp, usd, type TestSmtp } from './helpers.ts';
import { textRow } from './text-tables.ts';

const FROM = 'costlens <finops@acme.example>';

describe('costlens report weekly --send through Amazon SES v2', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  /** The same demo store, for the SMTP copy sent beside the ledger test. */
  let smtpStore: { dir: string; db: string; config: string };
  let fake: FakeAws;
  let ses: FakeSes;
  let smtp: TestSmtp;
  let config: string;
  const env = { COSTLENS_MAIL_FROM: FROM, COSTLENS_SMTP_URL: '', COSTLENS_MAIL_TRANSPORT: '' };

  /** A config file: the demo's attribution, fast AWS retries, and `report` as given. */
  const writeConfig = (name: string, report: Record<string, unknown>) => {
    const path = join(store.dir, name);
    const base = JSON.parse(readFileSync(store.config, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...base, aws: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }, report }));
    return path;
  };
  const send = (to: string, ...extra: string[]) => reportCli(store.db, env, 'weekly', '--audience', 'finance', '--to', to, '--send', '--config', config, ...extra);
  const parsed = (from: number) => Promise.all(ses.sent.slice(from).map((m) => simpleParser(m.raw)));
  const sendCalls = () => fake.calls('ses', 'SendEmail');

  beforeAll(async () => {
    [store, smtpStore] = await Promise.all([recentDemoStore(demoDir), recentDemoStore(demoDir)]);
    await Promise.all([addLedgerTable(store.db), addLedgerTable(smtpStore.db)]);
    ses = new FakeSes();
    ses.configurationSets.add('costlens-reports');
    fake = await startFakeAws([ses]);
    smtp = await startSmtp();
    config = writeConfig('ses.config.json', { ses: { region: 'eu-west-1', configurationSet: 'costlens-reports' }, delivery: { attempts: 2, retryDelaysMs: [10] } });
  });

  afterAll(async () => {
    await fake?.stop();
    await smtp?.close();
    vi.unstubAllEnvs();
    for (const s of [store, smtpStore]) if (s) rmSync(s.dir, { recursive: true, force: true });
  });

  it('sends each recipient its own SendEmail with the whole MIME message: the figures, the CID charts and the chargeback CSV', async () => {
    const run = await send('cfo@acme.example,controller@acme.example', '--verbose');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('    to: cfo@acme.example, controller@acme.example\n    sent 2, already sent 0, failed 0\n');
    expect(run.stderr.match(/^aws sesv2 SendEmail \d+ ms$/gm)).toHaveLength(2);
    expect(ses.sent.map((m) => [m.to, m.fromEmailAddress, m.configurationSet, m.region])).toEqual([
      [['cfo@acme.example'], 'finops@acme.example', 'costlens-reports', 'eu-west-1'],
      [['controller@acme.example'], 'finops@acme.example', 'costlens-reports', 'eu-west-1'],
    ]);
    expect(sendCalls().map((c) => [c.headers['content-type'], c.attempt])).toEqual([['application/json', 1], ['application/json', 1]]);

    const [cfo, controller] = await parsed(0);
    expect([(cfo.to as AddressObject).text, (controller.to as AddressObject).text]).toEqual(['cfo@acme.example', 'controller@acme.example']);
    expect(cfo.from?.value).toEqual([{ name: 'costlens', address: 'finops@acme.example' }]);
    expect(cfo.headers.get('x-costlens-report')).toBe('weekly 2026-W45 finance');
    const [week] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b, CAST(round(sum(EffectiveCost), 2) AS VARCHAR) AS e
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-02' AND ChargePeriodStart < TIMESTAMP '2026-11-09'`);
    expect(cfo.subject!.startsWith(`[costlens] Finance weekly 2026-W45 (2–8 Nov 2026): ${usd(centsOf(week.b))} billed, `)).toBe(true);
    expect(textRow(cfo.text!, 'Total EffectiveCost')?.[1]).toBe(usd(centsOf(week.e)));

    const images = cfo.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => [a.cid, a.contentDisposition])).toEqual(images.map((a) => [`${a.filename!.replace(/\.png$/, '')}@costlens`, 'inline']));
    expect(images.length).toBe(3);
    const linked = await simpleParser(ses.sent[0].raw, { keepCidLinks: true });
    for (const image of images) {
      expect(image.content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      expect(linked.html).toContain(`src="cid:${image.cid}"`);
    }
    const csv = cfo.attachments.filter((a) => a.contentType === 'text/csv');
    expect(csv.map((a) => [a.filename, a.contentDisposition])).toEqual([['chargeback-cost-center-2026-10.csv', 'attachment']]);
    const attribute = await costlens(store.db, 'attribute', '--tag', 'cost-center', '--period', '2026-10', '--format', 'csv', '--config', store.config);
    expect(csv[0].content.equals(Buffer.from(attribute.stdout, 'utf8'))).toBe(true);

    const ledger = await sqlRows(store.db, `SELECT recipient, message_id FROM report_sends WHERE status = 'sent' ORDER BY recorded_at, recipient`);
    expect(ledger).toEqual(ses.sent.map((m) => ({ recipient: m.to[0], message_id: m.messageId })));
  });

  it.concurrent('carries the message SMTP carries (COSTLENS_MAIL_TRANSPORT=smtp overrides report.ses)', async ({ expect }) => {
    const run = await reportCli(smtpStore.db, { ...env, COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_TRANSPORT: 'smtp' },
      'weekly', '--audience', 'finance', '--to', 'smtp-copy@acme.example', '--send', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    const [viaSmtp] = await settled(smtp, 1);
    expect(ses.sent.length).toBe(2);
    const [viaSes] = await parsed(0);
    const shape = (m: ParsedMail) => ({
      subject: m.subject, from: m.from?.text, text: m.text, html: m.html, report: m.headers.get('x-costlens-report'),
      attachments: m.attachments.map((a) => [a.filename, a.contentType, a.cid, a.contentDisposition, a.checksum, a.size]),
    });
    expect(shape(viaSes)).toEqual(shape(viaSmtp.mail));
  });

  it.concurrent('the send ledger stops a second send of the week to the same recipients', async ({ expect }) => {
    const calls = sendCalls().length;
    const again = await send('cfo@acme.example,controller@acme.example');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('    sent 0, already sent 2, failed 0\n');
    expect(again.stderr).toContain('costlens report: finance → cfo@acme.example: already sent for 2026-W45 (send ledger); --force sends it again\n');
    expect(sendCalls().length).toBe(calls);
  });

  it('reports a recipient SES refuses with SES\'s reason, after retrying it alone; the next run sends to it alone', async () => {
    ses.refuse('bounce@acme.example');
    const before = ses.sent.length;
    const calls = sendCalls().length;
    const run = await send('board@acme.example,bounce@acme.example');
    expect(run.code).toBe(4);
    const reason = 'MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: bounce@acme.example';
    expect(run.stderr).toContain(`costlens report: finance → bounce@acme.example: FAILED after 2 attempts: ${reason}\n`);
    expect(run.stderr).toContain('costlens report: finance → board@acme.example: sent\n');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('costlens: '))).toEqual([
      'costlens: 1 recipient could not be sent 2026-W45\'s report; the others were sent and recorded',
    ]);
    expect(sendCalls().slice(calls).map((c) => (c.params as { Destination: { ToAddresses: string[] } }).Destination.ToAddresses)).toEqual([
      ['board@acme.example'], ['bounce@acme.example'], ['bounce@acme.example'],
    ]);
    expect(ses.sent.slice(before).map((m) => m.to)).toEqual([['board@acme.example']]);
    const [failed] = await sqlRows(store.db, `SELECT status, attempts, error FROM report_sends WHERE recipient = 'bounce@acme.example'`);
    expect(failed).toEqual({ status: 'failed', attempts: '2', error: reason });

    ses.refusals.clear();
    const rerun = await send('board@acme.example,bounce@acme.example');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('    sent 1, already sent 1, failed 0\n');
    expect(ses.sent.slice(before).map((m) => m.to)).toEqual([['board@acme.example'], ['bounce@acme.example']]);
    expect((await parsed(ses.sent.length - 1))[0].attachments.filter((a) => a.contentType === 'text/csv').length).toBe(1);
  });

  it('retries a throttled SendEmail with backoff and succeeds; throttling past every retry fails the recipient with the AWS error', async () => {
    fake.inject({ service: 'ses', operation: 'SendEmail', kind: 'throttle', times: 2 });
    const calls = sendCalls().length;
    const run = await send('ops@acme.example', '--verbose');
    expect(run.code, run.stderr).toBe(0);
    expect(sendCalls().slice(calls).map((c) => [c.attempt, c.fault ?? null])).toEqual([[1, 'throttle'], [2, 'throttle'], [3, null]]);
    expect(run.stderr).toMatch(/^aws sesv2 SendEmail \d+ ms, 2 retries$/m);
    expect(ses.sent.at(-1)!.to).toEqual(['ops@acme.example']);

    fake.inject({ service: 'ses', operation: 'SendEmail', kind: 'throttle', times: 6 });
    const exhausted = await send('later@acme.example');
    expect(exhausted.code).toBe(4);
    expect(exhausted.stderr).toContain('costlens report: finance → later@acme.example: FAILED after 2 attempts: sending through Amazon SES (eu-west-1) failed: sesv2 SendEmail failed after 3 attempts: TooManyRequestsException: Rate exceeded\n');
    expect(ses.sent.some((m) => m.to.includes('later@acme.example'))).toBe(false);
  });

  it('a refusal of the sender (an unknown configuration set) fails every recipient with one call per attempt', async () => {
    const missingSet = writeConfig('ses-missing-set.config.json', { ses: { configurationSet: 'no-such-set' }, delivery: { attempts: 2, retryDelaysMs: [10] } });
    const calls = sendCalls().length;
    const run = await reportCli(store.db, env, 'weekly', '--audience', 'finance', '--to', 'a@acme.example,b@acme.example', '--send', '--config', missingSet);
    expect(run.code).toBe(4);
    expect(run.stdout).toContain('    sent 0, already sent 0, failed 2\n');
    expect(run.stderr).toContain('costlens report: finance → b@acme.example: FAILED after 2 attempts: NotFoundException: Configuration set <no-such-set> does not exist.\n');
    expect(sendCalls().slice(calls).map((c) => [c.region, (c.params as { Destination: { ToAddresses: string[] } }).Destination.ToAddresses[0]])).toEqual([
      ['us-east-1', 'a@acme.example'], ['us-east-1', 'a@acme.example'],
    ]);
  });

  it('chooses SES by config or COSTLENS_MAIL_TRANSPORT, and refuses bad settings before sending anything', async () => {
    const calls = sendCalls().length;
    const badRegion = writeConfig('bad-region.config.json', { ses: { region: 'Ireland' } });
    const smtpConfig = writeConfig('smtp.config.json', { delivery: { transport: 'smtp' } });
    const cases: [string[], Record<string, string>, number, string][] = [
      [['--config', config], { COSTLENS_MAIL_FROM: '' }, 3, 'costlens: report --send needs COSTLENS_MAIL_FROM'],
      [['--config', config], { COSTLENS_MAIL_TRANSPORT: 'pigeon' }, 3, 'costlens: COSTLENS_MAIL_TRANSPORT must be smtp or ses; got "pigeon"'],
      [['--config', smtpConfig], {}, 3, 'costlens: report --send needs COSTLENS_SMTP_URL'],
      [['--config', badRegion], {}, 3, `costlens: ${badRegion}: report.ses.region: must be an AWS region such as eu-west-1`],
    ];
    for (const [args, extra, code, line] of cases) {
      const run = await reportCli(store.db, { ...env, ...extra }, 'weekly', '--audience', 'finance', '--to', 'x@acme.example', '--send', ...args);
      expect([run.code, run.stderr.split('\n')[0]], line).toEqual([code, line]);
      expect(run.stderr.split('\n')[1], line).toMatch(/^ {2}hint: /);
    }
    expect(sendCalls().length).toBe(calls);
    const viaEnv = await reportCli(store.db, { ...env, COSTLENS_MAIL_TRANSPORT: 'ses' }, 'weekly', '--audience', 'finance', '--to', 'env@acme.example', '--send', '--config', smtpConfig);
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(ses.sent.at(-1)!.to).toEqual(['env@acme.example']);
  });

  it('serve --schedule sends through SES without an SMTP URL, and names only what SES lacks', () => {
    const start = (scheduleEnv: NodeJS.ProcessEnv) => {
      try {
        startReportSchedule({
          cron: '0 8 * * MON', storePath: store.db, configs: demoConfigs(readTruth(demoDir), { ses: { region: 'eu-west-1' } }),
          catalogue: loadInstanceCatalogue(), env: scheduleEnv, log: () => undefined,
        }).stop();
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(start({ COSTLENS_MAIL_FROM: FROM })).toBeNull();
    expect(start({})).toBe('--schedule sends the weekly report by e-mail: set COSTLENS_MAIL_FROM');
    expect(start({ COSTLENS_MAIL_TRANSPORT: 'smtp' })).toBe('--schedule sends the weekly report by e-mail: set COSTLENS_SMTP_URL and COSTLENS_MAIL_FROM');
  });
});
