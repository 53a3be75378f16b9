import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo, type DemoOptions } from '../../src/demo/index.ts';
import { sourceHash } from './source-hash.ts';
import { markCacheUsed } from './test-caches.ts';

/** The code a generated demo depends on (src/demo and what it imports). */
const DEMO_SOURCES = ['src/demo', 'src/cur-columns', 'src/lib', 'src/errors.ts', 'src/store/duckdb-settings.ts'];

/**
 * The folder of a demo generated with `options`, generated once and cached in the temp folder,
 * keyed by the options and the generator's source (written aside and renamed into place, so a
 * concurrent run never sees half a demo). Callers only read it.
 */
export async function cachedDemo(options: Omit<DemoOptions, 'outDir'>): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(options)).update(sourceHash(DEMO_SOURCES)).digest('hex').slice(0, 16);
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
