import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSources } from './cached-demo.ts';
import { storeCacheKey } from './cached-stores.ts';
import { scratchDir } from './scratch-dirs.ts';
import { markCacheUsed, removeUnusedCaches, UNUSED_CACHE_MS } from './test-caches.ts';

describe('test caches in the temp folder', () => {
  it('a cache whose entries all went unused for two hours is removed with its entries; one used since (its marker touched, not its store), or not a cache, stays', () => {
    const folder = scratchDir();
    const stale = 'costlens-cached-store-0123456789abcdef.duckdb';
    const used = 'costlens-fixture-store-fedcba9876543210.duckdb';
    const partlyUsed = 'costlens-cached-store-00000000000000aa.duckdb';
    for (const name of [stale, `${stale}.runs.json`, used, partlyUsed, `${partlyUsed}.runs.json`, 'costlens-test-abc123', 'other-file']) writeFileSync(join(folder, name), 'x');
    mkdirSync(join(folder, `${stale}.tmp-42.periods`));
    mkdirSync(join(folder, `${used}.tmp-43.periods`));
    const longAgo = new Date(Date.now() - 2 * UNUSED_CACHE_MS);
    for (const name of readdirSync(folder)) utimesSync(join(folder, name), longAgo, longAgo);

    const storeTime = statSync(join(folder, used)).mtimeMs;
    markCacheUsed(join(folder, used)); // its marker, as builtOnce does on each use
    expect(statSync(join(folder, used)).mtimeMs).toBe(storeTime); // a server reading the store sees no new generation
    const now = new Date();
    utimesSync(join(folder, `${partlyUsed}.runs.json`), now, now); // one recent entry keeps the whole cache
    expect(removeUnusedCaches(UNUSED_CACHE_MS, folder)).toEqual(['costlens-cached-store-0123456789abcdef']);
    expect(readdirSync(folder).sort()).toEqual([
      'costlens-cached-store-00000000000000aa.duckdb', 'costlens-cached-store-00000000000000aa.duckdb.runs.json',
      'costlens-fixture-store-fedcba9876543210.duckdb', 'costlens-fixture-store-fedcba9876543210.duckdb.tmp-43.periods', 'costlens-fixture-store-fedcba9876543210.used',
      'costlens-test-abc123', 'other-file',
    ]);
  });

  it("a cached store's key follows the files it ingests (rewritten at the same path, one added to a folder), and only them", () => {
    const dir = scratchDir();
    const bill = join(dir, 'bill.csv');
    const folder = join(dir, 'cur2');
    mkdirSync(folder);
    writeFileSync(bill, 'a,b\n1,2\n');
    writeFileSync(join(folder, 'part-1.csv'), 'a\n1\n');
    const first = storeCacheKey([[bill], [folder]]);
    expect(storeCacheKey([[bill], [folder]])).toBe(first); // the same files: the cache is reused

    const cachedFolderUse = new Date(Date.now() + 60_000);
    utimesSync(folder, cachedFolderUse, cachedFolderUse); // a folder's own time, which markCacheUsed moves on each use of a cached folder
    expect(storeCacheKey([[bill], [folder]])).toBe(first);

    writeFileSync(bill, 'a,b\n1,3\n'); // same path and size, another bill
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(bill, earlier, earlier);
    const rewritten = storeCacheKey([[bill], [folder]]);
    expect(rewritten).not.toBe(first);

    writeFileSync(join(folder, 'part-2.csv'), 'a\n2\n');
    expect(storeCacheKey([[bill], [folder]])).not.toBe(rewritten);
  });

  it("the demo's key covers every source file the generator runs (what esbuild bundles of src/demo/index.ts)", async () => {
    const { build } = await import('esbuild');
    const bundled = await build({ entryPoints: ['src/demo/index.ts'], bundle: true, write: false, platform: 'node', format: 'esm', metafile: true, packages: 'external', logLevel: 'silent' });
    const runs = Object.keys(bundled.metafile.inputs).sort();
    expect(runs).toContain('src/store/duckdb-strings.ts');
    expect(demoSources()).toEqual(expect.arrayContaining(runs));
  });
});
