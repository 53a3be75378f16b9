/**
 * Stores that many test files need (the shared demo ingested, the real 2018 files ingested) are
 * built once, not once per file: each is cached in the temp folder, keyed by its ingest commands
 * (the paths each `costlens ingest` is given), the state of the files they name (each file's size
 * and time, a folder's files: tests/helpers/cache-inputs.ts), every source file under src/ and the
 * installed packages (package-lock.json, the DuckDB library), so any change to a file ingested, to
 * ingest or store code or to DuckDB builds it again. The first process to need a store builds it under a
 * lock while the others wait; callers then read the cached file or take a private copy to write.
 * Each `costlens ingest` runs with `--json`, and what it printed is kept beside the store
 * (`<store>.runs.json`), so a test that checks an ingest's summary reads it instead of ingesting again.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { installedPackages, statesOfPaths } from './cache-inputs.ts';
import { costlens, type CliRun } from './cli.ts';
import { scratchDir } from './scratch-dirs.ts';
import { sourceHash } from './source-hash.ts';
import { markCacheUsed } from './test-caches.ts';

const BUILD_WAIT_MS = 15 * 60_000;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the build lock, or returns false while a live process holds it (a dead holder's lock is removed). */
function tryLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    let holder = NaN;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
    } catch {
      return false; // released meanwhile: look again
    }
    if (Number.isInteger(holder) && holder > 0 && !processIsAlive(holder)) rmSync(lock, { force: true });
    return false;
  }
}

/**
 * Makes `target` (a file or a folder) once for every process on the machine: the first process to
 * need it runs `build` into a scratch path beside it, under a lock, and renames the result into
 * place; the others wait for it (bounded; a dead builder's lock is taken over). Returns `target`.
 * `target` must be named by a key of everything that decides its content.
 */
export async function builtOnce(target: string, build: (scratch: string) => Promise<void>): Promise<string> {
  const lock = `${target}.building`;
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (!existsSync(target)) {
    if (tryLock(lock)) {
      try {
        if (existsSync(target)) break;
        const scratch = `${target}.tmp-${process.pid}`;
        rmSync(scratch, { recursive: true, force: true });
        await build(scratch);
        renameSync(scratch, target);
      } finally {
        rmSync(lock, { force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`waited ${BUILD_WAIT_MS / 60_000} min for another process to build ${target}`);
      await sleep(250);
    }
  }
  markCacheUsed(target);
  return target;
}

/** The key of {@link cachedStore}`(ingests)`: the paths, their files' state, the source under src/ and the installed packages. */
export function storeCacheKey(ingests: readonly (readonly string[])[]): string {
  return createHash('sha256')
    .update(JSON.stringify([ingests, ingests.map(statesOfPaths), '--json', sourceHash(['src']), installedPackages()]))
    .digest('hex').slice(0, 16);
}

/**
 * The path of the cached store made by running `costlens ingest` once per entry of `ingests`
 * (each a list of absolute paths), in order, into an empty store. Callers only read it; use
 * {@link storeCopy} to write.
 */
export async function cachedStore(ingests: readonly (readonly string[])[]): Promise<string> {
  const target = join(tmpdir(), `costlens-cached-store-${storeCacheKey(ingests)}.duckdb`);
  return builtOnce(target, async (scratch) => {
    const runs: CliRun[] = [];
    for (const paths of ingests) {
      const run = await costlens(scratch, 'ingest', ...paths, '--json');
      if (run.code !== 0) throw new Error(`costlens ingest ${paths.join(' ')} failed: ${run.stderr}`);
      runs.push(run);
    }
    writeFileSync(`${target}.runs.json`, JSON.stringify(runs)); // before the store is renamed into place, which says it is complete
  });
}

/**
 * What each `costlens ingest … --json` that built {@link cachedStore}`(ingests)` returned (exit
 * code, stdout, stderr), in order: the runs a test of an ingest's summary would otherwise repeat.
 */
export async function cachedIngestRuns(ingests: readonly (readonly string[])[]): Promise<CliRun[]> {
  return JSON.parse(readFileSync(`${await cachedStore(ingests)}.runs.json`, 'utf8')) as CliRun[];
}

/** A private copy of {@link cachedStore} (`store.duckdb` in a fresh temporary folder, removed when the test file ends), which the caller may write to. */
export async function storeCopy(ingests: readonly (readonly string[])[]): Promise<{ dir: string; db: string }> {
  const cached = await cachedStore(ingests);
  const dir = scratchDir();
  const db = join(dir, 'store.duckdb');
  copyFileSync(cached, db);
  return { dir, db };
}

/** The cached store of the shared demo's `files` (relative to `demoDir`) ingested in one `costlens ingest`. */
export function cachedDemoStore(demoDir: string, files: readonly string[]): Promise<string> {
  return cachedStore([files.map((file) => join(demoDir, file))]);
}

/** A private copy of {@link cachedDemoStore}, which the caller may write to. */
export function demoStoreCopy(demoDir: string, files: readonly string[]): Promise<{ dir: string; db: string }> {
  return storeCopy([files.map((file) => join(demoDir, file))]);
}
