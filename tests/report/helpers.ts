import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { reportError } from '../../src/cli/main.ts';
import { reportCommand } from '../../src/cli/report.ts';
import { parseConfig } from '../../src/config.ts';
import type { ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { demoStoreCopy } from '../helpers/cached-stores.ts';
import { sqlRows, type CliRun } from '../helpers/cli.ts';

/** The shared demo's planted tag mess (truth.json). */
export interface DemoTruth {
  tagging: { teamAliases: Record<string, string[]> };
}

export function readTruth(demoDir: string): DemoTruth {
  return JSON.parse(readFileSync(join(demoDir, 'truth.json'), 'utf8'));
}

/** The attribution config a FinOps analyst would write for the demo: every team spelling mapped to its team. */
export function demoAttribution(truth: DemoTruth) {
  return { tags: { team: { values: truth.tagging.teamAliases } } };
}

/** The config sections of the report for the demo, with `report` overrides. */
export function demoConfigs(truth: DemoTruth, report: Record<string, unknown> = {}): ReportConfigs {
  const base = parseConfig({ attribution: demoAttribution(truth) });
  return { ...base, report: reportConfigSchema.parse(report) };
}

/** A private copy of the shared demo ingested (cur2, metrics, inventory; built once, then copied), with its attribution config. */
export async function demoStore(demoDir: string): Promise<{ dir: string; db: string; config: string }> {
  const { dir, db } = await demoStoreCopy(demoDir, ['cur2', 'metrics.csv', 'inventory.csv']);
  const config = join(dir, 'costlens.config.json');
  writeFileSync(config, JSON.stringify({ attribution: demoAttribution(readTruth(demoDir)) }));
  return { dir, db, config };
}

/** The send ledger's table as migration 3 created it (migration 9 adds run_id and intent_at). */
const REPORT_SENDS_DDL = readFileSync(join(import.meta.dirname, '../../src/store/migrations/0003_report_sends.sql'), 'utf8');

/** Adds the send ledger table to a store (what the report_sends migration does). */
export async function addLedgerTable(db: string): Promise<void> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    await connection.run(REPORT_SENDS_DDL.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function sink() {
  const chunks: string[] = [];
  return { stream: new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } }), text: () => chunks.join('') };
}

/** Runs `costlens report ...` in this process (as main would) against a store, with extra environment. */
export async function reportCli(db: string, env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const ctx = { stdout: out.stream, stderr: err.stream, env: { ...process.env, COSTLENS_DB: db, ...env }, cwd: process.cwd() };
  let code: number;
  try {
    code = await reportCommand.run(args, ctx);
  } catch (error) {
    code = reportError(error, ctx);
  }
  return { code, stdout: out.text(), stderr: err.text() };
}

/** One message as the SMTP server received it. */
export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

/** A real SMTP server on loopback (ephemeral port, no auth, no TLS) that keeps what it receives. */
export interface TestSmtp {
  url: string;
  received: Received[];
  /** The recipients of every message accepted, in order, recorded at the moment of acceptance. */
  accepted: string[][];
  /** Every RCPT TO seen, with the code answered. */
  rcpts: { address: string; code: number }[];
  close(): Promise<void>;
}

/** What {@link startSmtp} does beyond accepting everything. */
export interface SmtpOptions {
  /** These get a 450 the first time they are named (then are accepted). */
  refuseOnce?: string[];
  /** These always get a 550. */
  refuseAlways?: string[];
  /** Told of every RCPT TO and the code answered. */
  onRcpt?: (address: string, code: number) => void;
  /**
   * Decides what happens once a message's data has all arrived: `accept()` keeps it and answers
   * 250; `drop()` discards it and never answers (a server that loses the client before its 250
   * does not deliver), `drop(true)` also hangs up on the client. Default: accept at once.
   */
  onData?: (to: string[], accept: () => void, drop: (hangUp?: boolean) => void) => void;
}

