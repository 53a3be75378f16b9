import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo, type DemoOptions } from '../../src/demo/index.ts';
import { installedPackages } from './cache-inputs.ts';
import { importClosure } from './import-closure.ts';
import { sourceHash } from './source-hash.ts';
import { markCacheUsed } from './test-caches.ts';

let demoClosure: string[] | undefined;

/** The code a generated demo depends on: src/demo/index.ts and every module it imports, transitively (tests/helpers/import-closure.ts). */
export function demoSources(): string[] {
  demoClosure ??= importClosure('src/demo/index.ts');
  return demoClosure;
}

/**
 * What decides the bytes of a demo generated with given options, besides them: the generator's
 * code ({@link demoSources}), the installed packages (DuckDB writes its Parquet) and Node's zlib
 * (its gzip). Stable between runs of the same source.
 */
export function demoGeneratorKey(): unknown[] {
  return [sourceHash(demoSources()), installedPackages(), process.versions.node, process.versions.zlib];
}

/**
 * The folder of a demo generated with `options`, generated once and cached in the temp folder,
 * keyed by the options and {@link demoGeneratorKey} (written aside and renamed into place, so a
 * concurrent run never sees half a demo). Callers only read it.
 */
export async function cachedDemo(options: Omit<DemoOptions, 'outDir'>): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify([options, demoGeneratorKey()])).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `costlens-test-demo-${key}`);
  if (existsSync(join(dir, 'truth.json'))) {
    markCacheUsed(dir);
    return dir;
  }
  const scratch = `${dir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  await generateDemo({ outDir: scratch, ...options });
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another process renamed its copy first
  }
  return dir;
}
