import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';

/** One hand-written FOCUS line item; unset fields take the defaults below. */
export interface FixtureLine {
  account: string;
  billed: string;
  effective?: string;
  tags?: Record<string, string>;
  chargeCategory?: string;
  serviceName?: string;
  productCode?: string;
  period?: string;
}

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const ACCOUNT_C = '333333333333';

const HEADER = 'BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,SubAccountId,SubAccountName,ServiceName,x_ServiceCode,BilledCost,EffectiveCost,Tags';

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The text of a FOCUS 1.x CSV (as AWS Data Exports would write it) holding the given lines. */
export function focusCsvText(lines: FixtureLine[]): string {
  const rows = lines.map((l) => {
    const period = l.period ?? '2025-03';
    const [y, m] = period.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    return [
      '999999999999', `${period}-01 00:00:00`, `${next}-01 00:00:00`, `${period}-02 00:00:00`, `${period}-02 01:00:00`,
      l.chargeCategory ?? 'Usage', 'AWS', l.account, `account-${l.account.slice(0, 1)}`,
      l.serviceName ?? 'Amazon Elastic Compute Cloud', l.productCode ?? 'AmazonEC2', l.billed, l.effective ?? l.billed,
      l.tags ? JSON.stringify(l.tags) : '',
    ].map(csvField).join(',');
  });
  return [HEADER, ...rows].join('\n') + '\n';
}

/** Writes a FOCUS 1.x CSV ({@link focusCsvText}) with the given lines into `dir`; returns its path. */
export function writeFocusCsv(dir: string, name: string, lines: FixtureLine[]): string {
  const path = join(dir, name);
  writeFileSync(path, focusCsvText(lines));
  return path;
}

/** Writes a costlens.config.yaml into `dir`; returns its path. */
export function writeConfig(dir: string, name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** Ingests files into a store, failing the test with costlens's own message if the ingest fails. */
export async function ingest(db: string, ...files: string[]): Promise<void> {
  const run = await costlens(db, 'ingest', ...files, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

/** A row of `costlens attribute --format json`: money as decimal strings, shares as numbers. */
export type AttributionJsonRow = Record<string, string | number | null>;

/** Runs `costlens attribute ... --format json` and returns its rows. */
export async function attributeJson(db: string, ...args: string[]): Promise<AttributionJsonRow[]> {
  const run = await costlens(db, 'attribute', ...args, '--format', 'json');
  if (run.code !== 0) throw new Error(`costlens attribute failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Parses the RFC 4180 CSV costlens prints (CRLF line ends, quoted fields) into a header and rows. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  expect(text.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = parseCsvRecords(text);
  return { header, rows };
}

/** Cents of a two-decimal money string (`-1.05` → -105n), exactly. */
export function cents(money: string): bigint {
  expect(money).toMatch(/^-?\d+\.\d\d$/);
  const negative = money.startsWith('-');
  const [whole, fraction] = money.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction);
  return negative ? -value : value;
}
