import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvLine } from '../../src/lib/csv.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_OCT_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { realLegacyLines, writeLegacyReport } from '../helpers/fixtures.ts';

/**
 * A billing file of a recognised format that lacks a column its money, its periods or its source
 * come from would load as NULLs (lines at $0.00, or under `aws/unknown`) and replace, or sit
 * beside, the real lines: it is refused before anything is written (formats/required-columns.ts).
 */

const csvField = (field: string) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

/** CSV text (header first) without the named columns. */
function withoutColumns(lines: string[], drop: string[]): string {
  const header = parseCsvLine(lines[0]);
  for (const name of drop) expect(header).toContain(name);
  const keep = header.map((name, i) => (drop.includes(name) ? -1 : i)).filter((i) => i >= 0);
  return lines.map((line) => {
    const fields = parseCsvLine(line);
    expect(fields).toHaveLength(header.length);
    return keep.map((i) => csvField(fields[i])).join(',');
  }).join('\n') + '\n';
}

/** CSV text (header first) with only the named columns, in this order. */
function onlyColumns(lines: string[], names: string[]): string {
  const header = parseCsvLine(lines[0]);
  return withoutColumns(lines, header.filter((name) => !names.includes(name)));
}

const focusLines = () => readFileSync(REAL_FOCUS, 'utf8').split('\n').filter((l) => l.length > 0);

const LEGACY_HINT = "  hint: each line's cost, periods and source come from bill/PayerAccountId, bill/BillingPeriodStartDate, lineItem/LineItemType, "
  + 'lineItem/UnblendedCost and lineItem/UsageStartDate, which every file of this format has: look for a renamed or dropped column, and re-export the file; nothing was loaded';
const FOCUS_HINT = "  hint: each line's cost, periods and source come from BilledCost, BillingAccountId, BillingPeriodStart, ChargePeriodStart and ProviderName, "
  + 'which every file of this format has: look for a renamed or dropped column, and re-export the file; nothing was loaded';

/** The store, line by line and in sum, as `costlens sql` prints it. */
const STORED = `SELECT x_Source AS source, x_BillingPeriod AS period, x_SourceFormat AS format, x_IngestId AS ingest, count(*) AS lines,
    sum(BilledCost) AS billed, sum(EffectiveCost) AS effective,
    bit_xor(hash(x_SourceFile, x_LineItemId, ResourceId, ChargeDescription, ChargePeriodStart, BilledCost, EffectiveCost, Tags)) AS line_hash
  FROM line_items GROUP BY ALL ORDER BY ALL`;

