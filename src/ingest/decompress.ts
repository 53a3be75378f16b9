import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { CostlensError } from '../errors.ts';
import { isFsError } from '../lib/fs-errors.ts';
import { DEFAULT_UNPACK_LIMITS, UnpackBudget, checkBeforeUnpacking, type UnpackLimits } from './unpack-limits.ts';
import { extractZipEntry, listZipEntries } from './zip-reader.ts';
import { STREAM_CHUNK, incompleteGzipError, statedGzipSize } from './gzip-pipe.ts';

/** A plain file DuckDB reads: an input file itself, or what one of its archives unpacked to. */
export interface PlainFile {
  path: string;
  /** The zip entry it came from. */
  entry?: string;
  bytes: number;
  /** `path` is a `.gz` left packed, to be inflated as it loads (gzip-pipe.ts); `bytes` is the size its trailer states (its last member's, modulo 2³²). */
  gzipped?: true;
}

/** True when a path names a compressed file costlens unpacks before reading. */
export function isCompressed(path: string): boolean {
  return /\.(gz|zip)$/i.test(path);
}

/** How an input file is named in messages: the file, or the file and its zip entry. */
export function describePlain(original: string, plain: { entry?: string }): string {
  return plain.entry === undefined ? original : `${original} (entry ${plain.entry})`;
}

/**
 * A billing `.gz` CSV is not unpacked while planning: it is inflated into DuckDB as it loads
 * (gzip-pipe.ts). Other `.gz` files, and every `.zip`, are unpacked (see unpack).
 */
export async function leavePacked(path: string): Promise<PlainFile> {
  const packed = (await stat(path)).size;
  return { path, bytes: statedGzipSize(path, packed), gzipped: true };
}

async function gunzipInto(path: string, workDir: string, limits: UnpackLimits): Promise<PlainFile[]> {
  const packed = (await stat(path)).size;
  // The size a gzip states in its last bytes is only trustworthy once the whole stream has checked out: the meter bounds it instead.
  await checkBeforeUnpacking(path, packed, 0, workDir, limits);
  const target = join(workDir, `${Math.random().toString(36).slice(2)}-${basename(path).replace(/\.gz$/i, '')}`);
  const budget = new UnpackBudget(path, packed, workDir, limits);
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: STREAM_CHUNK }),
      createGunzip({ chunkSize: STREAM_CHUNK }),
      budget.meter(),
      createWriteStream(target, { highWaterMark: 4 * STREAM_CHUNK }),
    );
  } catch (error) {
    if (error instanceof CostlensError || isFsError(error)) throw error;
    throw incompleteGzipError(path, error);
  }
  return [{ path: target, bytes: (await stat(target)).size }];
}

async function unzipInto(path: string, workDir: string, limits: UnpackLimits): Promise<PlainFile[]> {
  const packed = (await stat(path)).size;
  const entries = (await listZipEntries(path)).filter((e) => !e.name.endsWith('/') && !basename(e.name).startsWith('.'));
  if (entries.length === 0) {
    throw new CostlensError('input', `${path}: the zip archive holds no files`, { hint: 'a report archive holds at least one CSV file: download it again, or leave it out' });
  }
  await checkBeforeUnpacking(path, packed, entries.reduce((sum, e) => sum + e.bytes, 0), workDir, limits);
  const budget = new UnpackBudget(path, packed, workDir, limits);
  const out: PlainFile[] = [];
  for (const [i, entry] of entries.entries()) {
    const target = join(workDir, `${Math.random().toString(36).slice(2)}-${i}-${basename(entry.name)}`);
    const label = describePlain(path, { entry: entry.name });
    await extractZipEntry(path, entry, target, label, budget.meter(label));
    out.push({ path: target, entry: entry.name, bytes: entry.bytes });
  }
  return out;
}

/**
 * Unpacks a `.gz` or `.zip` file into `workDir` in a stream, within `limits` (see
 * unpack-limits.ts), and returns the plain files; a plain input file stands for itself. The whole
 * stream is checked, so a truncated or corrupt archive is an input error naming the file (and
 * entry), not a short ingest.
 */
export async function unpack(path: string, workDir: string, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<PlainFile[]> {
  if (/\.gz$/i.test(path)) return gunzipInto(path, workDir, limits);
  if (/\.zip$/i.test(path)) return unzipInto(path, workDir, limits);
  return [{ path, bytes: (await stat(path)).size }];
}
