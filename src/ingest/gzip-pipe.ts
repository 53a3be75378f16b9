/**
 * A gzip CSV that DuckDB reads while Node inflates it: the inflated bytes go through a named pipe
 * (FIFO) in the ingest's work folder instead of a temporary file, so the file is read from disk
 * once, needs no temporary space, and its inflating overlaps DuckDB's parsing. Node's gunzip
 * checks the whole stream (its CRC and length), which DuckDB's own gzip reader does not, and the
 * unpack limits meter it as they meter an unpacked file.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, createReadStream, createWriteStream, openSync, readSync, type ReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Transform } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync, type Gunzip } from 'node:zlib';
import { CostlensError, messageOf } from '../errors.ts';
import { UnpackBudget, type UnpackLimits } from './unpack-limits.ts';

/** 1 MiB reads and writes: with Node's 64 KiB defaults a 2 GB CSV spends most of its time in system calls (16 s instead of 4.5 s). */
export const STREAM_CHUNK = 1 << 20;

/** True for a gzip file costlens streams to DuckDB rather than unpacking: `*.gz` that is not Parquet. */
export function isStreamableGzip(path: string): boolean {
  return /\.gz$/i.test(path) && !/\.parquet\.gz$/i.test(path);
}

/** The error for a gzip stream that does not inflate to its end. */
export function incompleteGzipError(path: string, cause: unknown): CostlensError {
  return new CostlensError('input', `${path}: not a complete gzip file (${messageOf(cause)})`, {
    hint: 'the file is truncated or corrupt; download it again',
    cause,
  });
}

/** The first `bytes` (at most) of a file, as it is on disk. */
export function readFileHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `bytes` (at most) of what a gzip file inflates to: enough for a CSV header without
 * inflating the file. Inflates a growing prefix (64 KiB of packed bytes, then four times more)
 * until it yields `bytes`, so a CSV's header costs a few milliseconds, not the inflating of 1 MiB.
 */
export function readGzipHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    for (let size = 64 * 1024; ; size *= 4) {
      const packed = Buffer.alloc(size);
      const n = readSync(fd, packed, 0, size, 0);
      let head: Buffer;
      try {
        head = gunzipSync(packed.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch (error) {
        throw incompleteGzipError(path, error);
      }
      if (head.length >= bytes || n < size) return head.subarray(0, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The size a gzip file states for its content (its last four bytes: the length modulo 2³²).
 * Trustworthy only once the stream has been inflated and checked, which every load does.
 */
export function statedGzipSize(path: string, packedBytes: number): number {
  if (packedBytes < 18) return 0;
  const fd = openSync(path, 'r');
  try {
    const trailer = Buffer.alloc(4);
    readSync(fd, trailer, 0, 4, packedBytes - 4);
    return trailer.readUInt32LE(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * The stages that inflate a gzip stream of `packedBytes` and meter it by the unpack limits, for
 * bytes that are not written to disk (so no free-space check): a pipe, a hash.
 */
export function inflatingStages(path: string, packedBytes: number, limits: UnpackLimits): [Gunzip, Transform] {
  return [createGunzip({ chunkSize: STREAM_CHUNK }), new UnpackBudget(path, packedBytes, undefined, limits).meter()];
}

/**
 * The threads of libuv's pool, which runs DuckDB's statements, zlib and file writes, by libuv's rule
 * for `UV_THREADPOOL_SIZE`: 4 when unset, else the value as C's atoi reads it, 0 (or no number)
 * counting as 1 and anything above 1,024 (a negative number too, read unsigned) as 1,024.
 */
export function threadpoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.UV_THREADPOOL_SIZE;
  if (value === undefined) return 4;
  const n = Number(/^\s*([+-]?\d+)/.exec(value)?.[1] ?? 0);
  return n === 0 ? 1 : n < 0 || n > 1024 ? 1024 : n;
}

/** A FIFO at `path`, or false where the system has none (mkfifo missing or refused). */
function makeFifo(path: string): boolean {
  try {
    execFileSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A running read of a gzip file through a pipe. */
export interface GzipPipeRead<T> {
  /** The share of the packed file read so far, 0–100. */
  percent(): number;
  /** What `read` returned, once the whole stream has inflated and checked out. */
  done: Promise<T>;
}

/**
 * Inflates `gzipPath` into a FIFO in `workDir` and runs `read(fifoPath)` (a DuckDB statement
 * reading it) at the same time. Resolves with what `read` returned once both have finished; a
 * stream that is corrupt, truncated or past the unpack limits fails with an input error naming
 * the file, whatever `read` made of it; otherwise a failed `read` fails with its own error.
 * Returns undefined where no FIFO can be made, or where libuv's pool has one thread
 * (`UV_THREADPOOL_SIZE=1`): the read would hold it while the inflating waits for it, forever. The
 * caller unpacks the file instead.
 */
export function readThroughGzipPipe<T>(gzipPath: string, packedBytes: number, workDir: string, limits: UnpackLimits, read: (fifoPath: string) => Promise<T>): GzipPipeRead<T> | undefined {
  if (threadpoolSize() < 2) return undefined;
  const fifo = join(workDir, `${Math.random().toString(36).slice(2)}-${basename(gzipPath).replace(/\.gz$/i, '')}`);
  if (!makeFifo(fifo)) return undefined;
  const source: ReadStream = createReadStream(gzipPath, { highWaterMark: STREAM_CHUNK });
  const abort = new AbortController();
  const feed = pipeline(
    source,
    ...inflatingStages(gzipPath, packedBytes, limits),
    createWriteStream(fifo, { highWaterMark: 4 * STREAM_CHUNK }),
    { signal: abort.signal },
  );
  const done = (async () => {
    const [fed, readOutcome] = await Promise.allSettled([feed, read(fifo).catch(async (error: unknown) => {
      await releaseWriter(fifo, feed, abort);
      throw error;
    })]);
    if (fed.status === 'rejected' && !isPipeClosed(fed.reason)) {
      throw fed.reason instanceof CostlensError ? fed.reason : incompleteGzipError(gzipPath, fed.reason);
    }
    if (readOutcome.status === 'rejected') throw readOutcome.reason;
    if (fed.status === 'rejected') {
      throw new CostlensError('internal', `${gzipPath}: DuckDB stopped reading the file before its end`, {
        hint: 'nothing was written to the store; run the ingest again, and report it if it happens again (with the file\'s format and size)',
        cause: fed.reason,
      });
    }
    return readOutcome.value;
  })();
  return { percent: () => (packedBytes > 0 ? Math.min(100, (100 * source.bytesRead) / packedBytes) : 0), done };
}

/**
 * After the reader failed: a writer still waiting to open the FIFO (the reader failed before
 * opening it) or blocked writing is released by opening the FIFO's read end and closing it again
 * once the feed is stopped, so nothing waits for a reader that has gone.
 */
async function releaseWriter(fifo: string, feed: Promise<void>, abort: AbortController): Promise<void> {
  abort.abort();
  let fd: number | undefined;
  try {
    fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    fd = undefined;
  }
  await Promise.race([feed.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 50))]);
  if (fd !== undefined) closeSync(fd);
  await feed.catch(() => undefined);
}

/** The feed ended because the reader closed the pipe or was released (not a fault of the file). */
function isPipeClosed(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'EPIPE' || code === 'ABORT_ERR' || (error as { name?: string } | null)?.name === 'AbortError';
}
