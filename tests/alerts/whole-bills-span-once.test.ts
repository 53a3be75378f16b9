/**
 * `costlens alerts check` on a store of whole monthly bills (the real Oct and Nov 2018 CURs at
 * monthly time granularity, tests/helpers/monthly-store-fixture.ts) reads the store's span
 * (billSpan: calendar/data_horizon, then calendar/bills_by_class) once: the budget source and the
 * anomaly source each asked for it, and each ask ran both queries on DuckDB. Counted as DuckDB
 * runs them; the alerts are the same (each actual threshold of November's bill, its figure the
 * bill DuckDB sums on the store).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { storeWithConfig } from './helpers.ts';

const NOV_BILL = "BillingPeriodStart >= TIMESTAMP '2018-11-01' AND BillingPeriodStart < TIMESTAMP '2018-12-01'";

describe('alerts check on whole monthly bills reads the store\'s span once', () => {
  let db: string;
  let novBill: string;

  beforeAll(async () => {
    ({ db } = await monthlyStore());
    [{ total: novBill }] = await sqlRows(db, `SELECT sum(BilledCost) AS total FROM line_items WHERE ${NOV_BILL}`) as { total: string }[];
  }, 300_000);

  it('calendar/data_horizon and calendar/bills_by_class each run once on DuckDB, and every (query, parameters) at most once', async () => {
    const store = storeWithConfig(db, { budgets: [{ name: 'all', amount: 3000 }], alerts: { email: ['finops@acme.example'], topDrivers: 2 } });
    const run = vi.spyOn(DuckDBEngine.prototype, 'run');
    let result;
    let calls;
    try {
      result = await costlens(store.db, 'alerts', 'check', '--dry-run', '--format', 'json', '--config', store.config);
      calls = [...run.mock.calls];
    } finally {
      run.mockRestore();
    }
    expect(result.code, result.stderr).toBe(0);
    const ran = calls.map(([name, params]) => `${name} ${JSON.stringify(params ?? {})}`);
    const named = (name: string) => calls.filter(([n]) => n === name).length;
    expect([named('calendar/data_horizon'), named('calendar/bills_by_class')]).toEqual([1, 1]);
    expect(ran.filter((r, i) => ran.indexOf(r) !== i)).toEqual([]);
    const alerts = JSON.parse(result.stdout).alerts as { subjectKey: string; threshold: string; amount: string }[];
    expect(alerts.map((a) => [a.subjectKey, a.threshold, a.amount])).toEqual([
      ['all/2018-11', 'actual:50', novBill], ['all/2018-11', 'actual:80', novBill], ['all/2018-11', 'actual:100', novBill],
    ]);
  });
});
