import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_UNPACK_LIMITS } from '../../src/ingest/unpack-limits.ts';
import { readThroughGzipPipe, threadpoolSize } from '../../src/ingest/gzip-pipe.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { writeGzip, zeros } from '../helpers/archives.ts';
import { storeCopy } from '../helpers/cached-stores.ts';

const LEGACY = readFileSync(REAL_LEGACY_CSV);
const CUR_HEADER = Buffer.from(`${LEGACY.toString('utf8').split('\n')[0]}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Lines and BilledCost of the real legacy CSV as DuckDB reads the plain file itself. */
async function legacyTruth(): Promise<[number, string]> {
  const [row] = await duckdbRows(`SELECT count(*) AS n, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
    FROM read_csv($file, header = true, all_varchar = true)`, { file: REAL_LEGACY_CSV });
  return [Number(row.n), row.billed!];
}

async function loaded(db: string, ...args: string[]): Promise<[number, string][]> {
  const run = await costlens(db, 'ingest', ...args, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).periods.map((p: { rows: number; billedCost: string }) => [p.rows, p.billedCost]);
}

/** A store holding the FOCUS sample, and what it must still hold after a refused ingest. */
async function storeWithFocus() {
  // A private copy of the store of the sample, ingested once per machine (tests/helpers/cached-stores.ts).
  const { dir, db } = await storeCopy([[REAL_FOCUS]]);
  const fingerprint = () => sqlRows(db, `SELECT count(*) AS n, CAST(sum(BilledCost) AS VARCHAR) AS billed, (SELECT count(*) FROM ingests) AS ingests FROM line_items`);
  return { dir, db, fingerprint, before: await fingerprint() };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a .gz CSV is inflated into DuckDB as it loads, through a pipe, and checked to its last byte', () => {
  it('loads exactly what the plain CSV holds, writing nothing to TMPDIR: it loads with a free-space reserve no disk has', async () => {
    const { dir, db } = tempStore();
    const gz = join(dir, 'cur.csv.gz');
    writeFileSync(gz, gzipSync(LEGACY));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('COSTLENS_UNPACK_MIN_FREE', '1000TB');
    expect(await loaded(db, gz)).toEqual([await legacyTruth()]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('ingest --help says which .gz files stream and which are unpacked into TMPDIR, as they do (it said every .gz and .zip is unpacked into TMPDIR): with a free-space reserve no disk has, the billing .gz loads and a metrics .gz is refused', async () => {
    const help = (await costlens(tempStore().db, 'ingest', '--help')).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('A billing .gz CSV is not unpacked: Node inflates it into a named pipe (FIFO) that DuckDB reads as it parses, so it takes no space in TMPDIR');
    expect(help).toContain('Every .zip, and every other .gz (metrics, inventory and business-metrics files), is unpacked in a stream into TMPDIR.');
    expect(help).not.toContain('.gz and .zip files are unpacked');
    const { dir, db } = tempStore();
    const [billing, metrics] = [join(dir, 'cur.csv.gz'), join(dir, 'metrics.csv.gz')];
    writeFileSync(billing, gzipSync(LEGACY));
    writeFileSync(metrics, gzipSync('resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit\ni-0abc,AWS/EC2,CPUUtilization,Average,3600,2018-11-01 00:00:00,1.5,Percent\n'));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('COSTLENS_UNPACK_MIN_FREE', '1000TB');
    expect(await loaded(db, billing)).toEqual([await legacyTruth()]);
    const refused = await costlens(db, 'ingest', metrics);
    expect(refused.code).toBe(7);
    expect(refused.stderr.split('\n')[0]).toMatch(new RegExp(`^costlens: unpacking ${metrics.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} needs at least 0\\.0 MB and 1000000000\\.0 MB must stay free`));
  });

  it('a byte changed inside the compressed stream is refused, naming the file (DuckDB alone would load the changed lines), and the store is unchanged', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const packed = gzipSync(LEGACY);
    const corrupt = Buffer.from(packed);
    corrupt[Math.floor(packed.length * 0.6)] ^= 0x01;
    const gz = join(dir, 'corrupt.csv.gz');
    writeFileSync(gz, corrupt);
    // DuckDB's own gzip reader does not check the CRC: it reads every line of the changed file without an error.
    expect(await duckdbRows(`SELECT count(*) AS n FROM read_csv($file, header = true, all_varchar = true)`, { file: gz })).toEqual([{ n: '1281' }]);
    const run = await costlens(db, 'ingest', gz);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toMatch(new RegExp(`^costlens: ${gz.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a complete gzip file \\(.+\\)$`));
    expect(await fingerprint()).toEqual(before);
  });

  it('a bad value in a .gz is reported at the same line and column as in the plain CSV', async () => {
    const { dir, db } = tempStore();
    const lines = LEGACY.toString('utf8').split('\n');
    // Line 701's lineItem/UnblendedCost: the value after the currency and the rate.
    const bad = lines[700].replace(/,USD,([^,]*),([^,]*),/, ',USD,$1,12.3.4,');
    expect(bad).not.toBe(lines[700]);
    lines[700] = bad;
    const plain = join(dir, 'bad.csv');
    writeFileSync(plain, lines.join('\n'));
    writeFileSync(`${plain}.gz`, gzipSync(lines.join('\n')));
    const fromPlain = await costlens(db, 'ingest', plain);
    const fromGzip = await costlens(db, 'ingest', `${plain}.gz`);
    expect([fromPlain.code, fromGzip.code]).toEqual([4, 4]);
    expect(fromPlain.stderr.split('\n')[0]).toBe(`costlens: ${plain}:701: column "lineItem/UnblendedCost": "12.3.4" is not a valid number`);
    expect(fromGzip.stderr.replaceAll(`${plain}.gz`, plain)).toBe(fromPlain.stderr);
  });

  it('a .gz whose trailer claims the size of another file is hashed within the unpack limits, not inflated to its end', async () => {
    const { dir, db } = tempStore();
    const plain = join(dir, 'cur.csv');
    writeFileSync(plain, LEGACY);
    const bomb = join(dir, 'bomb.csv.gz');
    writeGzip(bomb, [{ data: CUR_HEADER }, ...zeros(512 * 1024 ** 2)]);
    const packed = readFileSync(bomb);
    packed.writeUInt32LE(LEGACY.length, packed.length - 4);
    writeFileSync(bomb, packed);
    vi.stubEnv('COSTLENS_UNPACK_MAX_RATIO', '10');
    vi.stubEnv('COSTLENS_UNPACK_RATIO_FROM', '1MB');
    const run = await costlens(db, 'ingest', plain, bomb);
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toBe(`costlens: ${bomb}: unpacked past ${mb(Math.ceil(packed.length * 10))}, more than 10 times its ${mb(packed.length)}; stopped (a decompression bomb, or an unusually large file)`);
  });

  it('where no pipe can be made (no mkfifo on PATH), the file is unpacked and loads the same', async () => {
    const { dir, db } = tempStore();
    const gz = join(dir, 'cur.csv.gz');
    writeFileSync(gz, gzipSync(LEGACY));
    vi.stubEnv('PATH', join(dir, 'no-such-bin'));
    expect(await loaded(db, gz)).toEqual([await legacyTruth()]);
  });

  it('with one thread in libuv\'s pool (UV_THREADPOOL_SIZE=1), which DuckDB\'s read of the pipe would hold while the inflating waits for it, the file is unpacked and loads the same', async () => {
    const { dir, db } = tempStore();
    const gz = join(dir, 'cur.csv.gz');
    writeFileSync(gz, gzipSync(LEGACY));
    const bin = resolve(__dirname, '../../bin/costlens.js');
    // A process of its own: the pool's size is fixed when a process first uses it. Killed after 60 s (a hang, before the guard).
    const run = await promisify(execFile)(process.execPath, [bin, 'ingest', gz, '--db', db, '--json'], { env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).periods.map((p: { rows: number; billedCost: string }) => [p.rows, p.billedCost])).toEqual([await legacyTruth()]);
  });

  it('reads the size of libuv\'s pool as libuv does: 4 unset, atoi of the value, 0 or no number as 1, past 1,024 (or negative) as 1,024', () => {
    const cases: [string | undefined, number][] = [[undefined, 4], ['1', 1], ['2', 2], ['0', 1], ['', 1], ['abc', 1], [' 8 threads', 8], ['+3', 3], ['2000', 1024], ['-1', 1024]];
    expect(cases.map(([value]) => threadpoolSize(value === undefined ? {} : { UV_THREADPOOL_SIZE: value }))).toEqual(cases.map(([, n]) => n));
  });

  it('a reader that fails before opening the pipe releases the writer: the read\'s error, nothing left waiting', async () => {
    const { dir } = tempStore();
    const gz = join(dir, 'cur.csv.gz');
    writeFileSync(gz, gzipSync(LEGACY));
    const piped = readThroughGzipPipe(gz, readFileSync(gz).length, dir, DEFAULT_UNPACK_LIMITS, async () => {
      throw new Error('the reader gave up');
    });
    await expect(piped!.done).rejects.toThrow('the reader gave up');
    const read = readThroughGzipPipe(gz, readFileSync(gz).length, dir, DEFAULT_UNPACK_LIMITS, async (fifo) => (await readFile(fifo)).length);
    expect(await read!.done).toBe(LEGACY.length);
    expect(read!.percent()).toBe(100);
    expect(existsSync(gz)).toBe(true);
  });
});
