/**
 * COSTLENS_THREADS: the threads of every DuckDB instance costlens opens. The suite runs at one
 * (vitest.config.ts); this file checks that the setting reaches the store's readers, writers and
 * server, that a bad value is a config error naming it, and that the figures do not depend on it:
 * the demo ingested at two threads holds the very rows it holds at one, and every analysis prints
 * the same bytes at one thread and at two (DuckDB's default on a 2-core machine; more threads than
 * cores would only add waiting).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { instanceSettings, readerSettings, scratchSettings, writerSettings } from '../../src/store/duckdb-settings.ts';
import { openStore } from '../../src/store/open.ts';
import { StorePool } from '../../src/server/store-pool.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, tempStore, type CliRun } from '../helpers/cli.ts';
import { cachedIngest } from '../helpers/cached-ingest.ts';
import { demoAttribution, readTruth } from '../report/helpers.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** DuckDB's `threads` setting on a connection, as text. */
const threadsOf = async (run: (sql: string) => Promise<{ getRows(): unknown[][] }>) => String((await run(`SELECT current_setting('threads')`)).getRows()[0][0]);

describe('instanceSettings', () => {
  it('adds nothing when COSTLENS_THREADS is unset or empty, and the thread count when it is a whole number from 1 to 1024', () => {
    expect(instanceSettings({ access_mode: 'READ_ONLY' }, {})).toEqual({ access_mode: 'READ_ONLY' });
    expect(instanceSettings({ access_mode: 'READ_ONLY' }, { COSTLENS_THREADS: '' })).toEqual({ access_mode: 'READ_ONLY' });
    expect(instanceSettings({}, { COSTLENS_THREADS: '1' })).toEqual({ threads: '1' });
    expect(instanceSettings({ memory_limit: '1GB' }, { COSTLENS_THREADS: '08' })).toEqual({ memory_limit: '1GB', threads: '8' });
    expect(instanceSettings({}, { COSTLENS_THREADS: '1024' })).toEqual({ threads: '1024' });
  });

  it("every kind of instance carries it: readers, writers and the ingest's scratch databases", () => {
    const env = { COSTLENS_THREADS: '3', COSTLENS_MEMORY_LIMIT: '2GB' };
    expect(readerSettings(env)).toEqual({ access_mode: 'READ_ONLY', threads: '3' });
    expect(writerSettings(env)).toEqual({ access_mode: 'READ_WRITE', preserve_insertion_order: 'false', memory_limit: '2GB', threads: '3' });
    expect(scratchSettings(env)).toEqual({ memory_limit: '2GB', threads: '3' });
    expect(scratchSettings({})).toEqual({ memory_limit: '1536MB' });
  });

  it.each(['0', '-1', '2.5', 'two', '1025', ' 2', '0x4'])('refuses COSTLENS_THREADS=%j, naming the variable', (value) => {
    expect(() => instanceSettings({}, { COSTLENS_THREADS: value })).toThrow(`COSTLENS_THREADS must be a whole number of threads from 1 to 1024; got ${JSON.stringify(value)}`);
  });
});

