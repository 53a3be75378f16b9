import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowedBytes, DEFAULT_UNPACK_LIMITS, resolveUnpackLimits } from '../../src/ingest/unpack-limits.ts';
import { REAL_LEGACY_CSV, costlens, tempStore } from '../helpers/cli.ts';
import { writeGzip, writeZip, zeros } from '../helpers/archives.ts';
import { legacyTruth, refused, storeWithFocus } from '../helpers/ingest-checks.ts';

const CUR_HEADER = Buffer.from(`${readFileSync(REAL_LEGACY_CSV, 'utf8').split('\n')[0]}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const sizeOf = (path: string) => readFileSync(path).length;
/** The real legacy CSV's lines and BilledCost as DuckDB reads the file, read once for the file's tests. */
let truth: ReturnType<typeof legacyTruth> | undefined;
const legacy = () => (truth ??= legacyTruth());

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('identical data is counted once, however it is packed (1,281 lines were loaded as 2,562)', () => {
  it('the real legacy CUR CSV and its .gz are refused together, naming both', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const gz = join(dir, 'cur.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(REAL_LEGACY_CSV)));
    const run = await refused(db, REAL_LEGACY_CSV, gz);
    expect([run.code, run.first]).toEqual([4, `costlens: ${gz} and ${REAL_LEGACY_CSV} hold identical data`]);
    expect(await fingerprint()).toEqual(before);
    const alone = await costlens(db, 'ingest', gz, '--json');
    expect(alone.code).toBe(0);
    expect(JSON.parse(alone.stdout).periods.map((p: { rows: number; billedCost: string }) => [p.rows, p.billedCost])).toEqual([await legacy()]);
    expect(await legacy()).toEqual([1281, '1.6823086974']);
  });

  it('the CSV and a .zip of it are refused together; so are two identical entries of one zip', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const data = new Uint8Array(readFileSync(REAL_LEGACY_CSV));
    const zip = join(dir, 'cur.zip');
    writeFileSync(zip, zipSync({ 'cur.csv': data }));
    const withZip = await refused(db, REAL_LEGACY_CSV, zip);
    expect([withZip.code, withZip.first]).toEqual([4, `costlens: ${zip} (entry cur.csv) and ${REAL_LEGACY_CSV} hold identical data`]);
    const twice = join(dir, 'twice.zip');
    writeFileSync(twice, zipSync({ 'a.csv': data, 'b.csv': data }));
    const entries = await refused(db, twice);
    expect([entries.code, entries.first]).toEqual([4, `costlens: ${twice} (entry b.csv) and ${twice} (entry a.csv) hold identical data`]);
    expect(await fingerprint()).toEqual(before);
  });

  it('a copy in a folder beside its .gz is refused too', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const folder = join(dir, 'delivery');
    mkdirSync(folder);
    copyFileSync(REAL_LEGACY_CSV, join(folder, 'part-1.csv'));
    writeFileSync(join(folder, 'part-2.csv.gz'), gzipSync(readFileSync(REAL_LEGACY_CSV)));
    const run = await refused(db, folder);
    expect([run.code, run.first]).toEqual([4, `costlens: ${join(folder, 'part-2.csv.gz')} and ${join(folder, 'part-1.csv')} hold identical data`]);
    expect(await fingerprint()).toEqual(before);
  });
});

describe('unpacking is bounded: a decompression bomb stops early, naming the file, and changes nothing', () => {
  it('the limits: 200 times the archive past the first 100 MiB, never past 32 GiB; config, then environment', () => {
    expect(DEFAULT_UNPACK_LIMITS).toEqual({ maxBytes: 32 * 1024 ** 3, maxRatio: 200, ratioFromBytes: 100 * 1024 ** 2, minFreeBytes: 256 * 1024 ** 2 });
    expect(allowedBytes(4_200_000, DEFAULT_UNPACK_LIMITS)).toBe(840_000_000);
    expect(allowedBytes(100_000, DEFAULT_UNPACK_LIMITS)).toBe(100 * 1024 ** 2);
    expect(allowedBytes(1e9, DEFAULT_UNPACK_LIMITS)).toBe(32 * 1024 ** 3);
    const limits = resolveUnpackLimits({ maxRatio: 50, maxBytes: 10e9 }, { COSTLENS_UNPACK_MAX_RATIO: '20', COSTLENS_UNPACK_RATIO_FROM: '1MiB' });
    expect(limits).toEqual({ maxBytes: 10e9, maxRatio: 20, ratioFromBytes: 1024 ** 2, minFreeBytes: 256 * 1024 ** 2 });
    expect(() => resolveUnpackLimits(undefined, { COSTLENS_UNPACK_MAX_BYTES: 'lots' })).toThrow('COSTLENS_UNPACK_MAX_BYTES=lots: must be a size such as 32GB, 100MiB or a number of bytes');
  });

  it('a 4.2 MB .gz of a CUR header and 4 GiB of zeros stops at 10 times its size, with nothing left in TMPDIR', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const bomb = join(dir, 'cur-bomb.csv.gz');
    writeGzip(bomb, [{ data: CUR_HEADER }, ...zeros(4 * 1024 ** 3)]);
    const size = sizeOf(bomb);
    expect(size > 4_100_000 && size < 4_300_000).toBe(true);
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('COSTLENS_UNPACK_MAX_RATIO', '10');
    vi.stubEnv('COSTLENS_UNPACK_RATIO_FROM', '1MB');
    const run = await refused(db, bomb);
    expect([run.code, run.first]).toEqual([4, `costlens: ${bomb}: unpacked past ${mb(Math.ceil(size * 10))}, more than 10 times its ${mb(size)}; stopped (a decompression bomb, or an unusually large file)`]);
    expect(run.stderr).toContain('hint: if the file is genuine, raise ingest.unpack.maxRatio / maxBytes in the config');
    expect(readdirSync(tmp)).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  it('the bound can be set in the config file (ingest.unpack); a bad value names its key', async () => {
    const { dir, db } = await storeWithFocus();
    const bomb = join(dir, 'cur-bomb.csv.gz');
    writeGzip(bomb, [{ data: CUR_HEADER }, ...zeros(512 * 1024 ** 2)]);
    const config = join(dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ ingest: { unpack: { maxBytes: '20MB' } } }));
    const run = await refused(db, bomb, '--config', config);
    expect([run.code, run.first]).toEqual([4, `costlens: ${bomb}: unpacked past 20.0 MB, more than the limit of 20.0 MB; stopped (a decompression bomb, or an unusually large file)`]);
    writeFileSync(config, JSON.stringify({ ingest: { unpack: { maxBytes: 'plenty' } } }));
    const bad = await refused(db, bomb, '--config', config);
    expect([bad.code, bad.first]).toEqual([3, `costlens: ${config}: ingest.unpack.maxBytes: must be a size such as 32GB, 100MiB or a number of bytes`]);
  });

  it.each([
    ['a 1.6 MB zip of 1.65 GB', 1.65e9],
    ['a 3.7 MB zip of 3.8 GB', 3.8e9],
  ])('%s is refused from its central directory, before anything is inflated', async (_name, bytes) => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const bomb = join(dir, 'cur-bomb.zip');
    writeZip(bomb, [{ name: 'cur.csv', segments: [{ data: CUR_HEADER }, ...zeros(bytes - CUR_HEADER.length)] }]);
    const size = sizeOf(bomb);
    const peakBefore = process.resourceUsage().maxRSS;
    const run = await refused(db, bomb);
    expect([run.code, run.first]).toEqual([4, `costlens: ${bomb}: declares ${mb(bytes)} unpacked, more than 200 times its ${mb(size)}; stopped (a decompression bomb, or an unusually large file)`]);
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(300);
    expect(await fingerprint()).toEqual(before);
  });

  it('a zip that understates its size is stopped while it streams, naming the entry, in bounded memory', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const bomb = join(dir, 'liar.zip');
    writeZip(bomb, [{ name: 'cur.csv', segments: [{ data: CUR_HEADER }, ...zeros(1.65e9)], declaredBytes: 1_000 }]);
    const size = sizeOf(bomb);
    vi.stubEnv('COSTLENS_UNPACK_MAX_RATIO', '10');
    vi.stubEnv('COSTLENS_UNPACK_RATIO_FROM', '1MB');
    const peakBefore = process.resourceUsage().maxRSS;
    const run = await refused(db, bomb);
    expect([run.code, run.first]).toEqual([4, `costlens: ${bomb} (entry cur.csv): unpacked past ${mb(Math.ceil(size * 10))}, more than 10 times its ${mb(size)}; stopped (a decompression bomb, or an unusually large file)`]);
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(300);
    expect(await fingerprint()).toEqual(before);
  });

  it('free space is checked first: an archive is not unpacked where the reserve would not stay free', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const zip = join(dir, 'cur.zip');
    writeFileSync(zip, zipSync({ 'cur.csv': readFileSync(REAL_LEGACY_CSV) }));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('COSTLENS_UNPACK_MIN_FREE', '1000TB');
    const run = await refused(db, zip);
    expect(run.code).toBe(7);
    expect(run.first).toMatch(new RegExp(`^costlens: unpacking ${zip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} needs at least 1\\.0 MB and 1000000000\\.0 MB must stay free: ${tmp}/costlens-ingest-${process.pid}-\\w{6} has \\d+\\.\\d MB free$`));
    expect(await fingerprint()).toEqual(before);
  });

  it('a ZIP64 archive (sizes in its extra fields, as archivers write entries past 4 GiB) loads exactly like the CSV', async () => {
    const { dir, db } = tempStore();
    const zip = join(dir, 'cur64.zip');
    writeZip(zip, [{ name: 'reports/cur.csv', segments: [{ data: readFileSync(REAL_LEGACY_CSV) }] }], { zip64: true });
    const run = await costlens(db, 'ingest', zip, '--json');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).periods.map((p: { rows: number; billedCost: string }) => [p.rows, p.billedCost])).toEqual([await legacy()]);
  });
});
