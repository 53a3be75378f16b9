/**
 * bench/forecast: a backtest of the month-end forecast. For every complete month of the real 2018
 * CURs (../shared/data/real) and of the demo, it rebuilds the store as it stood at the end of
 * the 8th, 15th and 22nd (only the lines whose charge period had ended by then: month-long fees
 * and tax post at month end), forecasts the month with each method, and prints the error against
 * the month as billed (BilledCost), with the mean absolute error per method. "usage only" is the
 * same forecast without the recurring fees and tax it expects (what costlens forecast did before).
 *
 * Usage: node bin/run-ts.js bench/forecast.ts [--days 8,15,22]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { forecastMonthEnd } from '../src/analyze/forecast/month-end.ts';
import { parseConfig } from '../src/config.ts';
import { DuckDBEngine } from '../src/engine/duckdb-engine.ts';
import { addDays, monthEnd } from '../src/lib/calendar.ts';
import { openStore } from '../src/store/open.ts';
import { ROLLUPS } from '../src/store/rollups.ts';
import { rollupInsert } from '../src/store/rollup.ts';
import { rebuildViews } from '../src/store/period-files.ts';

const { values } = parseArgs({ options: { days: { type: 'string', default: '8,15,22' } } });
const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench/out/forecast');
const real = resolve(root, '../shared/data/real');
mkdirSync(out, { recursive: true });
const asOfDays = values.days.split(',').map(Number);

function costlens(args: string[]): void {
  const result = spawnSync(process.execPath, ['bin/costlens.js', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`costlens ${args.join(' ')} failed`);
}

/** The datasets: a store each, built once. */
function datasets(): { name: string; db: string }[] {
  const sets: { name: string; db: string; build: () => void }[] = [
    {
      name: 'real 2018 (CUR for Athena)',
      db: join(out, 'real-2018.duckdb'),
      build: () => costlens(['ingest', join(real, 'cur-athena-parquet-2018-10.snappy.parquet'), join(real, 'cur-athena-parquet-2018-11.snappy.parquet'), '--db', join(out, 'real-2018.duckdb')]),
    },
    {
      name: 'demo (seed 42, 4 months)',
      db: join(out, 'demo.duckdb'),
      build: () => {
        const demo = join(out, 'demo-files');
        costlens(['demo', '--out', demo, '--months', '4', '--as-of', '2026-12-01']);
        costlens(['ingest', join(demo, 'cur2'), '--db', join(out, 'demo.duckdb')]);
      },
    },
  ];
  for (const set of sets) {
    if (!existsSync(set.db)) {
      process.stderr.write(`building ${set.name} …\n`);
      set.build();
    }
  }
  return sets;
}

/** A copy of the store holding only the lines whose charge period had ended by the end of `asOf`, rollups rebuilt. */
async function storeAsOf(db: string, asOf: string): Promise<string> {
  const copy = join(out, `as-of-${asOf}.duckdb`);
  rmSync(copy, { force: true });
  copyFileSync(db, copy);
  const store = await openStore(copy);
  const c = store.connection;
  // the lines kept move into line_items_inline (the period files stay the original store's) and the rollups are rebuilt from them
  await c.run(`CREATE TEMP TABLE kept AS SELECT * FROM line_items WHERE ChargePeriodEnd IS NULL OR ChargePeriodEnd <= CAST($next AS TIMESTAMP)`, { next: addDays(asOf, 1) });
  await c.run('DELETE FROM period_files');
  await c.run('DELETE FROM line_items_inline');
  await c.run('INSERT INTO line_items_inline BY NAME SELECT * FROM kept');
  await rebuildViews(c);
  for (const rollup of ROLLUPS) {
    await c.run(`DELETE FROM ${rollup.table}_inline`);
    await c.run(rollupInsert(rollup, `${rollup.table}_inline`, 'line_items_inline'));
  }
  store.close();
  return copy;
}

interface Trial { dataset: string; month: string; asOf: string; actual: number; errors: Record<string, number> }

const methods = ['linear', 'mean'] as const;
const trials: Trial[] = [];
for (const set of datasets()) {
  const full = await openStore(set.db, { readOnly: true });
  const months = (await full.connection.runAndReadAll(`SELECT x_BillingPeriod, CAST(sum(BilledCost) AS DOUBLE),
      CAST(CAST(max(ChargePeriodEnd) FILTER (WHERE x_ChargeClass = 'usage') - INTERVAL 1 SECOND AS DATE) AS VARCHAR)
    FROM line_items GROUP BY 1 ORDER BY 1`)).getRows().map(([period, billed, last]) => ({ billing_period: String(period), billed_cost: Number(billed), last_day: String(last) }));
  full.close();
  for (const m of months) {
    const first = `${m.billing_period}-01`;
    if (m.last_day !== monthEnd(first)) continue;
    for (const day of asOfDays) {
      const asOf = addDays(first, day - 1);
      const copy = await storeAsOf(set.db, asOf);
      const engine = await DuckDBEngine.open(copy);
      const actual = Number(m.billed_cost);
      const errors: Record<string, number> = {};
      for (const method of methods) {
        const config = parseConfig({ forecast: { method } }).forecast;
        const f = await forecastMonthEnd(engine, config);
        if (f.month !== m.billing_period) throw new Error(`forecast of ${f.month}, expected ${m.billing_period} as of ${asOf}`);
        // Error ratios, not money: dollars as floats are fine here.
        const dollars = (units: bigint) => Number(units) / 1e10;
        errors[method] = (dollars(f.billed.forecast) - actual) / actual;
        errors[`${method}, usage only`] = (dollars(f.billed.forecast - (f.billed.projectedRemaining - f.billed.projectedUsage)) - actual) / actual;
      }
      await engine.close();
      rmSync(copy, { force: true });
      trials.push({ dataset: set.name, month: m.billing_period, asOf, actual, errors });
    }
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
console.table(trials.map((t) => ({ dataset: t.dataset, month: t.month, asOf: t.asOf, actual: t.actual.toFixed(2), ...Object.fromEntries(Object.entries(t.errors).map(([k, v]) => [k, pct(v)])) })));
const summary = [...new Set(trials.map((t) => t.dataset))].map((dataset) => {
  const mine = trials.filter((t) => t.dataset === dataset);
  const keys = Object.keys(mine[0].errors);
  return { dataset, trials: mine.length, ...Object.fromEntries(keys.map((k) => [`MAE ${k}`, pct(mine.reduce((s, t) => s + Math.abs(t.errors[k]), 0) / mine.length)])) };
});
console.log('mean absolute error of the month-end BilledCost forecast:');
console.table(summary);
