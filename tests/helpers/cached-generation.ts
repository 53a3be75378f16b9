/**
 * A demo generated once per machine for the determinism tests: the folder `generateDemo` wrote and
 * the billing periods it returned, a test cache in the temp folder keyed by the options and what
 * tests/helpers/cached-demo.ts keys the shared demo by (demoGeneratorKey: the generator's source,
 * the installed packages, Node's zlib: what decides the bytes), so a fresh generation with the same options must
 * equal it byte for byte. Callers only read it (copy it to write over it).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo, type DemoOptions, type DemoPeriodSummary } from '../../src/demo/index.ts';
import { builtOnce } from './cached-stores.ts';
import { demoGeneratorKey } from './cached-demo.ts';

/** The cached generation of `options`: its folder, and the periods `generateDemo` returned for it. */
export async function cachedGeneration(options: Omit<DemoOptions, 'outDir'>): Promise<{ dir: string; periods: DemoPeriodSummary[] }> {
  const key = createHash('sha256')
    .update(JSON.stringify(['generation', options, demoGeneratorKey()]))
    .digest('hex').slice(0, 16);
  const folder = await builtOnce(join(tmpdir(), `costlens-fixture-${key}`), async (scratch) => {
    mkdirSync(scratch, { recursive: true });
    const summary = await generateDemo({ outDir: join(scratch, 'demo'), ...options });
    writeFileSync(join(scratch, 'periods.json'), JSON.stringify(summary.periods));
  });
  return { dir: join(folder, 'demo'), periods: JSON.parse(readFileSync(join(folder, 'periods.json'), 'utf8')) as DemoPeriodSummary[] };
}
