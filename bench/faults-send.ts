/**
 * bench/faults, report sends: the product's send phase (deliverReports: ledger, send journal,
 * SMTP transport) runs in a process of its own (bench/faults-send-child.ts) against a real SMTP
 * server on loopback, three messages to five recipients (one refused once, so a retry delay is
 * part of every run), and is killed with SIGKILL at one of three kinds of moment, in turn:
 * uniformly at random over the send phase; 0–20 ms after the server accepted a message; after
 * the server received a message and before it answered (the server then drops it, as a server
 * that loses its client before its 250 does). Then a second run sends; recipients it holds back
 * as unknown are checked against the server (what an operator does with the mail server's log)
 * and those without the message are sent with --resend-unknown. Counted: messages a recipient got
 * twice (duplicates) and recipients who never got theirs (lost).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { deliverReports, type Delivery, type DeliveryResult } from '../src/report/deliver.ts';
import { listJournals } from '../src/report/ledger-journal.ts';
import type { ReportMessage } from '../src/report/message.ts';
import { smtpTransport } from '../src/report/transport.ts';
import { writeNewGeneration } from '../src/store/generation.ts';
import { openStore } from '../src/store/open.ts';

export const FROM = 'costlens <finops@acme.example>';
export const RETRY = { attempts: 3, retryDelaysMs: [250, 250] };
const WEEK = '2026-W45';
const root = resolve(import.meta.dirname, '..');

/** A report e-mail of a realistic size (HTML, text, a 120 KB inline PNG's worth of bytes); the same for every run. */
export function benchMessage(audience: string): ReportMessage {
  const png = Buffer.alloc(120_000);
  for (let i = 0; i < png.length; i++) png[i] = (i * 2654435761) >>> 24;
  const html = `<html><body><h1>${audience} weekly ${WEEK}</h1><img src="cid:daily@costlens"><table>${'<tr><td>EC2</td><td>$1,234.56</td></tr>'.repeat(200)}</table></body></html>`;
  return {
    audience, week: WEEK, subject: `[costlens] ${audience} weekly ${WEEK}: $6,726.33 billed`, html, text: `${audience} weekly ${WEEK}\n${'EC2  $1,234.56\n'.repeat(200)}`,
    attachments: [{ filename: 'daily.png', content: png, contentType: 'image/png', cid: 'daily@costlens', contentDisposition: 'inline' }],
    previewHtml: html,
  };
}

/** The job the child process runs. */
export interface SendJob {
  storePath: string;
  smtpUrl: string;
  deliveries: { audience: string; recipients: string[] }[];
}

/** A job's deliveries with their messages. */
export function jobDeliveries(job: Pick<SendJob, 'deliveries'>): Delivery[] {
  return job.deliveries.map((d) => ({ message: benchMessage(d.audience), recipients: d.recipients }));
}

type Moment = 'random' | 'after acceptance' | 'before the answer';

interface Behaviour {
  onConnect?: () => void;
  onData?: (accept: () => void, drop: () => void) => void;
}