describe('a billing file without a column its cost, periods or source come from is refused (exit 4), and the store keeps its lines', () => {
  const { dir } = tempStore();
  let db: string;
  const lines = realLegacyLines();
  let before: string;
  let ingestsBefore: string;

  const stored = async () => {
    const run = await costlens(db, 'sql', STORED, '--format', 'csv');
    expect(run.code).toBe(0);
    return run.stdout;
  };
  const ingests = async () => (await costlens(db, 'sql', 'SELECT count(*) AS n, max(finished_at) AS last FROM ingests', '--format', 'csv')).stdout;

  beforeAll(async () => {
    // A private copy of the store made by one `costlens ingest` of each file in turn (built once:
    // helpers/cached-stores.ts, which fails unless each ingest exits 0).
    ({ db } = await storeCopy([REAL_LEGACY_CSV, REAL_FOCUS, REAL_OCT_2018].map((file) => [file])));
    before = await stored();
    ingestsBefore = await ingests();
    const totals = await sqlRows(db, `SELECT x_Source AS source, x_BillingPeriod AS period, count(*) AS n, round(sum(BilledCost), 4) AS billed
      FROM line_items WHERE x_Source = 'aws/123412340534' OR x_BillingPeriod = '2018-10' GROUP BY ALL ORDER BY ALL`);
    expect(totals).toEqual([
      { source: 'aws/123412340534', period: '2023-11', n: '1281', billed: '1.6823' },
      { source: 'aws/836060457634', period: '2018-10', n: '119307', billed: '4064.4831' },
    ]);
  });

  /** Ingests `path`, expects exit 4 with `first` as the message's first line and a hint, and the store as it was. */
  async function refused(path: string, first: string): Promise<string[]> {
    const run = await costlens(db, 'ingest', path);
    const [line, ...rest] = run.stderr.trimEnd().split('\n');
    expect(line).toBe(first);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatch(/^ {2}hint: /);
    expect(await stored()).toBe(before);
    expect(await ingests()).toBe(ingestsBefore);
    return rest;
  }

  it('legacy CUR CSV with lineItem/UnblendedCost renamed (the reviewer\'s file): refused, not 1,281 lines at $0.00 in place of $1.68', async () => {
    const path = join(dir, 'renamed-cost.csv');
    writeFileSync(path, [lines[0].replace('lineItem/UnblendedCost', 'lineItem/UnblendedCst'), ...lines.slice(1)].join('\n') + '\n');
    const hint = await refused(path, `costlens: ${path}: read as legacy CUR CSV, but the column "lineItem/UnblendedCost" is missing`);
    expect(hint).toEqual([LEGACY_HINT]);
  });

  it('legacy CUR CSV without bill/PayerAccountId: refused, not loaded beside the real payer as aws/unknown', async () => {
    const path = join(dir, 'no-payer.csv');
    writeFileSync(path, withoutColumns(lines, ['bill/PayerAccountId']));
    await refused(path, `costlens: ${path}: read as legacy CUR CSV, but the column "bill/PayerAccountId" is missing`);
  });

  it('legacy CUR CSV without its billing period, charge period and line item type: all three are named', async () => {
    const path = join(dir, 'no-periods.csv');
    writeFileSync(path, withoutColumns(lines, ['bill/BillingPeriodStartDate', 'lineItem/UsageStartDate', 'lineItem/LineItemType']));
    await refused(path, `costlens: ${path}: read as legacy CUR CSV, but the columns "bill/BillingPeriodStartDate", "lineItem/LineItemType" and "lineItem/UsageStartDate" are missing`);
  });

  it('legacy CUR CSV without lineItem/UnblendedCost nor identity/LineItemId is still read as legacy CUR, and refused by name', async () => {
    const path = join(dir, 'no-cost-no-id.csv');
    writeFileSync(path, withoutColumns(lines, ['identity/LineItemId', 'lineItem/UnblendedCost']));
    await refused(path, `costlens: ${path}: read as legacy CUR CSV, but the column "lineItem/UnblendedCost" is missing`);
  });

  it('a .csv.gz and a zip entry are named as such', async () => {
    const text = withoutColumns(lines, ['lineItem/UsageStartDate']);
    const gz = join(dir, 'no-usage-start.csv.gz');
    writeFileSync(gz, gzipSync(text));
    await refused(gz, `costlens: ${gz}: read as legacy CUR CSV, but the column "lineItem/UsageStartDate" is missing`);
    const zip = join(dir, 'no-usage-start.zip');
    writeFileSync(zip, zipSync({ 'cur-2023-11.csv': strToU8(text) }));
    await refused(zip, `costlens: ${zip} (entry cur-2023-11.csv): read as legacy CUR CSV, but the column "lineItem/UsageStartDate" is missing`);
  });

  it('a legacy report folder whose second part lacks lineItem/UnblendedCost: refused naming that part, the first part not loaded either', async () => {
    const half = Math.floor((lines.length - 1) / 2);
    const part1 = [lines[0], ...lines.slice(1, 1 + half)].join('\n') + '\n';
    const part2 = withoutColumns([lines[0], ...lines.slice(1 + half)], ['lineItem/UnblendedCost']);
    const root = writeLegacyReport(join(dir, 'report'), { current: [part1, part2] });
    const part = join(root, '20231101-20231201', '1b1b1b1b-current', 'anon-cur-00002.csv.gz');
    await refused(root, `costlens: ${part}: read as legacy CUR CSV, but the column "lineItem/UnblendedCost" is missing`);
  });

  it('the FOCUS sample without BilledCost (its literal NULLs as they are): refused', async () => {
    const path = join(dir, 'focus-no-billed.csv');
    writeFileSync(path, withoutColumns(focusLines(), ['BilledCost']));
    const hint = await refused(path, `costlens: ${path}: read as FOCUS (CSV), but the column "BilledCost" is missing`);
    expect(hint).toEqual([FOCUS_HINT]);
  });

  it('the FOCUS sample without BillingAccountId and ProviderName (its source): refused', async () => {
    const path = join(dir, 'focus-no-source.csv');
    writeFileSync(path, withoutColumns(focusLines(), ['BillingAccountId', 'ProviderName']));
    await refused(path, `costlens: ${path}: read as FOCUS (CSV), but the columns "BillingAccountId" and "ProviderName" are missing`);
  });

  it('the FOCUS sample without ChargePeriodStart, as Parquet: refused', async () => {
    const path = join(dir, 'focus-no-charge-start.parquet');
    await duckdbRows(`COPY (SELECT * EXCLUDE (ChargePeriodStart) FROM read_csv($file, header = true, nullstr = 'NULL')) TO '${path}' (FORMAT parquet)`, { file: REAL_FOCUS });
    await refused(path, `costlens: ${path}: read as FOCUS (Parquet), but the column "ChargePeriodStart" is missing`);
  });

  it('the real October 2018 CUR for Athena Parquet without line_item_unblended_cost: refused, October 2018 keeps its 119,307 lines', async () => {
    // The 119,307 lines written once per machine (a cached derived file), not on every run.
    const { 'athena-no-cost.parquet': path } = await derivedFiles([
      { name: 'athena-no-cost.parquet', sql: 'SELECT * EXCLUDE (line_item_unblended_cost) FROM read_parquet($file)', params: { file: REAL_OCT_2018 } },
    ]);
    await refused(path, `costlens: ${path}: read as legacy CUR for Athena (Parquet), but the column "line_item_unblended_cost" is missing`);
  });

  it('CUR 2.0 Parquet without bill_payer_account_id, and CUR 2.0 CSV without line_item_unblended_cost: refused', async () => {
    const parquet = join(dir, 'cur2-no-payer.parquet');
    await duckdbRows(`COPY (SELECT * EXCLUDE (bill_payer_account_id), 'Example payer' AS bill_payer_account_name FROM read_parquet($file) LIMIT 500)
      TO '${parquet}' (FORMAT parquet)`, { file: REAL_OCT_2018 });
    await refused(parquet, `costlens: ${parquet}: read as CUR 2.0 (Parquet), but the column "bill_payer_account_id" is missing`);
    const csv = join(dir, 'cur2-no-cost.csv');
    await duckdbRows(`COPY (SELECT * EXCLUDE (line_item_unblended_cost) FROM read_parquet($file) LIMIT 500) TO '${csv}' (FORMAT csv, HEADER)`, { file: REAL_OCT_2018 });
    await refused(csv, `costlens: ${csv}: read as CUR 2.0 (CSV), but the column "line_item_unblended_cost" is missing`);
  });
});

