/**
 * bench/ingest, two parts, each measured back to back in fresh processes under /usr/bin/time:
 *
 * 1. `costlens ingest` against raw DuckDB (CREATE TABLE AS SELECT * FROM read_csv/read_parquet)
 *    on the same files: a narrow legacy CUR CSV.gz (19 columns), the demo's wide one (102
 *    columns) and the CUR 2.0 Parquet export of a one-month demo. Prints rows/s, the ratio
 *    (target ≤ 1.2×) and peak RSS (target < 2 GiB).
 * 2. A small delivery into a big store: one day of October (the lines of a legacy CUR month whose
 *    usage starts on 1 October, as AWS delivers the month to date on the 2nd) ingested into a
 *    store holding 12 months of a demo (~3 million lines), against the same delivery into an
 *    empty store (target ≤ 1.5×), and the disk the ingest added to the big store.
 * 3. End to end against pandas (bench/ingest-pandas.ts): ingest + attribute of the narrow file.
 *
 * Every case also prints CPU seconds (user + system, all threads), which other work on the
 * machine disturbs far less than wall time.
 *
 * Usage: npm run bench:ingest -- [--scale 10] [--store-scale 2.5] [--repeat 3] [--only raw|delivery|pandas] [--case narrow|wide|parquet] [--keep]
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCur2Manifest, readCur2Manifest } from '../src/ingest/manifests.ts';
import { pandasCase } from './ingest-pandas.ts';
import { filesUnder, legacyManifestFiles, median, storeBytes, timed, writeNarrow, writeOneDay } from './ingest-files.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' }, 'store-scale': { type: 'string', default: '2.5' }, repeat: { type: 'string', default: '3' },
    only: { type: 'string' }, case: { type: 'string' }, keep: { type: 'boolean' },
  },
});
const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench/out');
const repeat = Number(values.repeat);
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const removeStore = (db: string) => {
  for (const path of [db, `${db}.wal`, `${db}.periods`]) rmSync(path, { recursive: true, force: true });
};

/** Generates (once) a demo of `months` months at `scale`, as of 31 October 2026. */
function demo(months: number, scale: string): string {
  const dir = join(out, `demo-${months}m-scale-${scale}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    process.stderr.write(`generating a ${months}-month demo at scale ${scale} …\n`);
    timed(root, ['bin/costlens.js', 'demo', '--out', dir, '--months', String(months), '--scale', scale, '--as-of', '2026-10-31']);
  }
  return dir;
}

/** Ingests `paths` into `db` (--verbose): seconds, rows and the phase line. */
function ingest(db: string, paths: string[]) {
  const run = timed(root, ['bin/costlens.js', 'ingest', ...paths, '--db', db, '--json', '--verbose', '--no-progress']);
  const rows = (JSON.parse(run.stdout) as { periods: { rows: number }[] }).periods.reduce((n, p) => n + p.rows, 0);
  return { seconds: run.seconds, cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb, rows, phases: /time per phase: (.*)/.exec(run.stderr)?.[1] ?? '' };
}

/** The one-month demo's wide legacy CUR file and the narrow one cut from it. */
async function legacyFiles(): Promise<{ month: string; wide: string; narrow: string }> {
  const month = demo(1, values.scale);
  const [wide] = legacyManifestFiles(join(month, 'legacy-cur'));
  const narrow = join(out, `narrow-scale-${values.scale}.csv.gz`);
  await writeNarrow(wide, narrow);
  return { month, wide, narrow };
}

async function rawRatios(): Promise<void> {
  const { month, wide, narrow } = await legacyFiles();
  const cur2 = filesUnder(join(month, 'cur2'), /-Manifest\.json$/).filter(isCur2Manifest).flatMap((m) => readCur2Manifest(m).files);
  const cases = [
    { key: 'narrow', name: 'narrow legacy CUR CSV.gz (19 columns)', kind: 'csv', files: [narrow] },
    { key: 'wide', name: 'wide legacy CUR CSV.gz (102 columns)', kind: 'csv', files: [wide] },
    { key: 'parquet', name: 'CUR 2.0 Parquet', kind: 'parquet', files: cur2 },
  ].filter((c) => values.case === undefined || c.key === values.case);
  const results = [];
  for (const c of cases) {
    const ourDb = join(out, 'costlens.duckdb');
    const rawDb = join(out, 'raw.duckdb');
    const raws: number[] = [];
    const ours: number[] = [];
    const rawCpu: number[] = [];
    const ourCpu: number[] = [];
    let last;
    let rawPeak = 0;
    for (let i = 0; i < repeat; i++) {
      removeStore(ourDb), removeStore(rawDb);
      const raw = timed(root, ['bin/run-ts.js', 'bench/raw-duckdb.ts', c.kind, rawDb, ...c.files]);
      raws.push(raw.seconds), rawCpu.push(raw.cpuSeconds), (rawPeak = raw.peakRssMb);
      last = ingest(ourDb, c.files);
      ours.push(last.seconds), ourCpu.push(last.cpuSeconds);
    }
    removeStore(ourDb), removeStore(rawDb);
    results.push({
      case: c.name, mb: mb(c.files.reduce((n, f) => n + statSync(f).size, 0)), rows: last!.rows,
      costlensSeconds: median(ours), rawSeconds: median(raws), ratio: (median(ours) / median(raws)).toFixed(2),
      cpuRatio: (median(ourCpu) / median(rawCpu)).toFixed(2),
      costlensRowsPerSecond: Math.round(last!.rows / median(ours)), peakRssMb: Math.round(last!.peakRssMb), rawPeakRssMb: Math.round(rawPeak), phases: last!.phases,
      runs: `${ours.join(', ')} / ${raws.join(', ')}`, cpu: `${median(ourCpu)} / ${median(rawCpu)}`,
    });
  }
  console.table(results.map(({ phases: _phases, runs: _runs, cpu: _cpu, ...r }) => r));
  for (const r of results) {
    console.log(`${r.case}: ${r.rows.toLocaleString('en-US')} lines; costlens ${r.costlensSeconds} s vs raw DuckDB ${r.rawSeconds} s = ${r.ratio}× (target ≤ 1.2×; runs ${r.runs});`
      + ` CPU ${r.cpu} s = ${r.cpuRatio}×; peak RSS ${r.peakRssMb} MB / ${r.rawPeakRssMb} MB; phases of the last run: ${r.phases}`);
  }
}

async function smallDelivery(): Promise<void> {
  const year = demo(12, values['store-scale']);
  const months = legacyManifestFiles(join(year, 'legacy-cur'));
  const big = join(out, `store-12m-scale-${values['store-scale']}.duckdb`);
  if (!existsSync(big)) {
    process.stderr.write(`ingesting 12 months into ${big} …\n`);
    const built = ingest(big, months);
    process.stderr.write(`  ${built.rows.toLocaleString('en-US')} lines in ${built.seconds} s\n`);
  }
  const delivery = join(out, 'delivery-2026-10-01.csv.gz');
  await writeOneDay(months.at(-1)!, '2026-10-01', delivery);
  const empty = join(out, 'delivery-empty.duckdb');
  const copy = join(out, 'delivery-big.duckdb');
  const intoEmpty: number[] = [];
  const intoBig: number[] = [];
  let added = 0;
  let phases = { empty: '', big: '' };
  let rows = 0;
  for (let i = 0; i < repeat; i++) {
    removeStore(empty), removeStore(copy);
    const e = ingest(empty, [delivery]);
    copyFileSync(big, copy); // the catalogue: the copy reads the big store's period files and writes its own
    const before = statSync(copy).size;
    const b = ingest(copy, [delivery]);
    added = storeBytes(copy) - before;
    intoEmpty.push(e.seconds), intoBig.push(b.seconds);
    phases = { empty: e.phases, big: b.phases };
    rows = b.rows;
  }
  const bigBytes = storeBytes(big);
  console.log(`one day's delivery (${rows.toLocaleString('en-US')} lines, ${mb(statSync(delivery).size)} MB) into a store of 12 months (${mb(bigBytes)} MB on disk):`);
  console.log(`  into the 12-month store ${median(intoBig)} s vs an empty store ${median(intoEmpty)} s = ${(median(intoBig) / median(intoEmpty)).toFixed(2)}× (target ≤ 1.5×; medians of ${repeat}, runs ${intoBig.join(', ')} / ${intoEmpty.join(', ')})`);
  console.log(`  extra disk: ${mb(added)} MB (new period files and catalogue growth; the replaced October files stay until a writer finds them retired for 15 min)`);
  console.log(`  phases into the 12-month store: ${phases.big}\n  phases into an empty store:    ${phases.empty}`);
  if (!values.keep) removeStore(empty), removeStore(copy);
}

mkdirSync(out, { recursive: true });
timed(root, ['bin/costlens.js', '--version']); // builds the CLI's bundle (bin/cli-bundle.js) if the sources changed, outside the timings
if (values.only === undefined || values.only === 'raw') await rawRatios();
if (values.only === undefined || values.only === 'delivery') await smallDelivery();
if (values.only === undefined || values.only === 'pandas') pandasCase(root, out, (await legacyFiles()).narrow, repeat);
