/**
 * The test caches in the temp folder (helpers/cached-stores.ts, cached-demo.ts, parquet-parts.ts,
 * optimisation/fixtures.ts) are keyed by their inputs and the source they depend on, so every
 * change to that source makes new ones (a day of work on src/ made over 700). Each use marks its
 * cache as used (a marker beside it, `<cache>.used`, its time set to now; never the store's own time,
 * which a server follows as the store's generation: a file touching a store another file's server
 * reads made that server see a new generation and miss its caches), and the global setup removes the caches no run has
 * used for two hours: a run marks what it uses at every use and lasts minutes, so a cache in use is
 * never removed. Without that, the temp folder of a working machine filled with stale stores (GBs).
 */
import { closeSync, openSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** A cache's entries: `costlens-<kind>-<16 hex key>` and what sits beside it under the same name. */
const CACHE_ENTRY = /^(costlens-(?:cached-store|fixture-store|fixture|parquet-parts|test-demo)-[0-9a-f]{16})/;

/** How long a cache may go unused before the global setup removes it. */
export const UNUSED_CACHE_MS = 2 * 60 * 60_000;

/** Marks the cache at `target` as used now: its marker beside it (`<cache>.used`), created on first use; the cache's own entries keep their times. */
export function markCacheUsed(target: string): void {
  const name = CACHE_ENTRY.exec(basename(target))?.[1];
  if (name === undefined) return;
  const marker = join(dirname(target), `${name}.used`);
  const now = new Date();
  closeSync(openSync(marker, 'a'));
  utimesSync(marker, now, now);
}

/** Removes every cache in the temp folder whose entries have all gone unused for `unusedMs`. */
export function removeUnusedCaches(unusedMs = UNUSED_CACHE_MS, folder = tmpdir()): string[] {
  const lastUse = new Map<string, number>();
  for (const entry of readdirSync(folder)) {
    const name = CACHE_ENTRY.exec(entry)?.[1];
    if (name === undefined) continue;
    let time = Date.now();
    try {
      time = statSync(join(folder, entry)).mtimeMs;
    } catch {
      // removed meanwhile: counts as in use
    }
    lastUse.set(name, Math.max(lastUse.get(name) ?? 0, time));
  }
  const stale = [...lastUse].filter(([, time]) => time < Date.now() - unusedMs).map(([name]) => name);
  for (const entry of readdirSync(folder)) {
    const name = CACHE_ENTRY.exec(entry)?.[1];
    if (name !== undefined && stale.includes(name)) rmSync(join(folder, entry), { recursive: true, force: true });
  }
  return stale;
}
