import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './scratch-dirs.ts';
import { markCacheUsed, removeUnusedCaches, UNUSED_CACHE_MS } from './test-caches.ts';

describe('test caches in the temp folder', () => {
  it('a cache whose entries all went unused for two hours is removed with its entries; one used since, or not a cache, stays', () => {
    const folder = scratchDir();
    const stale = 'costlens-cached-store-0123456789abcdef.duckdb';
    const used = 'costlens-fixture-store-fedcba9876543210.duckdb';
    const partlyUsed = 'costlens-cached-store-00000000000000aa.duckdb';
    for (const name of [stale, `${stale}.runs.json`, used, partlyUsed, `${partlyUsed}.runs.json`, 'costlens-test-abc123', 'other-file']) writeFileSync(join(folder, name), 'x');
    mkdirSync(join(folder, `${stale}.tmp-42.periods`));
    mkdirSync(join(folder, `${used}.tmp-43.periods`));
    const longAgo = new Date(Date.now() - 2 * UNUSED_CACHE_MS);
    for (const name of readdirSync(folder)) utimesSync(join(folder, name), longAgo, longAgo);

    markCacheUsed(join(folder, used)); // the store and its period files, as builtOnce does on each use
    const now = new Date();
    utimesSync(join(folder, `${partlyUsed}.runs.json`), now, now); // one recent entry keeps the whole cache
    expect(removeUnusedCaches(UNUSED_CACHE_MS, folder)).toEqual(['costlens-cached-store-0123456789abcdef']);
    expect(readdirSync(folder).sort()).toEqual([
      'costlens-cached-store-00000000000000aa.duckdb', 'costlens-cached-store-00000000000000aa.duckdb.runs.json',
      'costlens-fixture-store-fedcba9876543210.duckdb', 'costlens-fixture-store-fedcba9876543210.duckdb.tmp-43.periods', 'costlens-test-abc123', 'other-file',
    ]);
  });
});
