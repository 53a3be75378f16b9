/**
 * The embedded engine keeps a connection, and the statements prepared on it, from one run to the
 * next (src/engine/duckdb-engine.ts, src/engine/kept-connections.ts): runs that overlap each have a
 * connection of their own, a kept statement binds each run's own parameters, a failed run leaves its
 * connection fit for the next, and closing the engine closes what it kept. Every figure is DuckDB's
 * own sum on the store; connections and statements are counted at @duckdb/node-api itself.
 */
import { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { fromUnits } from '../../src/lib/money.ts';
import { openStore } from '../../src/store/open.ts';
import { REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { ingestedStore } from '../server/helpers.ts';

describe('the DuckDB engine between runs', () => {
  let db: string;
  let engine: DuckDBEngine;
  /** Per billing period: ServiceName → billed cost, by SQL on the store. */
  const truth = new Map<string, Map<string, string>>();
  const billedOn = async (on: DuckDBEngine, period: string) =>
    new Map((await runQuery(on, 'store/spend_by_service', { period })).map((r) => [String(r.ServiceName), fromUnits(r.billed_cost ?? 0n)]));
  const billedOf = (period: string) => billedOn(engine, period);

  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_OCT_2018, REAL_NOV_2018));
    for (const period of ['2018-10', '2018-11']) {
      const rows = await sqlRows(db, `SELECT ServiceName AS s, CAST(sum(BilledCost) AS VARCHAR) AS b FROM line_items
        WHERE strftime(BillingPeriodStart, '%Y-%m') = '${period}' GROUP BY 1`);
      truth.set(period, new Map(rows.map((r) => [r.s!, r.b!])));
    }
    engine = await DuckDBEngine.open(db);
  });
  afterAll(() => engine?.close());

  it('the same query again with another period reads that period (the kept statement binds the new value)', async () => {
    const oct = await billedOf('2018-10');
    const nov = await billedOf('2018-11');
    expect(oct).toEqual(truth.get('2018-10'));
    expect(nov).toEqual(truth.get('2018-11'));
    expect(oct.get('Amazon Elastic Compute Cloud')).not.toBe(nov.get('Amazon Elastic Compute Cloud'));
  });

  it('eight overlapping runs, alternating periods, each return their own period', async () => {
    const periods = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? '2018-10' : '2018-11'));
    const results = await Promise.all(periods.map(billedOf));
    results.forEach((rows, i) => expect(rows, periods[i]).toEqual(truth.get(periods[i])));
  });

  it('a refused parameter and a failing run leave the kept connection fit for the next run', async () => {
    await expect(engine.run('store/spend_by_service', { period: '2018-13' })).rejects.toThrow(/period/);
    await expect(engine.run('no/such_query', {})).rejects.toThrow(/no\/such_query/);
    expect(await billedOf('2018-11')).toEqual(truth.get('2018-11'));
  });

  it('a closed engine keeps nothing: a run after close is refused, and the store opens for writing in this process', async () => {
    const other = await DuckDBEngine.open(db);
    await other.run('store/spend_by_service', { period: '2018-10' });
    await other.close();
    await expect(other.run('store/spend_by_service', { period: '2018-10' })).rejects.toThrow();
    const writable = await openStore(db);
    try {
      const reader = await writable.connection.runAndReadAll('SELECT count(*) AS n FROM line_items');
      // The real October and November 2018 files' 119,307 and 124,340 line items (shared/data's README, DuckDB on the files).
      expect(Number(reader.getRowObjects()[0].n)).toBe(243_647);
    } finally {
      writable.close();
    }
  });

  it('runs share the connections they opened: 25 in a row open one, 8 at once 7 more, 25 more none; close() destroys each kept statement, then closes every connection opened', async () => {
    const connects = vi.spyOn(DuckDBInstance.prototype, 'connect');
    const disconnects = vi.spyOn(DuckDBConnection.prototype, 'disconnectSync');
    const prepares = vi.spyOn(DuckDBConnection.prototype, 'prepare');
    const destroys = vi.spyOn(DuckDBPreparedStatement.prototype, 'destroySync');
    try {
      const counted = await DuckDBEngine.open(db);
      // Opening the store connects to check it (src/store/open.ts, duckdb-settings.ts); no run uses those connections.
      const [openedAtOpen, closedAtOpen] = [connects.mock.calls.length, disconnects.mock.calls.length];
      const opened = () => connects.mock.calls.length - openedAtOpen;
      prepares.mockClear();
      const periods = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? '2018-10' : '2018-11'));
      for (const period of periods(25)) expect(await billedOn(counted, period)).toEqual(truth.get(period));
      expect([opened(), prepares.mock.calls.length]).toEqual([1, 1]);
      const overlapping = periods(8);
      (await Promise.all(overlapping.map((period) => billedOn(counted, period)))).forEach((rows, i) => expect(rows).toEqual(truth.get(overlapping[i])));
      // The kept connection serves one of the eight; each of the seven others is opened and prepares the query once.
      expect([opened(), prepares.mock.calls.length]).toEqual([8, 8]);
      for (const period of periods(25)) expect(await billedOn(counted, period)).toEqual(truth.get(period));
      expect([opened(), prepares.mock.calls.length, disconnects.mock.calls.length - closedAtOpen]).toEqual([8, 8, 0]);
      await counted.close();

      // Every connection opened, the store's and the eight the runs kept, is closed, once.
      const connections = await Promise.all(connects.mock.results.map((result) => result.value as Promise<DuckDBConnection>));
      expect(disconnects.mock.calls.length).toBe(connections.length);
      expect(connections.filter((connection) => !disconnects.mock.instances.includes(connection))).toEqual([]);
      const closedAt = (connection: unknown) => disconnects.mock.invocationCallOrder[disconnects.mock.instances.indexOf(connection as DuckDBConnection)];
      const destroyedAt = (statement: unknown) => destroys.mock.invocationCallOrder[destroys.mock.instances.indexOf(statement as DuckDBPreparedStatement)];
      const kept = await Promise.all(prepares.mock.results.map((result) => result.value as Promise<DuckDBPreparedStatement>));
      expect(kept.map((statement, i) => destroyedAt(statement) < closedAt(prepares.mock.instances[i]))).toEqual(kept.map(() => true));
    } finally {
      for (const spy of [connects, disconnects, prepares, destroys]) spy.mockRestore();
    }
  });
});
