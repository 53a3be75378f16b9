/**
 * Load on `costlens serve` over loopback: N concurrent clients (default 20) replay a dashboard
 * mix (pages, chart specs, server-rendered SVG, the query API in JSON, CSV and Arrow) against a
 * real server process, bounded by a request count and a time limit. Prints latency percentiles
 * and errors for: the query API cold (each distinct query once: cache misses) beside the same
 * queries run straight on DuckDB (read-only, 4 connections, same concurrency, no HTTP, no cache)
 * with the ratio; the rest of the dashboard cold; and the warm mix. A script, not a test: it never fails on time.
 *
 * Usage: node bin/run-ts.js bench/serve.ts [--db FILE] [--clients 20] [--requests 4000] [--seconds 60]
 * Without --db it ingests the real October and November 2018 CUR files into a temporary store.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '../src/cli/main.ts';
import { runNamedQuery } from '../src/engine/duckdb.ts';
import { queryRegistry } from '../src/engine/query-registry.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REAL = resolve(ROOT, '../shared/data/real');

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    clients: { type: 'string', default: '20' },
    requests: { type: 'string', default: '4000' },
    seconds: { type: 'string', default: '60' },
  },
});
const CLIENTS = Number(values.clients);
const MAX_REQUESTS = Number(values.requests);
const MAX_SECONDS = Number(values.seconds);

interface Sample {
  kind: string;
  ms: number;
  ok: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(label: string, samples: Sample[], seconds: number): { p50: number; p95: number; p99: number } {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const stats = { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
  const errors = samples.filter((s) => !s.ok).length;
  console.log(
    `${label.padEnd(34)} ${String(samples.length).padStart(6)} req  ${(samples.length / seconds).toFixed(0).padStart(6)} req/s  ` +
      `p50 ${stats.p50.toFixed(1).padStart(7)} ms  p95 ${stats.p95.toFixed(1).padStart(7)} ms  p99 ${stats.p99.toFixed(1).padStart(7)} ms  max ${ms.at(-1)?.toFixed(1).padStart(7)} ms  errors ${errors}`,
  );
  return stats;
}

/** The store: --db, or a temporary one with the real CUR files ingested. */
async function prepareStore(): Promise<{ db: string; cleanup: () => void }> {
  if (values.db) return { db: resolve(values.db), cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'costlens-bench-serve-'));
  const db = join(dir, 'store.duckdb');
  const files = ['cur-athena-parquet-2018-10.snappy.parquet', 'cur-athena-parquet-2018-11.snappy.parquet'].map((f) => join(REAL, f));
  if (!files.every(existsSync)) throw new Error(`give --db FILE: the real CUR files are not at ${REAL}`);
  process.stderr.write('ingesting the real October and November 2018 CUR files into a temporary store …\n');
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  const code = await main(['ingest', ...files, '--db', db], { stdout: sink as never, stderr: sink as never, env: process.env, cwd: ROOT });
  if (code !== 0) throw new Error(`ingest failed (exit ${code})`);
  return { db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `costlens serve --port 0` as its own process and reads the URL it prints. */
async function startServer(db: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const env = { ...process.env };
  delete env.COSTLENS_TOKEN;
  const child = spawn(process.execPath, [join(ROOT, 'bin/costlens.js'), 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  if (first.done) throw new Error('costlens serve exited before printing its URL');
  const url = String(first.value).trim().replace(/\/$/, '');
  return {
    url,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The date range of the data, to build realistic URLs. */
async function dataRange(db: string): Promise<{ first: string; last: string }> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll('SELECT CAST(min(ChargePeriodStart) AS DATE), CAST(max(ChargePeriodStart) AS DATE) FROM line_items');
  const [first, last] = reader.getRows()[0].map(String);
  connection.closeSync();
  instance.closeSync();
  return { first, last };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The dashboard mix: [kind, path] pairs. Explore ranges vary so that some requests miss the cache. */
function workload(range: { first: string; last: string }): { urls: [string, string][]; queries: [string, Record<string, string>][] } {
  const end = addDays(range.last, 1);
  const monthStart = `${range.last.slice(0, 8)}01`;
  const urls: [string, string][] = [
    ['page /', '/'],
    ['chart spec', '/api/charts/daily_spend_by_service'],
    ['chart spec', '/api/charts/month_to_date_by_service'],
    ['chart svg', '/charts/explore_totals.svg'],
    ['healthz', '/healthz'],
  ];
  const queries: [string, Record<string, string>][] = [];
  const dimensions = ['service', 'account', 'region', 'usage_type'];
  for (let i = 0; i < 12; i++) {
    const start = addDays(monthStart, -i * 2);
    for (const dimension of dimensions) {
      const params = { dimension, start, end, cost: i % 2 ? 'effective' : 'billed' };
      const qs = new URLSearchParams(params).toString();
      urls.push(['page /explore', `/explore?${qs}`]);
      urls.push(['api json', `/api/queries/explore/spend_by?${qs}`]);
      queries.push(['explore/spend_by', params]);
      if (i % 3 === 0) {
        urls.push(['api csv', `/api/queries/explore/daily_spend_by?${qs}&format=csv`]);
        urls.push(['api arrow', `/api/queries/explore/daily_spend_by?${qs}&format=arrow`]);
        urls.push(['chart spec', `/api/charts/explore_daily?${qs}`]);
        queries.push(['explore/daily_spend_by', params]);
      }
    }
  }
  return { urls, queries };
}

async function run(url: string, paths: [string, string][], limit: number, seconds: number): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= limit || performance.now() > deadline) return;
      const [kind, path] = paths[i % paths.length];
      const t = performance.now();
      let ok = false;
      try {
        const response = await fetch(url + path, { headers: { accept: kind.startsWith('page') ? 'text/html' : '*/*', 'accept-encoding': 'gzip' } });
        await response.arrayBuffer();
        ok = response.status === 200;
      } catch {
        ok = false;
      }
      samples.push({ kind, ms: performance.now() - t, ok });
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { samples, seconds: (performance.now() - started) / 1000 };
}

/** The raw engine: the same named queries on one read-only DuckDB instance, 4 connections, the same concurrency. */
async function rawEngine(db: string, queries: [string, Record<string, string>][]): Promise<{ samples: Sample[]; seconds: number }> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const pool = await Promise.all(Array.from({ length: 4 }, () => instance.connect()));
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= queries.length) return;
      const t = performance.now(); // like an HTTP client, the wait for a free connection counts
      while (pool.length === 0) await new Promise((done) => setTimeout(done, 1));
      const connection = pool.pop()!;
      const [name, params] = queries[i];
      try {
        (await runNamedQuery(connection, queryRegistry().find(name), params)).getRows();
        samples.push({ kind: 'raw', ms: performance.now() - t, ok: true });
      } catch {
        samples.push({ kind: 'raw', ms: performance.now() - t, ok: false });
      } finally {
        pool.push(connection);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  for (const connection of pool) connection.closeSync();
  instance.closeSync();
  return { samples, seconds };
}

const { db, cleanup } = await prepareStore();
try {
  const range = await dataRange(db);
  const { urls, queries } = workload(range);
  const server = await startServer(db);
  try {
    console.log(`costlens serve at ${server.url} on ${db}; data ${range.first} – ${range.last}; ${CLIENTS} clients; ${urls.length} distinct URLs`);
    // 1. The query API cold: each distinct query once, all cache misses (compare: raw DuckDB, same queries).
    // The raw engine runs first, on its own fresh instance; the server has opened its store (healthz).
    const raw = await rawEngine(db, queries.filter(([name]) => name === 'explore/spend_by'));
    await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
    const apiUrls = urls.filter(([kind]) => kind === 'api json');
    const coldApi = await run(server.url, apiUrls, apiUrls.length, MAX_SECONDS);
    // 2. The rest of the dashboard cold: pages, chart specs, SVG, CSV, Arrow, each URL once.
    const rest = urls.filter(([kind]) => kind !== 'api json');
    const coldRest = await run(server.url, rest, rest.length, MAX_SECONDS);
    // 3. Warm: the whole mix, bounded by --requests and --seconds.
    const warm = await run(server.url, urls, MAX_REQUESTS, MAX_SECONDS);
    console.log('');
    const coldApiStats = summarise('cold api json (cache misses)', coldApi.samples, coldApi.seconds);
    const rawStats = summarise('raw DuckDB, the same queries', raw.samples, raw.seconds);
    summarise('cold pages, charts, svg, csv, arrow', coldRest.samples, coldRest.seconds);
    const warmStats = summarise('warm, whole mix', warm.samples, warm.seconds);
    const kinds = [...new Set(warm.samples.map((s) => s.kind))].sort();
    for (const kind of kinds) summarise(`  warm ${kind}`, warm.samples.filter((s) => s.kind === kind), warm.seconds);
    console.log('');
    console.log(`ratio to raw DuckDB (p50 / p95): cold api json ${(coldApiStats.p50 / rawStats.p50).toFixed(2)} / ${(coldApiStats.p95 / rawStats.p95).toFixed(2)}; ` +
      `warm whole mix ${(warmStats.p50 / rawStats.p50).toFixed(2)} / ${(warmStats.p95 / rawStats.p95).toFixed(2)}`);
  } finally {
    await server.stop();
  }
} finally {
  cleanup();
}
