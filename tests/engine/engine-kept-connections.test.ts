/**
 * The embedded engine keeps a connection, and the statements prepared on it, from one run to the
 * next (src/engine/duckdb-engine.ts): runs that overlap each have a connection of their own, a kept
 * statement binds each run's own parameters, a failed run leaves its connection fit for the next,
 * and closing the engine closes what it kept. Every figure is DuckDB's own sum on the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  const billedOf = async (period: string) =>
    new Map((await runQuery(engine, 'store/spend_by_service', { period })).map((r) => [String(r.ServiceName), fromUnits(r.billed_cost ?? 0n)]));

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
      expect(Number(reader.getRowObjects()[0].n)).toBeGreaterThan(0);
    } finally {
      writable.close();
    }
  });
});
