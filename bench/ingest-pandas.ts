/**
 * bench/ingest's end-to-end case: `costlens ingest` of the narrow legacy CUR CSV.gz into an empty
 * store, then `costlens attribute --tag team --period 2026-10 --format csv` (two fresh processes),
 * against pandas reading the same file and summing its cost per value of the same tag
 * (bench/pandas-attribute.py, run with /usr/bin/python3: Debian's python3-pandas). Back to back,
 * `repeat` times; prints the medians, their ratio (target: costlens at least 2× faster) and the
 * peak RSS of each. Skipped, saying so, when /usr/bin/python3 has no pandas.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { median, timed, timedCommand } from './ingest-files.ts';

const PYTHON = '/usr/bin/python3';
/** The narrow file's tag column and the key costlens knows it by, and the cost pandas sums. */
const TAG_COLUMN = 'resourceTags/user:TEAM';
const TAG_KEY = 'team';
const COST_COLUMN = 'lineItem/UnblendedCost';

/** pandas's version under /usr/bin/python3, or undefined when it cannot import pandas. */
function pandasVersion(): string | undefined {
  const run = spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** Runs the end-to-end case on `narrow` (a legacy CUR CSV.gz of one month, October 2026). */
export function pandasCase(root: string, out: string, narrow: string, repeat: number): void {
  const version = pandasVersion();
  if (!version) {
    console.log(`end to end vs pandas: skipped, ${PYTHON} cannot import pandas (on Debian: apt-get install python3-pandas)`);
    return;
  }
  const db = join(out, 'pandas-case.duckdb');
  const removeStore = () => {
    for (const path of [db, `${db}.wal`, `${db}.periods`]) rmSync(path, { recursive: true, force: true });
  };
  const ours: number[] = [];
  const theirs: number[] = [];
  let peaks = { costlens: 0, pandas: 0 };
  let cpu = { costlens: 0, pandas: 0 };
  let values = { costlens: 0, pandas: 0 };
  for (let i = 0; i < repeat; i++) {
    removeStore();
    const ingest = timed(root, ['bin/costlens.js', 'ingest', narrow, '--db', db, '--no-progress']);
    const attribute = timed(root, ['bin/costlens.js', 'attribute', '--tag', TAG_KEY, '--period', '2026-10', '--format', 'csv', '--db', db]);
    const pandas = timedCommand(root, PYTHON, ['bench/pandas-attribute.py', narrow, TAG_COLUMN, COST_COLUMN, join(out, 'pandas-attribute.csv')]);
    ours.push(ingest.seconds + attribute.seconds);
    theirs.push(pandas.seconds);
    peaks = { costlens: Math.max(ingest.peakRssMb, attribute.peakRssMb), pandas: pandas.peakRssMb };
    cpu = { costlens: ingest.cpuSeconds + attribute.cpuSeconds, pandas: pandas.cpuSeconds };
    values = { costlens: attribute.stdout.trim().split('\n').length - 1, pandas: (JSON.parse(pandas.stdout) as { values: number }).values };
  }
  removeStore();
  const ratio = median(theirs) / median(ours);
  console.log(`end to end on the narrow legacy CUR CSV.gz (medians of ${repeat}; runs ${ours.map((s) => s.toFixed(2)).join(", ")} / ${theirs.join(", ")}):`);
  console.log(`  costlens ingest + attribute --tag ${TAG_KEY} --format csv: ${median(ours)} s (CPU ${cpu.costlens.toFixed(1)} s in the last run), peak RSS ${Math.round(peaks.costlens)} MB; ${values.costlens} rows`);
  console.log(`  pandas ${version} read_csv + groupby("${TAG_COLUMN}")["${COST_COLUMN}"].sum(): ${median(theirs)} s (CPU ${cpu.pandas.toFixed(1)} s), peak RSS ${Math.round(peaks.pandas)} MB; ${values.pandas} values`);
  console.log(`  pandas / costlens: ${ratio.toFixed(2)}× in wall time, ${(cpu.pandas / cpu.costlens).toFixed(2)}× in CPU (target ≥ 2×: costlens at least twice as fast)`);
}