describe('the columns AWS may leave out stay optional', () => {
  const { dir } = tempStore();

  it('the real legacy CUR CSV cut to its five required columns loads: 1,281 lines, 1.682309 USD, under aws/123412340534', async () => {
    const path = join(dir, 'five-columns.csv');
    writeFileSync(path, onlyColumns(realLegacyLines(), ['bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'lineItem/LineItemType', 'lineItem/UnblendedCost', 'lineItem/UsageStartDate']));
    const db = join(dir, 'legacy.duckdb');
    const run = await costlens(db, 'ingest', path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await sqlRows(db, `SELECT x_Source AS source, x_BillingPeriod AS period, count(*) AS n, round(sum(BilledCost), 6) AS billed FROM line_items GROUP BY ALL`))
      .toEqual([{ source: 'aws/123412340534', period: '2023-11', n: '1281', billed: '1.682309' }]);
  });

  it('the FOCUS sample cut to its five required columns loads: 1,000 rows, BilledCost 20.5202 (EffectiveCost then BilledCost)', async () => {
    const path = join(dir, 'five-columns-focus.csv');
    writeFileSync(path, onlyColumns(focusLines(), ['BilledCost', 'BillingAccountId', 'BillingPeriodStart', 'ChargePeriodStart', 'ProviderName']));
    const db = join(dir, 'focus.duckdb');
    const run = await costlens(db, 'ingest', path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await sqlRows(db, `SELECT count(*) AS n, round(sum(BilledCost), 4) AS billed, round(sum(EffectiveCost), 4) AS effective, count(DISTINCT x_Source) AS sources FROM line_items`))
      .toEqual([{ n: '1000', billed: '20.5202', effective: '20.5202', sources: '3' }]);
  });
});
