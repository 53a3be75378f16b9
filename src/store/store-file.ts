/**
 * Whether a path can hold a costlens store, told before DuckDB opens it: DuckDB's own errors for a
 * file that is not its database are internal ("Catalog Error: Cannot launch in-memory database in
 * read-only mode!" for a read-only open of a `.csv` or `.parquet` path, which DuckDB would otherwise
 * read as a data file; "… exists, but it is not a valid DuckDB database file!" elsewhere).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CostlensError } from '../errors.ts';

/** A DuckDB database file holds these bytes at offset 8, after the header's checksum. */
const DUCKDB_MAGIC = 'DUCK';
const MAGIC_OFFSET = 8;

/** Where --db points, and how to make a store, for every hint below. */
const WHERE_STORES_ARE = '--db (or COSTLENS_DB) names the store file `costlens ingest` writes (default data/costlens.duckdb)';

/**
 * Why the file at `path` cannot be a costlens store (a folder, an empty file, a file that is not a
 * DuckDB database), with the hint to give; undefined when it may be one, or when nothing is there.
 */
export function notAStoreReason(path: string): { reason: string; hint: string } | undefined {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { reason: 'it is a folder', hint: `${WHERE_STORES_ARE}: give the file, e.g. ${path.replace(/\/+$/, '')}/costlens.duckdb` };
    size = stat.size;
  } catch {
    return undefined;
  }
  if (size === 0) return { reason: 'it is an empty file', hint: `remove the empty file; \`costlens ingest FILES --db ${path}\` then creates the store there` };
  const magic = readMagic(path);
  if (magic !== undefined && magic !== DUCKDB_MAGIC) {
    return { reason: 'it is not a DuckDB database file', hint: `${WHERE_STORES_ARE}; billing files are loaded with \`costlens ingest FILE\`` };
  }
  return undefined;
}

/** The `store` error (exit 7) for `path`, which is not a costlens store because of `reason`. */
export function notAStoreError(path: string, reason: string, hint: string, cause?: unknown): CostlensError {
  return new CostlensError('store', `${path}: not a costlens store (${reason})`, { hint, cause });
}

/** The error for a DuckDB database costlens did not write (schema version 0: no `schema_version` table), for readers and `migrate`. */
export function notACostlensDatabase(path: string): CostlensError {
  return notAStoreError(path, "it is a DuckDB database without costlens's tables", 'point --db (or COSTLENS_DB) at a store costlens wrote; `costlens ingest FILES --db FILE` creates one');
}

/** Throws {@link notAStoreError} when the file at `path` cannot be a store (see {@link notAStoreReason}). */
export function refuseNonStoreFile(path: string): void {
  const problem = notAStoreReason(path);
  if (problem) throw notAStoreError(path, problem.reason, problem.hint);
}

function readMagic(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const bytes = Buffer.alloc(DUCKDB_MAGIC.length);
    const read = readSync(fd, bytes, 0, bytes.length, MAGIC_OFFSET);
    return bytes.subarray(0, read).toString('latin1');
  } catch {
    return undefined; // unreadable: DuckDB's open then names the reason (permissions, say)
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
