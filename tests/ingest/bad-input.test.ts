import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvLine } from '../../src/csv-line.ts';
import { REAL_FOCUS, REAL_OCT_2018, costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { realLegacyLines, writeLegacyReport } from '../helpers/fixtures.ts';

/** Everything a failed ingest must leave untouched. */
async function fingerprint(db: string) {
  return sqlRows(db, `SELECT (SELECT count(*) FROM line_items) AS lines, (SELECT sum(BilledCost) FROM line_items) AS billed,
    (SELECT sum(EffectiveCost) FROM line_items) AS effective, (SELECT count(*) FROM ingests) AS ingests,
    (SELECT count(*) FROM metrics) AS metrics, (SELECT count(*) FROM resources) AS resources`);
}

describe('bad input: a non-zero exit, one line naming the file (and line or column), and the store unchanged', () => {
  const { dir, db } = tempStore();
  const lines = realLegacyLines();
  let before: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    expect((await costlens(db, 'ingest', REAL_OCT_2018)).code).toBe(0);
    before = await fingerprint(db);
    expect(before[0].lines).toBe('119307');
  });

  async function expectRejected(args: string[], message: RegExp) {
    const run = await costlens(db, 'ingest', ...args);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    const [first, ...rest] = run.stderr.trimEnd().split('\n');
    expect(first).toMatch(message);
    expect(rest.every((l) => l.startsWith('  hint: '))).toBe(true);
    expect(await fingerprint(db)).toEqual(before);
    return first;
  }

  it('a truncated gzip file', async () => {
    const full = gzipSync(lines.join('\n'));
    const path = join(dir, 'truncated.csv.gz');
    writeFileSync(path, full.subarray(0, Math.floor(full.length / 2)));
    await expectRejected([path], /truncated\.csv\.gz: not a complete gzip file/);
  });

  it('a ragged CSV row, with its line number', async () => {
    const ragged = [...lines];
    ragged[41] += ',extra';
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, ragged.join('\n') + '\n');
    await expectRejected([path], /ragged\.csv:42: expected \d+ fields as in the header, found \d+/);
  });

  it('a non-numeric cost, with its line and column', async () => {
    const header = lines[0].split(',');
    const costAt = header.indexOf('lineItem/UnblendedCost');
    const bad = [...lines];
    const at = 6;
    const fields = parseCsvLine(bad[at]);
    expect(fields).toHaveLength(header.length);
    fields[costAt] = 'twelve';
    bad[at] = fields.map((f) => (f.includes(',') ? `"${f}"` : f)).join(',');
    const path = join(dir, 'bad-cost.csv');
    writeFileSync(path, bad.join('\n') + '\n');
    await expectRejected([path], new RegExp(`bad-cost\\.csv:${at + 1}: column`));
    await expectRejected([path], /bad-cost\.csv:\d+: column "lineItem\/UnblendedCost": "twelve" is not a valid number/);
  });

  it('an unrecognised file', async () => {
    const path = join(dir, 'orders.csv');
    writeFileSync(path, 'order_id,amount\n1,2\n');
    await expectRejected([path], /orders\.csv: not a recognised file/);
  });

  it('an empty folder', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    await expectRejected([empty], /empty: no billing, metrics or inventory files found/);
  });

  it('a manifest naming a missing file', async () => {
    const root = join(dir, 'missing');
    const reportRoot = writeLegacyReport(root, { current: [lines.join('\n')], missingKeys: ['reports/anon-cur/20231101-20231201/1b1b1b1b-current/anon-cur-00009.csv.gz'] });
    await expectRejected([reportRoot], /anon-cur-Manifest\.json: names .*anon-cur-00009\.csv\.gz, which is missing/);
  });

  it('a path that does not exist', async () => {
    await expectRejected([join(dir, 'nope.csv')], /nope\.csv: no such file or folder/);
  });

  it('a good file followed by a bad one loads neither', async () => {
    const path = join(dir, 'bad-second.csv');
    writeFileSync(path, [lines[0], lines[1].replace(/,\d+\.\d+,/, ',x,')].join('\n'));
    const run = await costlens(db, 'ingest', REAL_FOCUS, path);
    expect(run.code).not.toBe(0);
    expect(await fingerprint(db)).toEqual(before);
  });

  it('a Parquet file that is not Parquet', async () => {
    const path = join(dir, 'fake.parquet');
    writeFileSync(path, readFileSync(REAL_FOCUS).subarray(0, 500));
    await expectRejected([path], /fake\.parquet: not a readable Parquet file/);
  });
});

describe('inputs that would count charges twice are refused', () => {
  it('two identical copies of a file, or legacy CUR and CUR 2.0 of the same period in one run', async () => {
    const { dir, db } = tempStore();
    const { copyFileSync } = await import('node:fs');
    const copy = join(dir, 'copy.parquet');
    copyFileSync(REAL_OCT_2018, copy);
    const twice = await costlens(db, 'ingest', REAL_OCT_2018, copy);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/copy\.parquet and .*cur-athena-parquet-2018-10\.snappy\.parquet hold identical data/);
    const same = await costlens(db, 'ingest', REAL_OCT_2018, REAL_OCT_2018);
    expect(same.stderr).toMatch(/is named twice/);
  });
});
