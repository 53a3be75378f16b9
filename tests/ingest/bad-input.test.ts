import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsvLine } from '../../src/lib/csv.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_OCT_2018, costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { realLegacyLines, writeLegacyReport } from '../helpers/fixtures.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/** Everything a failed ingest must leave untouched. */
async function fingerprint(db: string) {
  return sqlRows(db, `SELECT (SELECT count(*) FROM line_items) AS lines, (SELECT sum(BilledCost) FROM line_items) AS billed,
    (SELECT sum(EffectiveCost) FROM line_items) AS effective, (SELECT count(*) FROM ingests) AS ingests,
    (SELECT count(*) FROM metrics) AS metrics, (SELECT count(*) FROM resources) AS resources`);
}

describe('bad input: a non-zero exit, one line naming the file (and line or column), and the store unchanged', () => {
  const dir = scratchDir();
  /** A private copy of the store of the real October, ingested once per machine (tests/helpers/cached-stores.ts): the rejected ingests try to write to it. */
  let db: string;
  const lines = realLegacyLines();
  let before: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_OCT_2018]]));
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

  const FOLDER_HINT = '  hint: costlens reads the files in the folder and its subfolders named *.csv, *.csv.gz, *.gz, *.zip or *.parquet (not hidden ones) '
    + 'whose header or Parquet schema is that of a CUR (legacy CSV, for Athena, 2.0), FOCUS, metrics, inventory or business-metrics file: '
    + 'point at a CUR report folder, a Data Exports folder, or the files themselves';

  it('an empty folder: the hint says which files costlens reads (was "point at a CUR report folder…" alone)', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    const first = await expectRejected([empty], /empty: no billing, metrics, inventory or business metrics files found in this folder/);
    expect(first).toBe(`costlens: ${empty}: no billing, metrics, inventory or business metrics files found in this folder (it holds no files)`);
    const run = await costlens(db, 'ingest', empty);
    expect(run.stderr.trimEnd().split('\n')[1]).toBe(FOLDER_HINT);
  });

  it('a folder of files costlens does not read names the first three (in name order) and why, and counts the rest', async () => {
    const folder = join(dir, 'exports-as-text');
    mkdirSync(join(folder, 'notes'), { recursive: true });
    for (const name of ['cur-2023-11.txt', '.cur.csv', 'crawler-cfn.yml', 'notes/readme.md', 'CUR']) writeFileSync(join(folder, name), lines.slice(0, 2).join('\n'));
    const first = await expectRejected([folder], /exports-as-text: no billing/);
    expect(first).toBe(`costlens: ${folder}: no billing, metrics, inventory or business metrics files found in this folder: 5 files not read: `
      + '.cur.csv (hidden), CUR (not named *.csv, *.gz, *.zip or *.parquet), crawler-cfn.yml (the CloudFormation template AWS delivers for setting up Athena on the CUR, not billing data), and 2 more');
    const run = await costlens(db, 'ingest', folder);
    expect(run.stderr.trimEnd().split('\n')[1]).toBe(FOLDER_HINT);
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

  it('a byte that is not UTF-8 on line 2: said so, with the file, line and byte', async () => {
    const bad = [...lines];
    const at = bad[1].indexOf(',AWS,') + 1;
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(`${bad[0]}\n${bad[1].slice(0, at)}`), Buffer.from([0xc9]), Buffer.from(`${bad[1].slice(at)}\n${bad.slice(2).join('\n')}\n`)]));
    const offset = Buffer.byteLength(`${bad[0]}\n${bad[1].slice(0, at)}`);
    const first = await expectRejected([path], /latin1\.csv:2: not valid UTF-8/);
    expect(first).toBe(`costlens: ${path}:2: not valid UTF-8 (byte 0xC9 at byte offset ${offset.toLocaleString('en-US')})`);
  });

  it.each([
    ['3 MB', 3_000_000],
    ['40 MB, more than DuckDB buffers at once', 40_000_000],
  ])('a line of %s names its line and length', async (_what, extra) => {
    const path = join(dir, `long-line-${extra}.csv`);
    const at = lines[4].indexOf(',AWS,') + ',AWS'.length;
    const long = `${lines[4].slice(0, at)}${'x'.repeat(extra)}${lines[4].slice(at)}`;
    writeFileSync(path, [...lines.slice(0, 4), long, ...lines.slice(5)].join('\n') + '\n');
    const first = await expectRejected([path], /long-line-\d+\.csv:5: line 5 is/);
    expect(first).toBe(`costlens: ${path}:5: line 5 is ${Buffer.byteLength(long).toLocaleString('en-US')} bytes long; costlens reads lines of up to 2,000,000 bytes`);
  });

  it('a quote opened and never closed names its line and the reason DuckDB gives', async () => {
    const fields = parseCsvLine(lines[4]);
    const path = join(dir, 'unbalanced.csv');
    const opened = [...fields.slice(0, 20).map((f) => (f.includes(',') ? `"${f}"` : f)), `"${fields[20]}`, ...fields.slice(21)].join(',');
    writeFileSync(path, [...lines.slice(0, 4), opened, ...lines.slice(5)].join('\n') + '\n');
    const first = await expectRejected([path], /unbalanced\.csv:5: /);
    expect(first).toBe(`costlens: ${path}:5: value with unterminated quote found`);
  });

  it('a column named twice in the header is refused, naming the column and both positions', async () => {
    const header = lines[0].split(',');
    const cost = header.indexOf('lineItem/UnblendedCost');
    const path = join(dir, 'cost-twice.csv');
    writeFileSync(path, [`${lines[0]},lineItem/UnblendedCost`, ...lines.slice(1).map((l) => `${l},1000`)].join('\n') + '\n');
    const first = await expectRejected([path], /cost-twice\.csv: the header names the column/);
    expect(first).toBe(`costlens: ${path}: the header names the column "lineItem/UnblendedCost" twice (columns ${cost + 1} and ${header.length + 1})`);
  });

  it('a manifest naming a file outside its report folder is refused, and the file is not read', async () => {
    const root = join(dir, 'escaping-manifest');
    const reportRoot = writeLegacyReport(root, { current: [lines.join('\n')], missingKeys: ['reports/anon-cur/20231101-20231201/../../../outside.csv'] });
    writeFileSync(join(root, 'outside.csv'), lines.join('\n'));
    const first = await expectRejected([reportRoot], /anon-cur-Manifest\.json: names .*outside\.csv, which resolves to/);
    const period = join(reportRoot, '20231101-20231201');
    expect(first).toBe(`costlens: ${join(period, 'anon-cur-Manifest.json')}: names reports/anon-cur/20231101-20231201/../../../outside.csv, which resolves to ${join(root, 'outside.csv')}, outside ${period}`);
  });

  it('a CSV of 2,000 columns (one per tag key) that runs out of memory says which limit to raise', async () => {
    const extra = 2_000 - lines[0].split(',').length;
    const tags = Array.from({ length: extra }, (_, i) => `resourceTags/user:tag${String(i).padStart(4, '0')}`);
    const path = join(dir, 'wide.csv');
    writeFileSync(path, [[lines[0], ...tags].join(','), ...lines.slice(1).map((l, r) => [l, ...tags.map((_, i) => `v${(r + i) % 7}`)].join(','))].join('\n') + '\n');
    vi.stubEnv('COSTLENS_MEMORY_LIMIT', '64MB');
    try {
      const run = await costlens(db, 'ingest', path);
      expect(run.code).toBe(7);
      expect(run.stderr).toBe([
        `costlens: ${path} (2,000 columns): DuckDB ran out of memory within its limit of 64MB (COSTLENS_MEMORY_LIMIT)`,
        '  hint: raise COSTLENS_MEMORY_LIMIT (e.g. COSTLENS_MEMORY_LIMIT=4GB) if the machine has the memory: files with thousands of columns (one per tag key) need more',
        '',
      ].join('\n'));
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await fingerprint(db)).toEqual(before);
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

  it('a file named twice is told how it was named each time (it read "(directly and through a folder or manifest)" whatever happened)', async () => {
    const { dir, db } = tempStore();
    const { copyFileSync } = await import('node:fs');
    const folder = join(dir, 'bills');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    const file = join(folder, 'sub', 'focus.csv');
    copyFileSync(REAL_FOCUS, file);
    const refused = async (...paths: string[]) => {
      const run = await costlens(db, 'ingest', ...paths);
      expect(run.code).not.toBe(0);
      return run.stderr;
    };
    expect(await refused(REAL_FOCUS, REAL_FOCUS)).toBe(`costlens: ${REAL_FOCUS} is named twice on the command line\n  hint: give each file once\n`);
    expect(await refused(file, folder)).toBe(`costlens: ${file} is named on the command line and through the folder ${folder}\n`
      + '  hint: give the file, or the folder that holds it, not both\n');
    expect(await refused(folder, join(folder, 'sub'))).toBe(`costlens: ${file} is named through the folders ${folder} and ${join(folder, 'sub')}\n`
      + '  hint: give each folder once, and not a folder together with one inside it\n');
    expect(await refused(folder, folder)).toBe(`costlens: ${file} is named twice through the folder ${folder}\n`
      + '  hint: give each folder once, and not a folder together with one inside it\n');
    expect(existsSync(db), 'refused while planning: no store written').toBe(false);
  });

  it('the same file by a relative and an absolute path, or through a link, is named twice, not two files of identical data', async () => {
    const { dir, db } = tempStore();
    const { copyFileSync, symlinkSync } = await import('node:fs');
    const { relative } = await import('node:path');
    const file = join(dir, 'focus.csv');
    copyFileSync(REAL_FOCUS, file);
    const link = join(dir, 'latest.csv');
    symlinkSync(file, link);
    const shortName = relative(process.cwd(), file);
    expect(shortName.startsWith('/')).toBe(false);
    const refused = async (...paths: string[]) => {
      const run = await costlens(db, 'ingest', ...paths);
      expect(run.code).not.toBe(0);
      return run.stderr;
    };
    // It read "costlens: /tmp/…/focus.csv and …/focus.csv hold identical data" (hint: ingest one of them).
    expect(await refused(shortName, file)).toBe(`costlens: ${shortName} is named twice on the command line, as ${shortName} and ${file}\n  hint: give each file once\n`);
    expect(await refused(file, link)).toBe(`costlens: ${file} is named twice on the command line, as ${file} and ${link}\n  hint: give each file once\n`);
    expect(await refused(link, dir)).toBe(`costlens: ${link} is named on the command line and through the folder ${dir}, as ${link} and ${file}\n`
      + '  hint: give the file, or the folder that holds it, not both\n');
    expect(existsSync(db), 'refused while planning: no store written').toBe(false);
  });
});