/** Starts the server. */
export async function startSmtp(options: SmtpOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const accepted: string[][] = [];
  const rcpts: { address: string; code: number }[] = [];
  const refusedOnce = new Set<string>();
  const pending: Promise<void>[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const a = address.address.toLowerCase();
      if (options.refuseAlways?.includes(a)) {
        rcpts.push({ address: a, code: 550 });
        options.onRcpt?.(a, 550);
        return callback(Object.assign(new Error(`5.1.1 <${a}>: mailbox unavailable`), { responseCode: 550 }));
      }
      if (options.refuseOnce?.includes(a) && !refusedOnce.has(a)) {
        refusedOnce.add(a);
        rcpts.push({ address: a, code: 450 });
        options.onRcpt?.(a, 450);
        return callback(Object.assign(new Error(`4.2.1 <${a}>: try again later`), { responseCode: 450 }));
      }
      rcpts.push({ address: a, code: 250 });
      options.onRcpt?.(a, 250);
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const accept = () => {
          accepted.push(to);
          pending.push(simpleParser(raw).then((mail) => { received.push({ from, to, raw, mail }); }));
          callback();
        };
        const drop = (hangUp = false) => {
          if (hangUp) for (const c of (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) c._socket.destroy();
        };
        if (options.onData) options.onData(to, accept, drop);
        else accept();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    accepted,
    rcpts,
    close: async () => {
      await Promise.all(pending);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits for messages still being parsed. */
export async function settled(smtp: TestSmtp, count: number): Promise<Received[]> {
  for (let i = 0; i < 100 && smtp.received.length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return smtp.received;
}

/** Rows of the send ledger, through `costlens sql`. */
export function ledgerRows(db: string): Promise<Record<string, string | null>[]> {
  return sqlRows(db, `SELECT week, audience, recipient, status, attempts, error IS NOT NULL AS has_error, forced FROM report_sends ORDER BY recorded_at, audience, recipient, status`);
}

/** `$1,234.56` / `−$1.20` from cents, written independently of the report's formatter. */
export function usd(cents: bigint): string {
  const sign = cents < 0n ? '−' : '';
  const abs = cents < 0n ? -cents : cents;
  const whole = String(abs / 100n);
  let grouped = '';
  for (let i = 0; i < whole.length; i++) grouped += (i > 0 && (whole.length - i) % 3 === 0 ? ',' : '') + whole[i];
  return `${sign}$${grouped}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A DuckDB decimal text rounded to cents (as `round(x, 2)` prints it) → cents. */
export function centsOf(text: string | null): bigint {
  if (text === null) return 0n;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
}

/** A DuckDB decimal text rounded once to cents, half away from zero, by hand: `229.4259287760` → 22943n, `-0.005` → -1n. */
export function centsRounded(text: string): bigint {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const cents = (BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0').slice(0, 3)) + 5n) / 10n;
  return text.startsWith('-') ? -cents : cents;
}

/** Exact 1e-10 units of a DuckDB decimal text. */
export function unitsOf(text: string | null): bigint {
  if (text === null) return 0n;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -value : value;
}

/**
 * Largest-remainder rounding to cents (the report's documented rule), implemented here from
 * the definition: floor each amount to cents, then hand the missing cents to the largest
 * remainders, ties to the key that sorts first. Amounts are in 1e-10 units ÷ `denominator`.
 */
export function largestRemainder(units: Map<string, bigint>, totalCents: bigint, denominator = 1n): Map<string, bigint> {
  const unit = 10n ** 8n * denominator;
  const keys = [...units.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const floor = (x: bigint) => (x >= 0n ? x / unit : -((-x + unit - 1n) / unit));
  const parts = keys.map((k) => ({ k, f: floor(units.get(k)!), r: units.get(k)! - floor(units.get(k)!) * unit }));
  let missing = totalCents - parts.reduce((s, p) => s + p.f, 0n);
  const order = [...parts].sort((a, b) => (a.r > b.r ? -1 : a.r < b.r ? 1 : keys.indexOf(a.k) - keys.indexOf(b.k)));
  const out = new Map(parts.map((p) => [p.k, p.f]));
  for (const p of order) {
    if (missing <= 0n) break;
    out.set(p.k, out.get(p.k)! + 1n);
    missing -= 1n;
  }
  return out;
}

/**
 * A line's charge class in SQL, written here from the README's rule apart from src/store/charge-class.ts
 * (CUR line item types; the demo's usage lines last at most a day), and the test for usage: what the
 * report compares week on week.
 */
export const CHARGE_CLASS_OF_LINE = `CASE WHEN x_LineItemType = 'Tax' THEN 'tax'
  WHEN x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') OR (x_LineItemType = 'Fee' AND x_ProductCode LIKE 'AWSSupport%') THEN 'recurring'
  WHEN x_LineItemType IN ('Fee', 'SavingsPlanUpfrontFee') THEN 'one-time'
  WHEN x_LineItemType IN ('Credit', 'Refund') OR x_LineItemType LIKE '%Discount' THEN 'credit' ELSE 'usage' END`;
export const USAGE_LINE = `${CHARGE_CLASS_OF_LINE} = 'usage'`;

/** (current − previous) ÷ previous in tenths of a percent, half away from zero, signed as the report writes it (written here apart from src/lib/percent-change.ts): give it the exact amounts (units), as the report works a percentage out of them, not the cents shown. */
export function pct(current: bigint, previous: bigint): string {
  const num = (current - previous) * 1000n;
  const abs = num < 0n ? -num : num;
  const tenths = (2n * abs + previous) / (2n * previous);
  const body = `${tenths / 10n}.${tenths % 10n}%`;
  return tenths === 0n ? body : num < 0n ? `−${body}` : `+${body}`;
}

/** A `costlens forecast` row's cells by column (`$8.92`). */
export function forecastRow(stdout: string, cost: string): Record<string, string> {
  const lines = stdout.split('\n');
  const header = lines.find((l) => l.startsWith('cost '))!.split(/\s+/);
  const cells = lines.find((l) => l.startsWith(`${cost} `))!.split(/\s+/);
  return Object.fromEntries(header.map((column, i) => [column, cells[i]]));
}
