/**
 * Never sent twice, never silently dropped: a report run killed with SIGKILL at the worst moments —
 * right after the SMTP server accepted a message (0–20 ms, before the run could record it), after
 * the server got the whole message but before it answered, and while a refused recipient waits for
 * its retry — is followed by a run that sends nobody a second copy, sends everyone the killed run
 * never reached, and names every recipient whose fate it cannot know (`--resend-unknown` decides).
 * Real SMTP on loopback; the killed process is the CLI itself, then (repeated) the product's send
 * phase alone in a child process (tests/report/send-child.ts), which skips the report's build.
 * The two CLI scenarios run side by side, each with a store copy and an SMTP server of its own (their
 * children are separate processes, and neither kill depends on tight timing); the send-phase trials
 * then run one after another, with nothing else in this process to delay a kill.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverReports, type Delivery, type DeliveryResult } from '../../src/report/deliver.ts';
import { listJournals } from '../../src/report/ledger-journal.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { sqlRows } from '../helpers/cli.ts';
import { sendChildBundle, sendChildrenFor } from '../helpers/bundled-send-child.ts';
import { demoWeeklyMessages } from '../helpers/cached-report-messages.ts';
import { repetitions } from '../helpers/stress.ts';
import { recentDemoStore } from '../helpers/recent-demo-store.ts';
import { reportCli, startSmtp, type SmtpOptions, type TestSmtp } from './helpers.ts';
import { journalled, runUntilKilled, untilKilled } from './killed-runs.ts';
import { sendJob } from './send-job.ts';

const ROOT = resolve(__dirname, '../..');
const FROM = 'costlens <finops@acme.example>';
/** Kills per repeated scenario: 2, or 4 with COSTLENS_TEST_STRESS=1 (tests/helpers/stress.ts). */
const TRIALS = repetitions(2, 4);
const RETRY = { attempts: 3, retryDelaysMs: [1_500, 1_500] };

/** How many messages the server accepted for each of these addresses. */
function copies(smtp: TestSmtp, addresses: readonly string[]): Record<string, number> {
  return Object.fromEntries(addresses.map((a) => [a, smtp.accepted.filter((to) => to.includes(a)).length]));
}

/** A store copy and an SMTP server of their own, and the SMTP behaviour of the run under way there (the server outlives the runs). */
interface Lane {
  store: { dir: string; db: string; config: string };
  smtp: TestSmtp;
  behaviour: Pick<SmtpOptions, 'onData' | 'onRcpt'>;
}

async function openLane(demoDir: string, refuseOnce: string[]): Promise<Lane> {
  const behaviour: Lane['behaviour'] = {};
  const store = await recentDemoStore(demoDir);
  const smtp = await startSmtp({
    refuseOnce,
    onData: (to, accept, drop) => (behaviour.onData ? behaviour.onData(to, accept, drop) : accept()),
    onRcpt: (address, code) => behaviour.onRcpt?.(address, code),
  });
  return { store, smtp, behaviour };
}

const clearBehaviour = (lane: Lane | undefined) => {
  if (!lane) return;
  lane.behaviour.onData = undefined;
  lane.behaviour.onRcpt = undefined;
};

