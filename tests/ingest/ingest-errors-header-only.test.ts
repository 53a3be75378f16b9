import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { writeLegacyReport } from '../helpers/fixtures.ts';

/** What the store holds, to the cent, and its file's identity (a new generation is a new file). */
async function fingerprint(db: string) {
  const [held] = await sqlRows(db, `SELECT (SELECT count(*) FROM line_items) AS lines, (SELECT CAST(sum(BilledCost) AS VARCHAR) FROM line_items) AS billed,
    (SELECT count(*) FROM ingests) AS ingests`);
  const { ino, mtimeMs, size } = statSync(db);
  return { ...held, file: { ino, mtimeMs, size } };
}

interface JsonSummary {
  periods: { source: string; billingPeriod: string; rows: number; billedCost: string }[];
  emptyFiles: { file: string; format: string; source: string | null; billingPeriod: string | null }[];
  committed: boolean;
}

/**
 * A billing CSV of a header and no rows (AWS delivers one for a period without charges) ingested
 * with exit 0 and "ingest … committed", but no table and no word of its 0 line items; it wrote a
 * new generation of the store holding what the old one held. Now the summary names each such file,
 * with the source and period its manifest names (or says a loose file cannot tell), says that 0
 * line items were loaded, and nothing is written: the store is the same file, to the byte.
 */
describe('a billing file of a header only: the summary says 0 line items, and the store is unchanged', () => {
  const { dir } = tempStore();
  const header = readFileSync(REAL_LEGACY_CSV, 'utf8').split('\n')[0];
  const headerOnly = join(dir, 'cur-2023-12-header-only.csv');
  let db: string;
  let before: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    writeFileSync(headerOnly, `${header}\n`);
    ({ db } = await storeCopy([[REAL_LEGACY_CSV]]));
    before = await fingerprint(db);
    const [source] = await duckdbRows(`SELECT count(*) AS lines, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    expect(source).toEqual({ lines: '1281', billed: '1.6823086974' });
    expect(before).toMatchObject({ lines: source.lines, billed: source.billed, ingests: '1' });
  });

  it('a loose file: "0 line items", source and period unknown, the store the same file with the same totals', async () => {
    const run = await costlens(db, 'ingest', headerOnly);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^cur: \d+ source columns not mapped \(listed in the ingests table\)$/);
    expect(lines.slice(1)).toEqual([
      '1 billing file holds 0 line items (a header and no rows): loaded nothing, replaced nothing',
      `  ${headerOnly}: cur, source unknown, billing period unknown (an empty file names neither)`,
      `0 line items loaded: nothing was written; the store ${db} and its totals are unchanged`,
      '',
    ]);
    expect(await fingerprint(db)).toEqual(before);

    const json = await costlens(db, 'ingest', headerOnly, '--json');
    expect([json.code, json.stderr]).toEqual([0, '']);
    const summary = JSON.parse(json.stdout) as JsonSummary;
    expect([summary.periods, summary.emptyFiles, summary.committed]).toEqual([[], [{ file: headerOnly, format: 'cur', source: null, billingPeriod: null }], false]);
    expect(await fingerprint(db)).toEqual(before);
  });

  it('a report folder whose manifest lists only a header: its source and period named, the 1,281 lines held for them kept', async () => {
    const report = writeLegacyReport(join(dir, 'folder'), { current: [`${header}\n`] });
    const file = join(report, '20231101-20231201', '1b1b1b1b-current', 'anon-cur-00001.csv.gz');
    expect(existsSync(file)).toBe(true);
    const run = await costlens(db, 'ingest', report);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n').slice(1)).toEqual([
      '1 billing file holds 0 line items (a header and no rows): loaded nothing, replaced nothing',
      `  ${file}: cur, aws/123412340534, billing period 2023-11 (as its manifest names them)`,
      `0 line items loaded: nothing was written; the store ${db} and its totals are unchanged`,
      '',
    ]);
    expect(await fingerprint(db)).toEqual(before);
  });

  it('into a store that does not exist: none is created, nor its folder', async () => {
    const fresh = join(dir, 'new', 'store.duckdb');
    const run = await costlens(fresh, 'ingest', headerOnly);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(-2)).toEqual([`0 line items loaded: nothing was written; no store was created at ${fresh}`, '']);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it('beside a file with lines: those are committed as ever, the header-only file listed with them', async () => {
    const { db: fresh } = tempStore();
    const gz = join(dir, 'cur-header-only.csv.gz');
    writeFileSync(gz, gzipSync(`${header}\n`));
    const run = await costlens(fresh, 'ingest', REAL_FOCUS, gz, '--json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const summary = JSON.parse(run.stdout) as JsonSummary;
    expect(summary.committed).toBe(true);
    expect(summary.emptyFiles).toEqual([{ file: gz, format: 'cur', source: null, billingPeriod: null }]);
    const [source] = await duckdbRows(`SELECT count(*) AS lines, CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true, nullstr = 'NULL')`, { file: REAL_FOCUS });
    expect(source).toEqual({ lines: '1000', billed: '20.5202267289' });
    const [held] = await sqlRows(fresh, 'SELECT count(*) AS lines, CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items');
    expect(held).toEqual(source);
    expect(summary.periods.reduce((n, p) => n + p.rows, 0)).toBe(1000);
  });
});
