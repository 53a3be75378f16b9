/**
 * The hostile store of tests/security (tests/security/fixtures.ts hostileStore: a private copy in a
 * folder of its own) with a secret CSV and another DuckDB file beside it, the injection corpus
 * filled in with their paths (tests/security/corpus.ts), and the check the SQL injection tests make
 * after every payload: nothing around the store appeared, vanished or changed, the store included.
 * Used by tests/security/sql-injection-cli.test.ts and sql-injection-api.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, expect } from 'vitest';
import { INJECTION_CORPUS, SECRET_MARKER, fillPayload } from '../security/corpus.ts';
import { hostileStore } from '../security/fixtures.ts';

/** The paths the corpus names: the store, the folder around it, a secret CSV and another DuckDB file in it. */
export interface WatchedPaths { store: string; root: string; secret: string; other: string }

/** Every file and folder under `root` (folders as `dir/`), with what `describe` says of each file. */
function walk(root: string, describe: (path: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        files.set(`${path}/`, 'dir');
        visit(path);
      } else {
        files.set(path, describe(path));
      }
    }
  };
  visit(root);
  return files;
}

/** Every file under `root` with a hash of its bytes (folders as `dir/`). */
function snapshot(root: string): Map<string, string> {
  return walk(root, (path) => `${statSync(path).size}:${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
}

/**
 * Every file under `root` with its identity on disk: inode, size, and modification and change
 * times to the nanosecond. Writing a file (in place, or a new file renamed over it) changes its
 * change time at least, which no program can set back; so while no file's identity has changed
 * since `unchanged` was taken, no byte has either, and the files need not be read and hashed again.
 */
function identities(root: string): Map<string, string> {
  return walk(root, (path) => {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  });
}

/** Whether two listings name the same paths with the same descriptions. */
function sameEntries(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, value]) => b.get(path) === value);
}

/**
 * Runs `work` on every item, `lanes` at a time, each lane taking the next item when its last is
 * done. After a failure no lane takes another item; once all have stopped, the first failure is thrown.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (!failure && next < items.length) {
      try {
        await work(items[next++]);
      } catch (error) {
        failure ??= { error };
      }
    }
  }));
  if (failure) throw failure.error;
}

/** The watched store of a test file, made in its beforeAll: its paths, the corpus filled in with them, and the check. */
export interface WatchedStore {
  readonly paths: WatchedPaths;
  /** The corpus with `{store}`, `{root}`, `{secret}` and `{other}` filled in, in its order. */
  readonly payloads: string[];
  /**
   * Nothing around the store appeared, vanished or changed, the store included: the bytes of every
   * file are hashed and compared with those before any test ran whenever a file's identity on disk
   * changed (or `hashing` is 'always'). A write within the same tick of the file system's clock as the
   * file's previous change could keep its times, so each test ends with an 'always' check: a change
   * the identities missed still fails the test, only without naming the payload.
   */
  expectUntouched(what: string, hashing?: 'when changed' | 'always'): void;
}

/** The hostile store with its secrets beside it, made before the calling file's tests ({@link WatchedStore}). */
export function watchedHostileStore(): WatchedStore {
  let paths: WatchedPaths;
  let payloads: string[];
  /** Every file under the store's folder with a hash of its bytes, taken before any test ran. */
  let before: Map<string, string>;
  /** The same files' identities on disk (see {@link identities}) when their bytes were last found to be `before`'s. */
  let unchanged: Map<string, string>;
  beforeAll(async () => {
    const { dir, db } = await hostileStore();
    paths = { store: db, root: dir, secret: join(dir, 'secret', 'passwd.csv'), other: join(dir, 'secret', 'other.duckdb') };
    mkdirSync(join(dir, 'secret'));
    writeFileSync(paths.secret, `marker,value\n${SECRET_MARKER},1\n`);
    const other = await DuckDBInstance.create(paths.other);
    const connection = await other.connect();
    await connection.run(`CREATE TABLE secrets AS SELECT '${SECRET_MARKER}' AS marker`);
    connection.closeSync();
    other.closeSync();
    payloads = INJECTION_CORPUS.map((template) => fillPayload(template, paths));
    unchanged = identities(dir);
    before = snapshot(dir);
  });
  return {
    get paths() { return paths; },
    get payloads() { return payloads; },
    expectUntouched(what, hashing = 'always') {
      const now = identities(paths.root);
      if (hashing === 'when changed' && sameEntries(now, unchanged)) return;
      expect(Object.fromEntries(snapshot(paths.root)), what).toEqual(Object.fromEntries(before));
      unchanged = now;
    },
  };
}
