/**
 * bench/ingest: times `costlens ingest` against raw DuckDB (CREATE TABLE AS SELECT * FROM
 * read_csv/read_parquet) on the same demo files, in one run, each in a fresh process measured
 * by /usr/bin/time (wall seconds, peak RSS). Prints rows/s, the ratio and peak RSS.
 *
 * Usage: npm run bench:ingest -- [--scale N] [--keep]
 * Target (README): ingest ≤ 1.5× raw DuckDB, peak RSS < 2 GiB, at ≥ 2 million line items.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCur2Manifest, isLegacyPeriodManifest, readCur2Manifest, readLegacyManifest } from '../src/ingest/manifests.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '24' }, keep: { type: 'boolean' } } });
const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench/out');
const demo = join(out, `demo-scale-${values.scale}`);
const node = process.execPath;

interface Measured { seconds: number; peakRssMb: number; stdout: string }

function timed(args: string[]): Measured {
  const run = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', node, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  const match = /__TIME__ ([\d.]+) (\d+)/.exec(run.stderr);
  if (!match) throw new Error(`no timing in: ${run.stderr}`);
  return { seconds: Number(match[1]), peakRssMb: Number(match[2]) / 1024, stdout: run.stdout };
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (pattern.test(e.name)) found.push(full);
    }
  };
  visit(dir);
  return found.sort();
}

mkdirSync(out, { recursive: true });
if (!existsSync(join(demo, 'truth.json'))) {
  process.stderr.write(`generating the demo at scale ${values.scale} (one month) …\n`);
  const gen = timed(['bin/costlens.js', 'demo', '--out', demo, '--months', '1', '--scale', String(values.scale), '--as-of', '2026-10-31']);
  process.stderr.write(`  generated in ${gen.seconds.toFixed(1)} s\n`);
}

/** The data files the current manifests list: exactly what an ingest loads (no stale assembly). */
const manifestFiles = (root: string, isManifest: (path: string) => boolean, read: (path: string) => { files: string[] }) =>
  filesUnder(root, /-Manifest\.json$/).filter(isManifest).flatMap((m) => read(m).files);

const cases = [
  { name: 'legacy CUR CSV.gz', folder: join(demo, 'legacy-cur'), kind: 'csv', files: manifestFiles(join(demo, 'legacy-cur'), isLegacyPeriodManifest, readLegacyManifest) },
  { name: 'CUR 2.0 Parquet', folder: join(demo, 'cur2'), kind: 'parquet', files: manifestFiles(join(demo, 'cur2'), isCur2Manifest, readCur2Manifest) },
];

const results = [];
for (const c of cases) {
  const manifestFiles = c.files;
  const bytes = manifestFiles.reduce((n, f) => n + statSync(f).size, 0);
  const ourDb = join(out, 'costlens.duckdb');
  const rawDb = join(out, 'raw.duckdb');
  for (const db of [ourDb, rawDb]) rmSync(db, { force: true }), rmSync(`${db}.wal`, { force: true });
  const raw = timed(['bin/run-ts.js', 'bench/raw-duckdb.ts', c.kind, rawDb, ...manifestFiles]);
  const ours = timed(['bin/costlens.js', 'ingest', c.folder, '--db', ourDb, '--json']);
  const rows = JSON.parse(raw.stdout).rows as number;
  const summary = JSON.parse(ours.stdout) as { periods: { rows: number }[] };
  const ourRows = summary.periods.reduce((n, p) => n + p.rows, 0);
  results.push({
    case: c.name,
    files: manifestFiles.length,
    mb: (bytes / 1e6).toFixed(0),
    rows: ourRows,
    rawRows: rows,
    costlensSeconds: ours.seconds,
    rawSeconds: raw.seconds,
    ratio: (ours.seconds / raw.seconds).toFixed(2),
    costlensRowsPerSecond: Math.round(ourRows / ours.seconds),
    rawRowsPerSecond: Math.round(rows / raw.seconds),
    costlensPeakRssMb: Math.round(ours.peakRssMb),
    rawPeakRssMb: Math.round(raw.peakRssMb),
  });
}
console.table(results);
for (const r of results) {
  console.log(`${r.case}: ${r.rows.toLocaleString('en-US')} line items; costlens ${r.costlensSeconds} s vs raw DuckDB ${r.rawSeconds} s = ${r.ratio}× (target ≤ 1.5×); peak RSS ${r.costlensPeakRssMb} MB (target < 2048 MB)`);
}
if (!values.keep) rmSync(join(out, 'costlens.duckdb'), { force: true });
