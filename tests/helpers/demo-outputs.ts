/**
 * The demo generated for tests/demo/outputs*.test.ts (two billing periods, a full October and
 * November up to the 14th, half-size organisation; cached per machine: tests/helpers/cached-demo.ts),
 * its truth.json, the files its manifests list, and an in-memory DuckDB that reads them, with each
 * period's legacy CSV and metrics.csv read into tables once when a file asks many questions of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll } from 'vitest';
import { duck, lit, litList } from '../demo/helpers.ts';
import { cachedDemo } from './cached-demo.ts';

/** The demo's options: two billing periods (a full October, November up to the 14th), half-size organisation. */
export const DEMO_OUTPUT_OPTIONS = { seed: 42, months: 2, scale: 0.5, asOf: '2026-11-15', partRows: 25_000 };

/** A billing period's folder in the legacy CUR's report path (`20261001-20261101`). */
export const periodFolder = (p: string): string => {
  const [y, m] = p.split('-').map(Number);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}${pad(m)}01-${m === 12 ? y + 1 : y}${pad(m === 12 ? 1 : m + 1)}01`;
};
/* eslint-disable @typescript-eslint/no-explicit-any */
/** The legacy CUR manifest of billing period `p` in the demo at `out`. */
export const legacyManifestOf = (out: string, p: string): any => JSON.parse(readFileSync(join(out, 'legacy-cur/reports/costlens-demo', periodFolder(p), 'costlens-demo-Manifest.json'), 'utf8'));
/** The CUR 2.0 (Data Exports) manifest of billing period `p` in the demo at `out`. */
export const cur2ManifestOf = (out: string, p: string): any => JSON.parse(readFileSync(join(out, `cur2/exports/costlens-demo-cur2/metadata/BILLING_PERIOD=${p}/costlens-demo-cur2-Manifest.json`), 'utf8'));
/** SQL reading the legacy CSV `files` as text. */
export const csv = (files: string[]): string => `read_csv(${litList(files)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
/** The table holding `csv(legacyFiles[p])` (read once: most tests ask several questions of one period's CSV). */
export const legacyLines = (p: string): string => `legacy_${p.replace('-', '_')}`;
/** The table holding metrics.csv as `read_csv` reads it (read once, asked about each idle and busy resource). */
export const METRICS = 'metrics';
/** SQL reading the Parquet `files`; hive_partitioning off: the BILLING_PERIOD= folder is not a column of the files. */
export const parquet = (files: string[]): string => `read_parquet(${litList(files)}, hive_partitioning = false)`;
/** Exact decimal strings to scaled BigInt (10 decimals). */
export const dec = (s: string): bigint => {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i) * 10n ** 10n + BigInt((f + '0000000000').slice(0, 10));
  return neg ? -v : v;
};
/** The first line of a gzipped file. */
export const firstLine = (gz: string): string => gunzipSync(readFileSync(gz)).toString('utf8').split('\n', 1)[0];

/** The demo's folder, truth.json, the files its manifests list per period, and the DuckDB that reads them (the caller closes it). */
export interface DemoOutputs {
  out: string;
  truth: any;
  db: Awaited<ReturnType<typeof duck>>;
  legacyFiles: Record<string, string[]>;
  cur2Files: Record<string, string[]>;
}

/** {@link DemoOutputs}, with the tables asked for read in: each period's legacy CSV ({@link legacyLines}), metrics.csv ({@link METRICS}). */
export async function demoOutputs(tables: { legacyLines?: boolean; metrics?: boolean }): Promise<DemoOutputs> {
  const out = await cachedDemo(DEMO_OUTPUT_OPTIONS);
  const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
  const db = await duck();
  const legacyFiles: Record<string, string[]> = {};
  const cur2Files: Record<string, string[]> = {};
  for (const p of Object.keys(truth.periods)) {
    legacyFiles[p] = legacyManifestOf(out, p).reportKeys.map((k: string) => join(out, 'legacy-cur', k));
    cur2Files[p] = cur2ManifestOf(out, p).dataFiles.map((u: string) => join(out, 'cur2', u.replace(/^s3:\/\/[^/]+\//, '')));
    if (tables.legacyLines) await db.q(`CREATE TABLE ${legacyLines(p)} AS SELECT * FROM ${csv(legacyFiles[p])}`);
  }
  if (tables.metrics) await db.q(`CREATE TABLE ${METRICS} AS SELECT * FROM read_csv(${lit(join(out, 'metrics.csv'))})`);
  return { out, truth, db, legacyFiles, cur2Files };
}

/**
 * {@link demoOutputs} for the test file that calls this at its top level: filled in before its tests run
 * (its fields are unset until then), its DuckDB closed after them.
 */
export function demoOutputsOfThisFile(tables: { legacyLines?: boolean; metrics?: boolean }): DemoOutputs {
  const demo = {} as DemoOutputs;
  beforeAll(async () => {
    Object.assign(demo, await demoOutputs(tables));
  });
  afterAll(() => {
    demo.db?.close();
  });
  return demo;
}