describe('a report run killed with SIGKILL while sending', () => {
  const demoDir = inject('demoDir');
  /** The send-phase trials and the hang-up. */
  let trials: Lane;
  /** The CLI killed before the server's answer. */
  let cliUnknown: Lane;
  /** The CLI killed in a retry delay. */
  let cliRetry: Lane;
  let messages: { finance: Delivery['message']; engineering: Delivery['message'] };
  const flaky = Array.from({ length: TRIALS }, (_, i) => `t${i}-flaky@acme.example`);
  let children: ReturnType<typeof sendChildrenFor> | undefined;
  /** The run has recorded the server's refusal of `address` (attempt 1) and waits to retry it. */
  const refusalJournalled = (lane: Lane, address: string) => journalled(lane.store.db, (e) => e.event === 'refused' && e.recipient === address);

  beforeAll(async () => {
    let bundle: string;
    [trials, cliUnknown, cliRetry, messages, bundle] = await Promise.all([
      openLane(demoDir, flaky), openLane(demoDir, []), openLane(demoDir, ['cli-flaky@acme.example']), demoWeeklyMessages(demoDir), sendChildBundle(),
    ]);
    children = sendChildrenFor(3 * TRIALS, [bundle]);
    // The first send child loads while the CLI scenarios run.
    children.prestart();
  });

  afterAll(async () => {
    await children?.close();
    for (const lane of [trials, cliUnknown, cliRetry]) {
      clearBehaviour(lane);
      await lane?.smtp.close();
      if (lane) rmSync(lane.store.dir, { recursive: true, force: true });
    }
  });

  const cliConfig = (lane: Lane, name: string, report: Record<string, unknown>) => {
    const path = join(lane.store.dir, `${name}.config.json`);
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(lane.store.config, 'utf8')), report }));
    return path;
  };
  const cliEnv = (lane: Lane) => ({ COSTLENS_SMTP_URL: lane.smtp.url, COSTLENS_MAIL_FROM: FROM, COSTLENS_MAIL_TRANSPORT: '' });

  it.concurrent('the CLI killed after the server got a message but before it answered: the next run holds it back as UNKNOWN, sends the rest, and --resend-unknown sends it once', async ({ expect }) => {
    const { store, smtp, behaviour } = cliUnknown;
    const who = ['cli-cfo@acme.example', 'cli-controller@acme.example', 'cli-eng@acme.example'];
    const config = cliConfig(cliUnknown, 'cli-unknown', { audiences: { finance: who.slice(0, 2), engineering: who.slice(2) } });
    await runUntilKilled([join(ROOT, 'bin/costlens.js'), 'report', 'weekly', '--send', '--db', store.db, '--config', config], cliEnv(cliUnknown), (kill) => {
      behaviour.onData = (_to, _accept, drop) => {
        kill();
        drop();
      };
    });
    clearBehaviour(cliUnknown);
    expect(copies(smtp, who)).toEqual({ 'cli-cfo@acme.example': 0, 'cli-controller@acme.example': 0, 'cli-eng@acme.example': 0 });
    expect(listJournals(store.db)).toHaveLength(1);

    const next = await reportCli(store.db, cliEnv(cliUnknown), 'weekly', '--send', '--config', config);
    expect(next.code).toBe(4);
    expect(next.stderr.split('\n').filter((l) => l.startsWith('costlens: '))).toEqual([
      'costlens: 2 recipients of 2026-W45\'s report are in state unknown — check before resending: cli-cfo@acme.example (finance), cli-controller@acme.example (finance)',
    ]);
    expect(next.stderr).toMatch(/costlens report: an earlier run \(\S+, pid \d+\) stopped while sending; its send journal is now in the ledger: 0 sent, 0 not sent, 2 UNKNOWN\n/);
    expect(next.stderr).toMatch(/costlens report: finance → cli-cfo@acme\.example: UNKNOWN — state unknown since \S+ \S+ UTC: run \S+ \(pid \d+\) stopped after its send intent \(\S+, attempt 1\) and before the server's answer was recorded: the message may or may not have been delivered; not sent again: check whether it arrived/);
    expect(next.stdout).toContain('    sent 0, already sent 0, failed 0, UNKNOWN 2 (cli-cfo@acme.example, cli-controller@acme.example)\n');
    expect(next.stdout).toContain('    to: cli-eng@acme.example\n    sent 1, already sent 0, failed 0\n');
    expect(copies(smtp, who)).toEqual({ 'cli-cfo@acme.example': 0, 'cli-controller@acme.example': 0, 'cli-eng@acme.example': 1 });
    expect(listJournals(store.db)).toEqual([]);

    const resend = await reportCli(store.db, cliEnv(cliUnknown), 'weekly', '--send', '--resend-unknown', '--audience', 'finance', '--config', config);
    expect(resend.code, resend.stderr).toBe(0);
    expect(resend.stdout).toContain('    sent 2, already sent 0, failed 0\n');
    expect(copies(smtp, who)).toEqual({ 'cli-cfo@acme.example': 1, 'cli-controller@acme.example': 1, 'cli-eng@acme.example': 1 });
    expect(await sqlRows(store.db, `SELECT audience, recipient, status, attempts, forced, run_id IS NOT NULL AS journalled, intent_at IS NOT NULL AS intended
      FROM report_sends WHERE recipient LIKE 'cli-%' ORDER BY recorded_at, recipient`)).toEqual([
      { audience: 'finance', recipient: 'cli-cfo@acme.example', status: 'unknown', attempts: '1', forced: 'false', journalled: 'true', intended: 'true' },
      { audience: 'finance', recipient: 'cli-controller@acme.example', status: 'unknown', attempts: '1', forced: 'false', journalled: 'true', intended: 'true' },
      { audience: 'engineering', recipient: 'cli-eng@acme.example', status: 'sent', attempts: '1', forced: 'false', journalled: 'true', intended: 'true' },
      { audience: 'finance', recipient: 'cli-cfo@acme.example', status: 'sent', attempts: '1', forced: 'true', journalled: 'true', intended: 'true' },
      { audience: 'finance', recipient: 'cli-controller@acme.example', status: 'sent', attempts: '1', forced: 'true', journalled: 'true', intended: 'true' },
    ]);
  }, 300_000);

  it.concurrent('the CLI killed while a refused recipient waits for its retry: the recipient accepted before is not sent again, the refused one is sent once', async ({ expect }) => {
    const { store, smtp, behaviour } = cliRetry;
    const who = ['cli-first@acme.example', 'cli-flaky@acme.example', 'cli-eng2@acme.example'];
    const config = cliConfig(cliRetry, 'cli-retry', { audiences: { finance: who.slice(0, 2), engineering: who.slice(2) }, delivery: { attempts: 3, retryDelaysMs: [10_000, 10_000] } });
    await runUntilKilled([join(ROOT, 'bin/costlens.js'), 'report', 'weekly', '--send', '--db', store.db, '--config', config], cliEnv(cliRetry), (kill) => {
      behaviour.onData = (to, accept) => {
        accept();
        if (to.includes('cli-first@acme.example')) void refusalJournalled(cliRetry, 'cli-flaky@acme.example').then((recorded) => recorded && kill());
      };
    });
    clearBehaviour(cliRetry);
    expect(copies(smtp, who)).toEqual({ 'cli-first@acme.example': 1, 'cli-flaky@acme.example': 0, 'cli-eng2@acme.example': 0 });

    const next = await reportCli(store.db, cliEnv(cliRetry), 'weekly', '--send', '--config', config);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/its send journal is now in the ledger: 1 sent, 1 not sent, 0 UNKNOWN\n/);
    expect(next.stderr).toContain('costlens report: finance → cli-first@acme.example: already sent for 2026-W45 (send ledger)');
    expect(next.stdout).toContain('    sent 1, already sent 1, failed 0\n');
    expect(copies(smtp, who)).toEqual({ 'cli-first@acme.example': 1, 'cli-flaky@acme.example': 1, 'cli-eng2@acme.example': 1 });
    const [interrupted] = await sqlRows(store.db, `SELECT status, attempts, error FROM report_sends WHERE recipient = 'cli-flaky@acme.example' ORDER BY recorded_at LIMIT 1`);
    expect(interrupted.status).toBe('failed');
    expect(interrupted.error).toMatch(/^run \S+ \(pid \d+\) stopped before retrying; attempt 1: 450 4\.2\.1 <cli-flaky@acme\.example>: try again later$/);
  }, 300_000);

  /** The send phase of one trial in a child process, killed when `arm` says; then the next run in this process. */
  const trial = async (i: number, deliveries: Delivery[], arm: (kill: () => void) => void, resendUnknown = false) => {
    const job = join(trials.store.dir, `job-${i}.json`);
    writeFileSync(job, JSON.stringify(sendJob({ storePath: trials.store.db, smtpUrl: trials.smtp.url, from: FROM, retry: RETRY, resendUnknown: false }, deliveries)));
    await untilKilled(children!.next(job), arm);
    clearBehaviour(trials);
    const log: string[] = [];
    const transport = smtpTransport(trials.smtp.url);
    try {
      const next = await deliverReports(trials.store.db, deliveries, { transport, from: FROM, force: false, resendUnknown, wait: (ms) => new Promise((r) => setTimeout(r, ms / 100)) }, RETRY, (l) => log.push(l));
      return { next, log };
    } finally {
      transport.close();
    }
  };
  const fates = (results: DeliveryResult[]) => Object.fromEntries(results.flatMap((d) => [
    ...d.sent.map((s) => [s.address, 'sent']), ...d.skipped.map((s) => [s, 'skipped']),
    ...d.unknown.map((u) => [u.address, u.heldBack ? 'held back' : 'unknown']), ...d.failed.map((f) => [f.address, 'failed']),
  ]));

  it(`${TRIALS} times: killed 0–20 ms after the server accepted a message — nobody gets it twice; each recipient is either recorded as sent or held back as unknown, never resent`, async () => {
    for (let i = 0; i < TRIALS; i++) {
      const who = [`a${i}-cfo@acme.example`, `a${i}-controller@acme.example`, `a${i}-eng@acme.example`];
      const deliveries = [{ message: messages.finance, recipients: who.slice(0, 2) }, { message: messages.engineering, recipients: who.slice(2) }];
      const delay = Math.floor(Math.random() * 21);
      const { next, log } = await trial(i, deliveries, (kill) => {
        trials.behaviour.onData = (_to, accept) => {
          accept();
          setTimeout(kill, delay);
        };
      });
      const fate = fates(next);
      const got = copies(trials.smtp, who);
      expect({ [who[0]]: got[who[0]], [who[1]]: got[who[1]] }, `kill ${delay} ms after acceptance`).toEqual({ [who[0]]: 1, [who[1]]: 1 });
      // The engineering message may have been on the wire when the kill came: then it is held back, whether or not it arrived.
      expect(fate[who[2]] === 'held back' ? [0, 1] : [1], `kill ${delay} ms after acceptance, engineering ${fate[who[2]]}`).toContain(got[who[2]]);
      expect(fate[who[0]], `kill ${delay} ms after acceptance`).toMatch(/^(skipped|held back)$/);
      expect(fate[who[1]]).toBe(fate[who[0]]);
      expect(fate[who[2]], 'the message the killed run had not reached (or had just handed over)').toMatch(/^(sent|skipped|held back)$/);
      expect(log.filter((l) => l.includes('stopped while sending'))).toHaveLength(1);
      expect(listJournals(trials.store.db)).toEqual([]);
    }
  }, 600_000);

  it(`${TRIALS} times: killed after the server got a message but before it answered — held back and named; --resend-unknown then sends it exactly once`, async () => {
    for (let i = 0; i < TRIALS; i++) {
      const who = [`b${i}-cfo@acme.example`, `b${i}-eng@acme.example`];
      const deliveries = [{ message: messages.finance, recipients: [who[0]] }, { message: messages.engineering, recipients: [who[1]] }];
      const { next } = await trial(100 + i, deliveries, (kill) => {
        trials.behaviour.onData = (_to, _accept, drop) => {
          kill();
          drop();
        };
      });
      expect(fates(next)).toEqual({ [who[0]]: 'held back', [who[1]]: 'sent' });
      expect(copies(trials.smtp, who)).toEqual({ [who[0]]: 0, [who[1]]: 1 });
      const transport = smtpTransport(trials.smtp.url);
      try {
        const decided = await deliverReports(trials.store.db, deliveries, { transport, from: FROM, force: false, resendUnknown: true }, RETRY);
        expect(fates(decided)).toEqual({ [who[0]]: 'sent', [who[1]]: 'skipped' });
      } finally {
        transport.close();
      }
      expect(copies(trials.smtp, who)).toEqual({ [who[0]]: 1, [who[1]]: 1 });
    }
  }, 600_000);

  it(`${TRIALS} times: killed at a random moment of a refused recipient's retry delay — the accepted are not resent, the refused one is sent once`, async () => {
    for (let i = 0; i < TRIALS; i++) {
      const who = [`t${i}-cfo@acme.example`, `t${i}-flaky@acme.example`, `t${i}-eng@acme.example`];
      const deliveries = [{ message: messages.finance, recipients: who.slice(0, 2) }, { message: messages.engineering, recipients: who.slice(2) }];
      // Once the killed run has journalled the answers (a kill before that is the "held back as
      // unknown" case tested above), then up to 1,000 ms later, inside the 1,500 ms retry delay.
      const delay = Math.floor(Math.random() * 1_000);
      const { next } = await trial(200 + i, deliveries, (kill) => {
        trials.behaviour.onData = (to, accept) => {
          accept();
          if (to.includes(who[0])) void refusalJournalled(trials, who[1]).then((recorded) => recorded && setTimeout(kill, delay));
        };
      });
      expect(copies(trials.smtp, who), `kill ${delay} ms into the retry delay`).toEqual({ [who[0]]: 1, [who[1]]: 1, [who[2]]: 1 });
      expect(fates(next)).toEqual({ [who[0]]: 'skipped', [who[1]]: 'sent', [who[2]]: 'sent' });
    }
  }, 600_000);

  it('a connection lost after the whole message was handed over is UNKNOWN at once: not retried, recorded, reported', async () => {
    const who = 'hangup@acme.example';
    trials.behaviour.onData = (_to, _accept, drop) => drop(true);
    const transport = smtpTransport(trials.smtp.url);
    let results: DeliveryResult[];
    try {
      results = await deliverReports(trials.store.db, [{ message: messages.finance, recipients: [who] }], { transport, from: FROM, force: false }, RETRY);
    } finally {
      transport.close();
      clearBehaviour(trials);
    }
    expect(results[0].unknown).toEqual([{ address: who, heldBack: false, reason: expect.stringMatching(/^the connection to smtp:\/\/127\.0\.0\.1:\d+ broke after the whole message was handed over and before the server answered \(/) }]);
    expect(trials.smtp.rcpts.filter((r) => r.address === who)).toHaveLength(1);
    expect(await sqlRows(trials.store.db, `SELECT status, attempts FROM report_sends WHERE recipient = '${who}'`)).toEqual([{ status: 'unknown', attempts: '1' }]);
    expect(existsSync(`${trials.store.db}.lock`)).toBe(false);
  });
});
