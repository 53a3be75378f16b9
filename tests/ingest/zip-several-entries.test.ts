/**
 * A zip that holds several billing files loads every entry (only the last one loaded: every entry
 * of a zip has the same `original` path, and the staged files were keyed by it, so the second
 * entry's staged Parquet replaced the first one's in the list and the first was left on disk,
 * listed nowhere). The expectations are computed by DuckDB on the source files themselves.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cachedIngest } from '../helpers/cached-ingest.ts';
import { builtOnce } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { realLegacyLines } from '../helpers/fixtures.ts';

interface Summary {
  ingestId: string;
  periods: { billingPeriod: string; rows: number; billedCost: string; files: string[] }[];
}

/** Lines and exact unblended cost per billing period of Athena Parquet files, as DuckDB reads them. */
async function parquetTruth(files: string[]) {
  const rows = [];
  for (const file of files) {
    rows.push(...await duckdbRows(`SELECT strftime(CAST(bill_billing_period_start_date AS TIMESTAMP), '%Y-%m') AS period, count(*) AS n,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_parquet($file) GROUP BY 1 ORDER BY 1`, { file }));
  }
  return rows;
}

/** Lines and exact unblended cost of legacy CUR CSV files, read together, as DuckDB reads them. */
async function csvTruth(files: string[]) {
  const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
  const [row] = await duckdbRows(`SELECT count(*) AS n, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
    FROM read_csv([${list}], header = true, all_varchar = true)`);
  return row;
}

/** The store's lines and exact BilledCost per billing period. */
function storeTotals(db: string) {
  return sqlRows(db, `SELECT x_BillingPeriod AS period, count(*) AS n, CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items GROUP BY 1 ORDER BY 1`);
}

/**
 * The ingest's folder of period files (`<periods>/<ingest id>`, `periods` being `<store>.periods`
 * where the store was ingested) holds exactly the files `period_files` lists for it, and they all
 * lie in it (no staged file left unlisted).
 */
async function expectEveryFileListed(db: string, ingestId: string, periods = `${db}.periods`) {
  const listed = await sqlRows(db, `SELECT path, relation, rows FROM period_files WHERE ingest_id = '${ingestId}' ORDER BY path`);
  expect(listed.map((f) => dirname(f.path!))).toEqual(listed.map(() => join(periods, ingestId)));
  expect(readdirSync(join(periods, ingestId)).sort()).toEqual(listed.map((f) => basename(f.path!)).sort());
  return listed;
}

/** A zip of the real October and November 2018 Athena Parquet files, one entry each, written once per machine (a test cache). */
async function twoMonthsZip(): Promise<string> {
  const sources = [REAL_OCT_2018, REAL_NOV_2018];
  const key = createHash('sha256').update(JSON.stringify(['two.zip', sources.map((file) => [file, statSync(file).size, statSync(file).mtimeMs])])).digest('hex').slice(0, 16);
  const dir = await builtOnce(join(tmpdir(), `costlens-fixture-${key}`), async (scratch) => {
    mkdirSync(scratch);
    writeFileSync(join(scratch, 'two.zip'), zipSync(Object.fromEntries(sources.map((file) => [basename(file), new Uint8Array(readFileSync(file))]))));
  });
  return join(dir, 'two.zip');
}