async function startServer(flaky: Set<string>) {
  const accepted = new Map<string, number>();
  const refused = new Set<string>();
  const behaviour: Behaviour = {};
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 1_000,
    onConnect(_session, callback) {
      behaviour.onConnect?.();
      callback();
    },
    onRcptTo(address, _session, callback) {
      const a = address.address.toLowerCase();
      if (flaky.has(a) && !refused.has(a)) {
        refused.add(a);
        return callback(Object.assign(new Error(`4.2.1 <${a}>: try again later`), { responseCode: 450 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        const accept = () => {
          for (const r of session.envelope.rcptTo) accepted.set(r.address.toLowerCase(), (accepted.get(r.address.toLowerCase()) ?? 0) + 1);
          callback();
        };
        if (behaviour.onData) behaviour.onData(accept, () => undefined);
        else accept();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return { url, accepted, behaviour, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/** Runs the child; `arm` gets a kill function. Resolves with whether it was killed and when it ended. */
function runChild(jobPath: string, arm: (kill: () => void) => void): Promise<{ killed: boolean; endedAt: number; stderr: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/run-ts.js'), 'bench/faults-send-child.ts', jobPath], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += String(c); });
  let killed = false;
  arm(() => {
    if (!killed && child.exitCode === null) killed = child.kill('SIGKILL');
  });
  return new Promise((done) => child.once('close', () => done({ killed, endedAt: performance.now(), stderr })));
}

/** Runs the send trials; returns the stores intact, duplicates, losses and the report lines. */
export async function runSendTrials(count: number, random: () => number, dir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const template = join(dir, 'ledger-template.duckdb');
  await writeNewGeneration(template, {}, async () => undefined);
  const recipientsOf = (t: string) => [`${t}-cfo@acme.example`, `${t}-flaky@acme.example`, `${t}-eng1@acme.example`, `${t}-eng2@acme.example`, `${t}-pay@acme.example`];
  const flaky = new Set(['cal', ...Array.from({ length: count }, (_, i) => `s${i}`)].map((t) => recipientsOf(t)[1]));
  const server = await startServer(flaky);
  const job = (t: string, storePath: string): SendJob => {
    const [cfo, fl, eng1, eng2, pay] = recipientsOf(t);
    return { storePath, smtpUrl: server.url, deliveries: [{ audience: 'finance', recipients: [cfo, fl] }, { audience: 'engineering', recipients: [eng1, eng2] }, { audience: 'team:payments', recipients: [pay] }] };
  };
  const writeJob = (t: string, storePath: string) => {
    const path = join(dir, `${t}.job.json`);
    writeFileSync(path, JSON.stringify(job(t, storePath)));
    return path;
  };

  const calibration = join(dir, 'calibration.duckdb');
  copyFileSync(template, calibration);
  let connectedAt = 0;
  server.behaviour.onConnect = () => { connectedAt ||= performance.now(); };
  const full = await runChild(writeJob('cal', calibration), () => undefined);
  const sendMs = full.endedAt - connectedAt;
  server.behaviour.onConnect = undefined;
  if (recipientsOf('cal').some((r) => server.accepted.get(r) !== 1)) throw new Error(`the calibration run did not send each recipient one message: ${full.stderr}`);
  process.stderr.write(`report sends: a send phase takes ${Math.round(sendMs)} ms; ${count} trials …\n`);

  const tally = { duplicates: 0, lost: 0, intact: 0, finished: 0, heldBack: 0, heldBackHad: 0, resent: 0, recipients: 0 };
  const moments: Record<Moment, number> = { random: 0, 'after acceptance': 0, 'before the answer': 0 };
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = `s${i}`;
    const storePath = join(dir, `${t}.duckdb`);
    copyFileSync(template, storePath);
    const moment: Moment = (['random', 'after acceptance', 'before the answer'] as const)[i % 3];
    moments[moment]++;
    const k = 1 + Math.floor(random() * 4);
    const delay = moment === 'random' ? random() * sendMs : random() * 20;
    let seen = 0;
    const run = await runChild(writeJob(t, storePath), (kill) => {
      if (moment === 'random') server.behaviour.onConnect = () => { if (seen++ === 0) setTimeout(kill, delay); };
      else {
        server.behaviour.onData = (accept, drop) => {
          if (++seen !== k) return accept();
          if (moment === 'before the answer') {
            kill();
            return drop();
          }
          accept();
          setTimeout(kill, delay);
        };
      }
    });
    server.behaviour.onConnect = undefined;
    server.behaviour.onData = undefined;
    if (!run.killed) tally.finished++;

    const deliveries = jobDeliveries(job(t, storePath));
    const transport = smtpTransport(server.url);
    try {
      const next = await deliverReports(storePath, deliveries, { transport, from: FROM, force: false, wait: async () => undefined }, RETRY);
      const heldBack = next.flatMap((d: DeliveryResult) => d.unknown.map((u) => u.address.toLowerCase()));
      tally.heldBack += heldBack.length;
      const missing = heldBack.filter((a) => !server.accepted.get(a));
      tally.heldBackHad += heldBack.length - missing.length;
      if (missing.length > 0) {
        tally.resent += missing.length;
        const only = deliveries.map((d) => ({ ...d, recipients: d.recipients.filter((r) => missing.includes(r)) })).filter((d) => d.recipients.length > 0);
        await deliverReports(storePath, only, { transport, from: FROM, force: false, resendUnknown: true, wait: async () => undefined }, RETRY);
      }
    } finally {
      transport.close();
    }
    for (const r of recipientsOf(t)) {
      const copies = server.accepted.get(r) ?? 0;
      tally.recipients++;
      if (copies > 1) problems.push(`trial ${i} (${moment}): ${r} got ${copies} copies`);
      tally.duplicates += Math.max(0, copies - 1);
      if (copies === 0) problems.push(`trial ${i} (${moment}): ${r} never got the report`);
      if (copies === 0) tally.lost++;
    }
    try {
      const store = await openStore(storePath, { readOnly: true });
      const [[twice]] = (await store.connection.runAndReadAll(
        `SELECT count(*) FROM (SELECT audience, recipient FROM report_sends WHERE status = 'sent' GROUP BY 1, 2 HAVING count(*) > 1)`,
      )).getRows();
      store.close();
      if (Number(twice) === 0 && listJournals(storePath).length === 0) tally.intact++;
      else problems.push(`trial ${i}: the ledger records a second send, or a journal was left unfolded`);
    } catch (error) {
      problems.push(`trial ${i}: the store does not open: ${(error as Error).message}`);
    }
    process.stderr.write(`\rreport send trials: ${i + 1}/${count}`);
  }
  process.stderr.write('\n');
  await server.close();
  for (const p of problems) process.stderr.write(`PROBLEM: ${p}\n`);
  return {
    ...tally,
    lines: [
      `report sends: ${count} trials (${moments.random} at a random moment of a ${(sendMs / 1000).toFixed(1)} s send phase, ${moments['after acceptance']} 0–20 ms after the server accepted a message, ${moments['before the answer']} before its answer; ${tally.finished} finished before their kill), ${tally.recipients} recipients: duplicates sent ${tally.duplicates}, messages lost ${tally.lost}, stores intact ${tally.intact}`,
      `  held back as unknown and reported by the next run: ${tally.heldBack} (${tally.heldBackHad} had the message; ${tally.resent} had not and got it once with --resend-unknown)`,
    ],
  };
}
