/**
 * Inputs and measuring for bench/ingest: timed child processes, demo generation, the narrow file
 * (a few columns of the demo's legacy CUR), the one-day delivery cut from a month of it, and the
 * disk a store uses (its catalogue file and its own `.periods` folder).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from '../src/lib/sql-quote.ts';
import { isLegacyPeriodManifest, readLegacyManifest } from '../src/ingest/manifests.ts';

/** A process run under /usr/bin/time: wall seconds, CPU seconds (user + system, all threads) and peak RSS. */
export interface Measured { seconds: number; cpuSeconds: number; peakRssMb: number; stdout: string; stderr: string }

/** Runs `node args…` under /usr/bin/time in `cwd`. */
export function timed(cwd: string, args: string[]): Measured {
  return timedCommand(cwd, process.execPath, args);
}

/** Runs `command args…` under /usr/bin/time in `cwd`; a failure throws with its stderr. */
export function timedCommand(cwd: string, command: string, args: string[]): Measured {
  const run = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr}`);
  const match = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr);
  if (!match) throw new Error(`no timing in: ${run.stderr}`);
  return { seconds: Number(match[1]), cpuSeconds: Number(match[2]) + Number(match[3]), peakRssMb: Number(match[4]) / 1024, stdout: run.stdout, stderr: run.stderr };
}

/** Files under `dir` whose name matches `pattern`, sorted. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (pattern.test(e.name)) found.push(full);
    }
  };
  visit(dir);
  return found.sort();
}

/** The data files the current legacy CUR manifests under `root` list: exactly what an ingest loads. */
export function legacyManifestFiles(root: string): string[] {
  return filesUnder(root, /-Manifest\.json$/).filter(isLegacyPeriodManifest).flatMap((m) => readLegacyManifest(m).files);
}

/** Bytes of the store: its catalogue file and every file under its own `<store>.periods/` folder. */
export function storeBytes(db: string): number {
  const catalogue = existsSync(db) ? statSync(db).size : 0;
  const dir = `${db}.periods`;
  return catalogue + (existsSync(dir) ? filesUnder(dir, /./).reduce((n, f) => n + statSync(f).size, 0) : 0);
}

/** The columns of the narrow file: what a minimal legacy CUR report carries. */
const NARROW_COLUMNS = [
  'identity/LineItemId', 'identity/TimeInterval', 'bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate',
  'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/ProductCode',
  'lineItem/UsageType', 'lineItem/Operation', 'lineItem/ResourceId', 'lineItem/UsageAmount', 'lineItem/CurrencyCode',
  'lineItem/UnblendedCost', 'product/region', 'pricing/publicOnDemandCost', 'resourceTags/user:team',
];

/** Writes `select` over the CSV `from` (every value read as text) to the gzip CSV `to`. */
async function rewriteCsv(from: string, to: string, select: string, where = 'true'): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (SELECT ${select} FROM read_csv(${quoteLiteral(from)}, all_varchar = true, header = true) WHERE ${where})
      TO ${quoteLiteral(to)} (FORMAT csv, HEADER, COMPRESSION gzip)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The narrow legacy CUR file: NARROW_COLUMNS of `wide`. */
export async function writeNarrow(wide: string, to: string): Promise<void> {
  if (!existsSync(to)) await rewriteCsv(wide, to, NARROW_COLUMNS.map((c) => `"${c}"`).join(', '));
}

/** One day's delivery: the lines of `month` (a legacy CUR file) whose usage starts on `day` (YYYY-MM-DD). */
export async function writeOneDay(month: string, day: string, to: string): Promise<void> {
  if (!existsSync(to)) await rewriteCsv(month, to, '*', `"lineItem/UsageStartDate" LIKE ${quoteLiteral(`${day}%`)}`);
}

/** The median of `values` (the mean of the middle two of an even count), to 0.01. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(value * 100) / 100;
}
