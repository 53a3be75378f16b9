/**
 * A `.gz` of several gzip members (`cat a.gz b.gz`, as `gzip` and log shippers append) states in
 * its trailer only its last member's size, so a duplicate check that grouped files by that size
 * never compared it with the plain file of the same content: both loaded (2,562 lines, $3.36).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { statedGzipSize } from '../../src/ingest/gzip-pipe.ts';
import { REAL_LEGACY_CSV, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { writeGzip, zeros } from '../helpers/archives.ts';
import { legacyTruth, refused, storeWithFocus } from '../helpers/ingest-checks.ts';

const LEGACY = readFileSync(REAL_LEGACY_CSV);
const CUR_HEADER = Buffer.from(`${LEGACY.toString('utf8').split('\n')[0]}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** `data` as one gzip member per piece, cut at the given byte offsets. */
function multiMember(data: Buffer, cuts: number[]): Buffer {
  const bounds = [0, ...cuts, data.length];
  return Buffer.concat(bounds.slice(1).map((end, i) => gzipSync(data.subarray(bounds[i], end))));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a multi-member .gz is compared by its content, not by the size its trailer states', () => {
  it('the reviewer\'s case: the CSV and a two-member .gz of it are refused together; the .gz alone loads every line', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const gz = join(dir, 'multi.csv.gz');
    writeFileSync(gz, multiMember(LEGACY, [500_000]));
    // The trap: the trailer states only the second member's size.
    expect(statedGzipSize(gz, readFileSync(gz).length)).toBe(LEGACY.length - 500_000);
    const run = await refused(db, REAL_LEGACY_CSV, gz);
    expect([run.code, run.first]).toEqual([4, `costlens: ${gz} and ${REAL_LEGACY_CSV} hold identical data`]);
    expect(run.stderr).toContain('hint: loading both would count their charges twice; ingest one of them');
    const reversed = await refused(db, gz, REAL_LEGACY_CSV);
    expect([reversed.code, reversed.first]).toEqual([4, `costlens: ${REAL_LEGACY_CSV} and ${gz} hold identical data`]);
    expect(await fingerprint()).toEqual(before);

    const alone = await costlens(db, 'ingest', gz, '--json');
    expect(alone.stderr).toBe('');
    const truth = await legacyTruth();
    expect(truth).toEqual([1281, '1.6823086974']);
    expect(JSON.parse(alone.stdout).periods.map((p: { rows: number; billedCost: string }) => [p.rows, p.billedCost])).toEqual([truth]);
  });

  it('however it is cut: tiny first members, empty members, zero padding; against a zip entry, in a folder, or two .gz', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    // 200 members of 10 bytes, then the rest: the first 64 KiB of content span many members.
    const tiny = join(dir, 'tiny.csv.gz');
    writeFileSync(tiny, multiMember(LEGACY, Array.from({ length: 200 }, (_, i) => (i + 1) * 10)));
    // Empty members around the content: the trailer states 0 bytes.
    const empties = join(dir, 'empties.csv.gz');
    writeFileSync(empties, Buffer.concat([gzipSync(''), gzipSync(LEGACY), gzipSync('')]));
    expect(statedGzipSize(empties, readFileSync(empties).length)).toBe(0);
    // Zero bytes after the member (gunzip skips them): the trailer bytes read are zeros.
    const padded = join(dir, 'padded.csv.gz');
    writeFileSync(padded, Buffer.concat([gzipSync(LEGACY), Buffer.alloc(512)]));
    expect(statedGzipSize(padded, readFileSync(padded).length)).toBe(0);
    for (const gz of [tiny, empties, padded]) {
      const run = await refused(db, REAL_LEGACY_CSV, gz);
      expect([run.code, run.first]).toEqual([4, `costlens: ${gz} and ${REAL_LEGACY_CSV} hold identical data`]);
    }

    const zip = join(dir, 'cur.zip');
    writeFileSync(zip, zipSync({ 'cur.csv': new Uint8Array(LEGACY) }));
    const withZip = await refused(db, zip, tiny);
    expect([withZip.code, withZip.first]).toEqual([4, `costlens: ${tiny} and ${zip} (entry cur.csv) hold identical data`]);

    const two = join(dir, 'two.csv.gz');
    writeFileSync(two, multiMember(LEGACY, [300_000, 700_000]));
    const gzPair = await refused(db, tiny, two);
    expect([gzPair.code, gzPair.first]).toEqual([4, `costlens: ${two} and ${tiny} hold identical data`]);

    const folder = join(dir, 'delivery');
    mkdirSync(folder);
    writeFileSync(join(folder, 'part-1.csv'), LEGACY);
    writeFileSync(join(folder, 'part-2.csv.gz'), multiMember(LEGACY, [500_000]));
    const inFolder = await refused(db, folder);
    expect([inFolder.code, inFolder.first]).toEqual([4, `costlens: ${join(folder, 'part-2.csv.gz')} and ${join(folder, 'part-1.csv')} hold identical data`]);
    expect(await fingerprint()).toEqual(before);
  });

  it('parts of one delivery that share their first 64 KiB but differ after it are hashed whole and both load', async () => {
    const { dir, db } = tempStore();
    const lines = LEGACY.toString('utf8').split('\n').filter((l) => l.length > 0);
    const text = (body: string[]) => Buffer.from([lines[0], ...body].join('\n') + '\n');
    // The same first 300 lines (well past 64 KiB), then different lines.
    const first = text(lines.slice(1, 301).concat(lines.slice(301, 700)));
    const second = text(lines.slice(1, 301).concat(lines.slice(700)));
    expect(first.subarray(0, 65536).equals(second.subarray(0, 65536))).toBe(true);
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv.gz');
    writeFileSync(a, first);
    writeFileSync(b, multiMember(second, [100_000]));
    // The expectation: DuckDB on plain copies of both parts.
    const plainB = join(dir, 'b-plain.csv');
    writeFileSync(plainB, second);
    const [truth] = await duckdbRows(`SELECT count(*) AS n, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_csv(['${a}', '${plainB}'], header = true, all_varchar = true)`);
    expect(Number(truth.n)).toBe(lines.length - 1 + 300); // every line once, the shared 300 twice
    const run = await costlens(db, 'ingest', a, b, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).periods.map((p: { rows: number; billedCost: string }) => [String(p.rows), p.billedCost])).toEqual([[truth.n, truth.billed]]);
  });

  it('hashing a .gz is bounded by the unpack limits: a multi-member bomb beside a file of the same start stops, naming it', async () => {
    const { dir, db, fingerprint, before } = await storeWithFocus();
    const bomb = join(dir, 'cur-bomb.csv.gz');
    writeGzip(bomb, [{ data: CUR_HEADER }, ...zeros(512 * 1024 ** 2)]);
    const size = readFileSync(bomb).length;
    const lookalike = join(dir, 'lookalike.csv');
    writeFileSync(lookalike, Buffer.concat([CUR_HEADER, Buffer.alloc(128 * 1024)]));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('COSTLENS_UNPACK_MAX_RATIO', '10');
    vi.stubEnv('COSTLENS_UNPACK_RATIO_FROM', '1MB');
    const run = await refused(db, lookalike, bomb);
    expect([run.code, run.first]).toEqual([4, `costlens: ${bomb}: unpacked past ${mb(Math.ceil(size * 10))}, more than 10 times its ${mb(size)}; stopped (a decompression bomb, or an unusually large file)`]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });
});