describe('COSTLENS_THREADS reaches every DuckDB instance', () => {
  it('the writer, the reader, `costlens sql` and the server all run with the threads it names', async () => {
    const { db } = tempStore();
    vi.stubEnv('COSTLENS_THREADS', '3');
    const writer = await openStore(db);
    expect(await threadsOf((sql) => writer.connection.runAndReadAll(sql))).toBe('3');
    writer.close();
    const reader = await openStore(db, { readOnly: true });
    expect(await threadsOf((sql) => reader.connection.runAndReadAll(sql))).toBe('3');
    reader.close();
    expect(await costlens(db, 'sql', `SELECT current_setting('threads') AS threads`, '--format', 'csv')).toEqual({ code: 0, stdout: 'threads\r\n3\r\n', stderr: '' });
    const pool = new StorePool(db);
    try {
      expect(await pool.use((snapshot) => snapshot.withConnection((connection) => threadsOf((sql) => connection.runAndReadAll(sql))))).toBe('3');
    } finally {
      pool.close();
    }
  });

  it('a bad value is a config error (exit 3) naming it: `costlens ingest` stops before a store exists, a reader before it opens one', async () => {
    const { db } = tempStore();
    const refused = {
      code: 3,
      stdout: '',
      stderr: 'costlens: COSTLENS_THREADS must be a whole number of threads from 1 to 1024; got "two"\n  hint: unset COSTLENS_THREADS to let DuckDB use one thread per core\n',
    };
    vi.stubEnv('COSTLENS_THREADS', 'two');
    expect(await costlens(db, 'ingest', join(inject('demoDir'), 'inventory.csv'))).toEqual(refused);
    expect(existsSync(db)).toBe(false);
    vi.stubEnv('COSTLENS_THREADS', '');
    expect((await costlens(db, 'ingest', join(inject('demoDir'), 'inventory.csv'))).code).toBe(0);
    vi.stubEnv('COSTLENS_THREADS', 'two');
    expect(await costlens(db, 'sql', 'SELECT count(*) FROM resources')).toEqual(refused);
  });
});

describe('the figures do not depend on the threads', () => {
  /** The demo files the stores hold: the suite's shared store of them was ingested at one thread. */
  const DEMO_FILES = ['cur2', 'metrics.csv', 'inventory.csv'];

  /** Every row of every table the analyses read, as a count and an order-free sum of whole rows' hashes (less the ingest's own id). */
  const CONTENT = [...['line_items', 'usage_daily', 'daily_spend', 'tag_spend_daily'].map((table) => [table, `SELECT * EXCLUDE (x_IngestId) FROM ${table}`]), ...['metrics', 'resources'].map((table) => [table, `SELECT * FROM ${table}`])]
    .map(([table, rows]) => `SELECT '${table}' AS relation, count(*) AS lines, sum(hash(t)::HUGEINT) AS content FROM (${rows}) t`).join(' UNION ALL ') + ' ORDER BY relation';

  const ANALYSES = (config: string): string[][] => [
    ['attribute', '--tag', 'team', '--period', '2026-10', '--format', 'csv', '--config', config],
    ['idle', '--format', 'json'],
    ['rightsize', '--format', 'json'],
    ['modernise', '--format', 'json'],
    ['kpi', '--format', 'json'],
    ['anomalies', '--format', 'json'],
    ['explain', '--format', 'json'],
    ['forecast', '--format', 'json'],
    ['commitments', '--period', '2026-10', '--format', 'json'],
    ['invoice', '--period', '2026-10', '--format', 'json'],
  ];

  // Both stores are test caches, built once per machine by the same code: the one at 2 threads keyed by its thread count too (tests/helpers/cached-ingest.ts).
  it('the demo ingested at 2 threads holds the rows the shared store ingested at 1 holds, and the analyses print the same bytes at 1 thread and at 2', async () => {
    const demoDir = inject('demoDir');
    vi.stubEnv('COSTLENS_THREADS', '1');
    const one = await cachedDemoStore(demoDir, DEMO_FILES);
    const two = await cachedIngest(DEMO_FILES.map((file) => join(demoDir, file)), { COSTLENS_THREADS: '2' });
    expect(two.run.code, two.run.stderr).toBe(0);
    const stores = { one, two: two.db };
    const config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ attribution: demoAttribution(readTruth(demoDir)) }));
    const outputs: Record<string, (CliRun & { command: string })[]> = {};
    for (const [name, threads] of [['one', '1'], ['two', '2']] as const) {
      vi.stubEnv('COSTLENS_THREADS', threads);
      outputs[name] = [{ command: 'sql', ...(await costlens(stores[name], 'sql', CONTENT, '--format', 'csv')) }];
      for (const args of ANALYSES(config)) outputs[name].push({ command: args[0], ...(await costlens(stores[name], ...args)) });
    }
    expect(outputs.one.filter((run) => run.code !== 0 || run.stdout.length < 100).map((run) => [run.command, run.stderr])).toEqual([]);
    expect(outputs.one[0].stdout.split('\r\n')).toHaveLength(8);
    expect(outputs.two).toEqual(outputs.one);
  });
});
