/**
 * bench/queries: the named queries that the weekly report and the main commands run on the demo
 * store, each timed the way a command runs it once (a fresh connection: plan, run, rows read into
 * typed cells), median of --runs, in wall and in CPU milliseconds (user + system of the process, all
 * threads: far less disturbed by other work on the machine); prints the time per query (its median
 * times the number of calls the commands make with those parameters, summed over its parameter
 * sets), the total, and the total against a raw `SELECT … GROUP BY` over every line of the same
 * store, in one run. With --baseline DIR (another `queries/` folder, e.g. of an older checkout) each
 * call is also timed from that folder, interleaved, with the ratio of the CPU times.
 *
 * Usage: node bin/run-ts.js bench/queries.ts [--demo DIR] [--runs 5] [--only REGEX] [--baseline DIR]
 * Without --demo it generates (once) the demo the tests use (seed 42, 3 months, scale 1, as of
 * 2026-11-15) under bench/out/. Set COSTLENS_THREADS=1 for figures less disturbed by other work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadInstanceCatalogue } from '../src/catalogue/ec2.ts';
import { main } from '../src/cli/main.ts';
import { parseConfig } from '../src/config.ts';
import { rowsFromDuckDB } from '../src/engine/conversion/index.ts';
import { runNamedQuery, type RawParams } from '../src/engine/duckdb.ts';
import { DuckDBEngine } from '../src/engine/duckdb-engine.ts';
import { QueryRegistry, queryRegistry } from '../src/engine/query-registry.ts';
import { reportConfigSchema } from '../src/report/config.ts';
import { runWeeklyReport } from '../src/report/weekly.ts';
import { openStore, type Store } from '../src/store/open.ts';

const { values } = parseArgs({ options: { demo: { type: 'string' }, runs: { type: 'string', default: '5' }, only: { type: 'string' }, baseline: { type: 'string' } } });
const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench/out');
const runs = Number(values.runs);
const COMMANDS = ['attribute --tag team', 'idle', 'rightsize', 'anomalies', 'forecast', 'commitments', 'modernise', 'explain', 'budgets', 'status', 'invoice'];

/** One query call: the query and its parameters, and how many times the commands made it. */
interface Call {
  name: string;
  params: RawParams;
  times: number;
}

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed`);
}

/** The demo folder and its store, generated and ingested once under bench/out/. */
function demoStore(): { demo: string; db: string } {
  mkdirSync(out, { recursive: true });
  const demo = resolve(values.demo ?? join(out, 'demo-queries'));
  if (!existsSync(join(demo, 'truth.json'))) {
    process.stderr.write(`generating the demo in ${demo} …\n`);
    run(['bin/costlens.js', 'demo', '--out', demo, '--seed', '42', '--months', '3', '--scale', '1', '--as-of', '2026-11-15']);
  }
  const db = join(out, `queries-${demo.replace(/[^A-Za-z0-9]+/g, '_').slice(-60)}.duckdb`);
  if (!existsSync(db)) {
    process.stderr.write('ingesting it …\n');
    run(['bin/costlens.js', 'ingest', join(demo, 'cur2'), join(demo, 'metrics.csv'), join(demo, 'inventory.csv'), '--db', db]);
  }
  return { demo, db };
}

/** The calls the weekly report (every audience) and COMMANDS make on the store, recorded as they run. */
async function recordedCalls(db: string, demo: string): Promise<Call[]> {
  const calls = new Map<string, Call>();
  const run = DuckDBEngine.prototype.run;
  DuckDBEngine.prototype.run = function (name: string, params: RawParams = {}) {
    const key = JSON.stringify([name, params]);
    const call = calls.get(key) ?? { name, params, times: 0 };
    call.times += 1;
    calls.set(key, call);
    return run.call(this, name, params);
  };
  try {
    const truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')) as { tagging: { teamAliases: Record<string, string[]> } };
    const configs = { ...parseConfig({ attribution: { tags: { team: { values: truth.tagging.teamAliases } } } }), report: reportConfigSchema.parse({}) };
    await runWeeklyReport({ storePath: db, configs, catalogue: loadInstanceCatalogue(), audience: 'all' });
    const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
    for (const command of COMMANDS) {
      const code = await main([...command.split(' '), '--format', 'json'], { stdout: sink(), stderr: sink(), env: { ...process.env, COSTLENS_DB: db }, cwd: root });
      if (code !== 0) throw new Error(`costlens ${command} exited ${code}`);
    }
  } finally {
    DuckDBEngine.prototype.run = run;
  }
  return [...calls.values()];
}

/** Wall and CPU milliseconds. */
interface Took {
  wall: number;
  cpu: number;
}

/** The time `work` takes on a fresh connection to the store. */
async function timed(store: Store, work: (connection: Awaited<ReturnType<Store['connect']>>) => Promise<unknown>): Promise<Took> {
  const connection = await store.connect();
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await work(connection);
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  } finally {
    connection.closeSync();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medianTook = (samples: Took[]): Took => ({ wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) });

/** The median time of one call from each registry, runs interleaved (each run in the other order than the last). */
async function callMedians(store: Store, registries: QueryRegistry[], call: Call): Promise<Took[]> {
  const samples = registries.map(() => [] as Took[]);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? registries.keys() : [...registries.keys()].reverse();
    for (const k of order) {
      const query = registries[k].find(call.name);
      samples[k].push(await timed(store, async (connection) => rowsFromDuckDB(query, await runNamedQuery(connection, query, call.params))));
    }
  }
  return samples.map(medianTook);
}

/** The median time of the raw engine's GROUP BY of service and account over every line of the store. */
async function rawScanMedian(store: Store): Promise<Took> {
  const samples: Took[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await timed(store, (c) => c.runAndReadAll('SELECT ServiceName, SubAccountId, sum(BilledCost), sum(EffectiveCost) FROM line_items GROUP BY 1, 2')));
  }
  return medianTook(samples);
}

const { demo, db } = demoStore();
const calls = (await recordedCalls(db, demo)).filter((c) => !values.only || new RegExp(values.only).test(c.name));
const registries = [queryRegistry(), ...(values.baseline ? [QueryRegistry.load(resolve(values.baseline))] : [])];
const store = await openStore(db, { readOnly: true });
const perQuery = new Map<string, { calls: number; took: Took[] }>();
for (const call of calls) {
  const medians = await callMedians(store, registries, call);
  const entry = perQuery.get(call.name) ?? { calls: 0, took: registries.map(() => ({ wall: 0, cpu: 0 })) };
  entry.calls += call.times;
  medians.forEach((m, k) => {
    entry.took[k].wall += m.wall * call.times;
    entry.took[k].cpu += m.cpu * call.times;
  });
  perQuery.set(call.name, entry);
}
const raw = await rawScanMedian(store);
const lines = Number((await store.connection.runAndReadAll('SELECT count(*) FROM line_items')).getRows()[0][0]);
store.close();

const ms = (x: number) => x.toFixed(1).padStart(8);
const cells = (took: Took[], n: number, label: string) => {
  const [now, base] = took;
  return `${ms(now.wall)} ${ms(now.cpu)}${base ? ` ${ms(base.wall)} ${ms(base.cpu)} ${(now.cpu / base.cpu).toFixed(2).padStart(6)}` : ''} ${String(n).padStart(6)}  ${label}`;
};
console.log(`${lines.toLocaleString('en-US')} line items in ${db}; median of ${runs} runs per call (fresh connection: plan, run, rows read), milliseconds`);
console.log(`${'wall'.padStart(8)} ${'cpu'.padStart(8)}${values.baseline ? ` ${'baseline'.padStart(8)} ${'(cpu)'.padStart(8)} ${'ratio'.padStart(6)}` : ''} ${'calls'.padStart(6)}  query`);
const rows = [...perQuery].sort((a, b) => b[1].took[0].cpu - a[1].took[0].cpu);
for (const [name, entry] of rows) console.log(cells(entry.took, entry.calls, name));
const totals = registries.map((_, k) => ({ wall: rows.reduce((sum, [, e]) => sum + e.took[k].wall, 0), cpu: rows.reduce((sum, [, e]) => sum + e.took[k].cpu, 0) }));
console.log(cells(totals, rows.reduce((sum, [, e]) => sum + e.calls, 0), `total (${calls.length} parameter sets)`));
console.log(`raw GROUP BY (service, account) over every line: ${raw.wall.toFixed(1)} ms wall, ${raw.cpu.toFixed(1)} ms cpu; total / raw (cpu) = ${(totals[0].cpu / raw.cpu).toFixed(1)}`);
