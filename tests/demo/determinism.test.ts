import { cp, rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/index.ts';
import { cachedGeneration } from '../helpers/cached-generation.ts';
import { hashTree, tempDir } from './helpers.ts';

const OPTIONS = { seed: 42, months: 2, scale: 0.2, asOf: '2026-11-15', partRows: 12_000 };
const SMALL = { ...OPTIONS, months: 1, scale: 0.1 };
const dirs: string[] = [];

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

// One generation of each pair is a test cache (tests/helpers/cached-generation.ts), made
// once per machine by the same code: each test generates afresh and compares with it.
describe('demo determinism', () => {
  it('writes byte-identical files for the same seed, months, scale and as-of', async () => {
    const first = await cachedGeneration(OPTIONS);
    const b = await tempDir('det-b');
    dirs.push(b);
    const second = await generateDemo({ outDir: b, ...OPTIONS });
    const ha = await hashTree(first.dir);
    const hb = await hashTree(b);
    expect(Object.keys(ha).length).toBeGreaterThan(15);
    expect(hb).toEqual(ha);
    expect(second.periods).toEqual(first.periods);
    // Small parts: the reports are split into several numbered files, a second part in each of the two billing periods.
    expect(Object.keys(ha).filter((f) => f.endsWith('-00002.csv.gz')).length).toBe(2);
    expect(Object.keys(ha).filter((f) => f.endsWith('-00002.snappy.parquet')).length).toBe(2);
  });

  it('rewrites the same folder identically and changes with the seed', async () => {
    const a = await tempDir('det-c');
    dirs.push(a);
    await cp((await cachedGeneration(SMALL)).dir, a, { recursive: true });
    const before = await hashTree(a);
    await generateDemo({ outDir: a, ...SMALL });
    expect(await hashTree(a)).toEqual(before);
    await generateDemo({ outDir: a, ...SMALL, seed: 7 });
    const other = await hashTree(a);
    // The same 14 files but for the legacy CUR's assembly ids, which come from the seed.
    const names = (tree: Record<string, string>) => Object.keys(tree).map((f) => f.replace(/\/[0-9a-f-]{36}\//, '/ASSEMBLY/')).sort();
    expect(names(other)).toEqual(names(before));
    expect(names(other)).toHaveLength(14);
    expect(other['truth.json']).not.toEqual(before['truth.json']);
  });
});
