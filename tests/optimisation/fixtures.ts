/**
 * Hand-built inputs for the idle and rightsizing specifications: a FOCUS 1.2 CSV bill, a
 * CloudWatch metrics CSV and an inventory CSV, in the formats `costlens ingest` reads.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { builtOnce } from '../helpers/cached-stores.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { installedPackages } from '../helpers/cache-inputs.ts';
import { sourceHash } from '../helpers/source-hash.ts';
import { curCsv, type CurLine } from './cur-fixture.ts';

/**
 * The `p`-th percentile (0–100) of `values` by linear interpolation between closest ranks
 * (rank = p/100 × (n − 1), as numpy's default and DuckDB's quantile_cont); null when empty.
 * The reference rightsizing's SQL percentile (instance_utilisation.sql) is checked against.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
}

export const PAYER = '999999999999';

/** One bill line. Dates are `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` (UTC); the end defaults to a day later. */
export interface BillLine {
  start: string;
  end?: string;
  account: string;
  region: string;
  resourceId?: string;
  usageType: string;
  quantity: number;
  /** Exact decimal text; BilledCost = EffectiveCost = this unless `effective` is given. */
  cost: string;
  effective?: string;
  listUnitPrice?: string;
  service?: string;
  instanceType?: string;
}

/** Every day from `from` (included) to `to` (excluded), as YYYY-MM-DD. */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d < new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** One line a day from `from` to `to` (excluded), each from `line(day)`. */
export function daily(from: string, to: string, line: Omit<BillLine, 'start' | 'end'>): BillLine[] {
  return days(from, to).map((day) => ({ ...line, start: day }));
}

const stamp = (d: string) => (d.length === 10 ? `${d}T00:00:00Z` : `${d}Z`);

function dayAfter(d: string): string {
  const t = new Date(stamp(d));
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().replace('.000Z', 'Z');
}

function monthBounds(start: string): [string, string] {
  const d = new Date(stamp(start));
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return [first.toISOString().replace('.000Z', 'Z'), next.toISOString().replace('.000Z', 'Z')];
}

const FOCUS_HEADER = ['BillingAccountId', 'ProviderName', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart',
  'ChargePeriodEnd', 'ChargeCategory', 'SubAccountId', 'RegionId', 'ServiceName', 'ResourceId', 'x_UsageType', 'ConsumedQuantity',
  'PricingQuantity', 'ListUnitPrice', 'BilledCost', 'EffectiveCost'];

/** A FOCUS CSV of `lines` (the billing period of each line is the month it starts in). */
export function focusCsv(lines: readonly BillLine[]): string {
  const rows = lines.map((l) => {
    const [periodStart, periodEnd] = monthBounds(l.start);
    return [PAYER, 'AWS', 'USD', periodStart, periodEnd, stamp(l.start), l.end ? stamp(l.end) : dayAfter(l.start), 'Usage', l.account, l.region,
      l.service ?? 'Amazon Elastic Compute Cloud', l.resourceId ?? '', l.usageType, String(l.quantity), String(l.quantity),
      l.listUnitPrice ?? '', l.cost, l.effective ?? l.cost].join(',');
  });
  return `${[FOCUS_HEADER.join(','), ...rows].join('\n')}\n`;
}

/** One daily CloudWatch statistic of one resource. */
export interface MetricPoint {
  resourceId: string;
  namespace: string;
  metric: string;
  statistic: string;
  day: string;
  value: number;
  unit?: string;
  /** The CloudWatch period in seconds (default 86400, a daily row). */
  periodS?: number;
  /** The row's timestamp, `YYYY-MM-DDTHH:MM:SSZ` (default: midnight of `day`). */
  at?: string;
}

/** The same statistic for each day in `dayList`, valued by `value(day, index)`. */
export function series(resourceId: string, namespace: string, metric: string, statistic: string, dayList: readonly string[],
  value: (day: string, index: number) => number): MetricPoint[] {
  return dayList.map((day, i) => ({ resourceId, namespace, metric, statistic, day, value: value(day, i) }));
}

/** A metrics CSV (daily rows, period 86400, unless a point says otherwise). */
export function metricsCsv(points: readonly MetricPoint[]): string {
  const rows = points.map((p) => [p.resourceId, p.namespace, p.metric, p.statistic, String(p.periodS ?? 86400), p.at ?? `${p.day}T00:00:00Z`,
    String(p.value), p.unit ?? ''].join(','));
  return `${['resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit', ...rows].join('\n')}\n`;
}

/** One inventory observation. */
export interface InventoryRow {
  resourceId: string;
  account: string;
  region: string;
  service: string;
  resourceType: string;
  instanceType?: string;
  state: string;
  attachedTo?: string;
  observedAt: string;
}

/** An inventory CSV. */
export function inventoryCsv(rows: readonly InventoryRow[]): string {
  const lines = rows.map((r) => [r.resourceId, r.account, r.region, r.service, r.resourceType, r.instanceType ?? '', r.state, r.attachedTo ?? '',
    '"{""Name"":""fixture""}"', r.observedAt].join(','));
  return `${['resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at', ...lines].join('\n')}\n`;
}

/**
 * A private store (in its own temporary folder) holding the files that are given (a FOCUS bill, a
 * legacy CUR, CloudWatch metrics, an inventory), ingested in one `costlens ingest`; returns its
 * path. The files and the ingested store are built once per machine and cached in the temp folder,
 * keyed by the files' text, every source file under src/ and the installed packages
 * (tests/helpers/cached-stores.ts, cache-inputs.ts), so
 * equal inputs are ingested once; the ingest must succeed without a `costlens:` message.
 */
export async function storeWith(files: { bill?: BillLine[]; cur?: CurLine[]; metrics?: MetricPoint[]; inventory?: InventoryRow[] }): Promise<string> {
  const texts: [string, string][] = [];
  if (files.bill) texts.push(['bill-focus.csv', focusCsv(files.bill)]);
  if (files.cur) texts.push(['bill-cur.csv', curCsv(files.cur)]);
  if (files.metrics) texts.push(['metrics.csv', metricsCsv(files.metrics)]);
  if (files.inventory) texts.push(['inventory.csv', inventoryCsv(files.inventory)]);
  const inputs = createHash('sha256').update(JSON.stringify(texts)).digest('hex').slice(0, 16);
  const folder = await builtOnce(join(tmpdir(), `costlens-fixture-${inputs}`), async (scratch) => {
    mkdirSync(scratch);
    for (const [name, text] of texts) writeFileSync(join(scratch, name), text);
  });
  const paths = texts.map(([name]) => join(folder, name));
  const store = createHash('sha256').update(JSON.stringify([paths, sourceHash(['src']), installedPackages()])).digest('hex').slice(0, 16);
  const cached = await builtOnce(join(tmpdir(), `costlens-fixture-store-${store}.duckdb`), async (scratch) => {
    const run = await costlens(scratch, 'ingest', ...paths);
    expect(run.stderr).not.toMatch(/costlens: /);
    expect(run.code).toBe(0);
  });
  const { db } = tempStore();
  copyFileSync(cached, db);
  return db;
}

/** Runs a command with `--format json` and parses its output. */
export async function jsonOf<T>(db: string, ...args: string[]): Promise<T> {
  const run = await costlens(db, ...args, '--format', 'json');
  if (run.code !== 0) throw new Error(`costlens ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