describe('a zip of several billing files loads every entry (only the last one loaded)', () => {
  it('two months of real Athena Parquet in one zip: 243,647 lines, each month as its own file holds', async () => {
    // The zip and the store of one `costlens ingest ZIP --json` into an empty store, with what that
    // ingest returned, are made once per machine (helpers/cached-ingest.ts); the test reads them.
    const zip = await twoMonthsZip();
    const { db, run } = await cachedIngest([zip, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;

    const truth = await parquetTruth([REAL_OCT_2018, REAL_NOV_2018]);
    expect(truth.map((t) => [t.period, t.n])).toEqual([['2018-10', '119307'], ['2018-11', '124340']]);
    expect(truth.reduce((n, t) => n + Number(t.n), 0)).toBe(243_647);
    expect(await storeTotals(db)).toEqual(truth);
    expect(summary.periods.map((p) => [p.billingPeriod, String(p.rows), p.files])).toEqual(truth.map((t) => [t.period, t.n, [zip]]));
    const [october] = await sqlRows(db, `SELECT round(sum(BilledCost), 4) AS billed FROM line_items WHERE x_BillingPeriod = '2018-10'`);
    expect(october.billed).toBe('4064.4831');

    // The cached store was ingested at a scratch path and renamed (helpers/cached-ingest.ts): its period files are where its catalogue names them.
    const [{ periods }] = await sqlRows(db, `SELECT min(parse_dirpath(parse_dirpath(path))) AS periods FROM period_files`);
    const listed = await expectEveryFileListed(db, summary.ingestId, periods!);
    const lineFiles = listed.filter((f) => f.relation === 'line_items');
    expect(lineFiles.map((f) => f.rows)).toEqual(truth.map((t) => t.n));
    expect(await sqlRows(db, `SELECT DISTINCT x_SourceFile FROM line_items`)).toEqual([{ x_SourceFile: zip }]);
  });

  it('a legacy CUR CSV split in two CSVs (header repeated) in one zip: all 1,281 lines, 1.682309 unblended', async () => {
    const { dir, db } = tempStore();
    const [header, ...lines] = realLegacyLines();
    const half = Math.floor(lines.length / 2);
    const parts = [join(dir, 'part-1.csv'), join(dir, 'part-2.csv')];
    writeFileSync(parts[0], [header, ...lines.slice(0, half)].join('\n') + '\n');
    writeFileSync(parts[1], [header, ...lines.slice(half)].join('\n') + '\n');
    const zip = join(dir, 'split.zip');
    writeFileSync(zip, zipSync({ 'part-1.csv': new Uint8Array(readFileSync(parts[0])), 'part-2.csv': new Uint8Array(readFileSync(parts[1])) }));

    const truth = await csvTruth(parts);
    // The split loses nothing: the parts hold what the whole file holds.
    expect(truth).toEqual(await csvTruth([REAL_LEGACY_CSV]));
    expect(truth.n).toBe('1281');

    const run = await costlens(db, 'ingest', zip, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.periods.map((p) => [p.billingPeriod, p.rows, p.billedCost])).toEqual([['2023-11', 1281, truth.billed]]);
    expect(await storeTotals(db)).toEqual([{ period: '2023-11', n: truth.n, billed: truth.billed }]);
    const [rounded] = await sqlRows(db, `SELECT round(sum(BilledCost), 6) AS billed FROM line_items`);
    expect(rounded.billed).toBe('1.682309');

    // One period file of lines per entry, as many lines as each part holds.
    const listed = await expectEveryFileListed(db, summary.ingestId);
    const perPart = [];
    for (const part of parts) perPart.push((await csvTruth([part])).n);
    expect(listed.filter((f) => f.relation === 'line_items').map((f) => f.rows).sort()).toEqual(perPart.sort());
  });

  it('an entry that fails after another has staged leaves the store as it was, and no file behind', async () => {
    const { dir, db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_FOCUS)).code).toBe(0);
    const fingerprint = () => sqlRows(db, `SELECT (SELECT count(*) FROM line_items) AS n, (SELECT CAST(sum(BilledCost) AS VARCHAR) FROM line_items) AS billed,
      (SELECT count(*) FROM ingests) AS ingests, (SELECT count(*) FROM period_files) AS files`);
    const before = await fingerprint();
    const folders = readdirSync(`${db}.periods`);

    const [header, ...lines] = realLegacyLines();
    const bad = lines.slice(0, 50);
    bad[9] += ',extra';
    const zip = join(dir, 'bad-second.zip');
    writeFileSync(zip, zipSync({
      'good.csv': new TextEncoder().encode([header, ...lines].join('\n') + '\n'),
      'bad.csv': new TextEncoder().encode([header, ...bad].join('\n') + '\n'),
    }));
    const run = await costlens(db, 'ingest', zip);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toContain(`${zip} (entry bad.csv)`);
    expect(await fingerprint()).toEqual(before);
    expect(readdirSync(`${db}.periods`)).toEqual(folders);
    expect((await costlens(db, 'status')).code).toBe(0);
  });
});
