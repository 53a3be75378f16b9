/**
 * bench/analyse: on a large demo store, times each analysis next to a raw
 * `SELECT … GROUP BY` over the same month of the same table, in one run and one process
 * (best of --repeat runs each, DuckDB warm). Prints seconds and the ratio to the raw scan.
 *
 * Usage: node bin/run-ts.js bench/analyse.ts [--scale 120] [--repeat 3]
 * Scale 120 (one month) ≈ 10 million line items. Targets (README): each analysis ≤ 2× the raw
 * scan; attribution of one month ≤ 1 s on a 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { attributeSpendByTag } from '../src/analyze/attribution/attribute.ts';
import { detectSpendAnomalies } from '../src/analyze/anomalies/detect.ts';
import { forecastMonthEnd } from '../src/analyze/forecast/month-end.ts';
import { findIdleResources } from '../src/analyze/idle/find.ts';
import { recommendRightsizing } from '../src/analyze/rightsizing/recommend.ts';
import { loadInstanceCatalogue } from '../src/catalogue/ec2.ts';
import { parseConfig } from '../src/config.ts';
import { DuckDBEngine } from '../src/engine/duckdb-engine.ts';
import { openStore } from '../src/store/open.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '120' }, repeat: { type: 'string', default: '3' } } });
const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench/out');
const demo = join(out, `demo-scale-${values.scale}`);
const db = join(out, `analyse-scale-${values.scale}.duckdb`);
const repeat = Number(values.repeat);
mkdirSync(out, { recursive: true });

function run(args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed`);
}

if (!existsSync(join(demo, 'truth.json'))) {
  process.stderr.write(`generating a one-month demo at scale ${values.scale} …\n`);
  run(['bin/costlens.js', 'demo', '--out', demo, '--months', '1', '--scale', String(values.scale), '--as-of', '2026-10-31']);
}
if (!existsSync(db)) {
  process.stderr.write('ingesting it …\n');
  run(['bin/costlens.js', 'ingest', join(demo, 'cur2'), join(demo, 'metrics.csv'), join(demo, 'inventory.csv'), '--db', db]);
}

async function best(label: string, work: () => Promise<unknown>): Promise<{ label: string; seconds: number }> {
  let fastest = Infinity;
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await work();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return { label, seconds: fastest };
}

const store = await openStore(db, { readOnly: true });
const [[lines, period]] = (await store.connection.runAndReadAll(`SELECT count(*), max(x_BillingPeriod) FROM line_items`)).getRows();
const rawScan = async () => store.connection.runAndReadAll(
  `SELECT ServiceName, SubAccountId, sum(BilledCost), sum(EffectiveCost) FROM line_items WHERE x_BillingPeriod = $period GROUP BY 1, 2`,
  { period: String(period) },
);
const config = parseConfig({});
const catalogue = loadInstanceCatalogue();
const engine = await DuckDBEngine.open(db);
const monthStart = new Date(`${period}-01T00:00:00Z`);
const nextMonth = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1));
const monthRange = { billingFrom: `${period}-01`, billingTo: nextMonth.toISOString().slice(0, 10) };

const results = [
  await best('raw GROUP BY (service, account) of one month', rawScan),
  await best('attribute --tag team (one month)', () => attributeSpendByTag(engine, config.attribution, { tagKey: 'team', range: monthRange, cost: 'billed' })),
  await best('idle', () => findIdleResources(engine, config.idle, {})),
  await best('rightsize', () => recommendRightsizing(engine, catalogue, config.rightsizing, {})),
  await best('anomalies', () => detectSpendAnomalies(engine, config.anomalies, {})),
  await best('forecast', () => forecastMonthEnd(engine, config.forecast, {})),
];
await engine.close();
store.close();

const raw = results[0].seconds;
console.log(`store: ${Number(lines).toLocaleString('en-US')} line items (${period}), scale ${values.scale}, best of ${repeat}`);
console.table(results.map((r) => ({ analysis: r.label, seconds: Number(r.seconds.toFixed(3)), ratioToRawScan: Number((r.seconds / raw).toFixed(2)) })));
