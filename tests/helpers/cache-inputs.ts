/**
 * What a test cache's key holds besides its own options and the source code that builds it: the
 * state of the files it reads, and the installed packages. A file counts by its size and
 * modification time (the real billing files are too large to hash on every use); a folder by every
 * file under it, each by its path inside the folder, size and time (not the folder's own time,
 * which moves whenever a file is added or removed beside the ones read). The
 * packages count by package-lock.json's hash and the version of the DuckDB library loaded (what a
 * store or a written Parquet file holds depends on it). Nothing here changes between runs over the
 * same inputs, so a cache is reused until one of them changes.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { version as duckdbVersion } from '@duckdb/node-api';
import { codePointOrder } from '../../src/lib/order.ts';
import { sourceHash } from './source-hash.ts';

/** A file's state: its path (inside the folder given), size and modification time. */
type FileState = [path: string, size: number, mtimeMs: number];

/** Every file under `dir`, depth first in name order (code-point order, as src/lib/order.ts sorts), by its path relative to `dir`. */
export function pathsUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => codePointOrder(a.name, b.name))
    .flatMap((entry) => {
      const path = join(prefix, entry.name);
      return entry.isDirectory() ? pathsUnder(dir, path) : [path];
    });
}

/** Every file under `dir` ({@link pathsUnder}) with its size and time. */
function filesUnder(dir: string): FileState[] {
  return pathsUnder(dir).map((path) => {
    const { size, mtimeMs } = statSync(join(dir, path));
    return [path, size, mtimeMs];
  });
}

/**
 * The state of each of `values` that names an existing file or folder (other values, such as
 * options, dates and S3 URIs, are left out: the caller keys them as they are), in their order.
 */
export function statesOfPaths(values: readonly string[]): [string, FileState[]][] {
  return values.filter((value) => existsSync(value)).map((path) => {
    const stats = statSync(path);
    return [path, stats.isDirectory() ? filesUnder(path) : [['', stats.size, stats.mtimeMs]]];
  });
}

/** The installed packages: package-lock.json's hash and the DuckDB library's version. */
export function installedPackages(): [lockHash: string, duckdb: string] {
  return [sourceHash(['package-lock.json']), duckdbVersion()];
}
