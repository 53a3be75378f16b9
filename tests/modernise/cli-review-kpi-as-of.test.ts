import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { KpiReport } from '../../src/analyze/kpi/efficiency.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';

/**
 * `costlens kpi --as-of` after the data horizon was accepted, and the month's rows said their last
 * day was that day, one the store holds no data of (2026-11-20 on the demo, whose data ends on the
 * 14th). It is refused now, as anomalies and forecast refuse it, naming the horizon. The shared
 * demo as of 2026-11-15 (CUR 2.0): charge days 2026-09-01 to 2026-11-14.
 */
describe('costlens kpi --as-of: within the data, up to the data horizon', () => {
  let db: string;
  const hint = '  hint: give a day from 2026-09-01 to 2026-11-14 (the data horizon, the last complete day in the store), or leave --as-of out for 2026-11-14';

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
  });

  it('the store\'s days, by DuckDB: 2026-09-01 to 2026-11-14', async () => {
    expect(await sqlRows(db, `SELECT CAST(min(ChargePeriodStart) AS DATE) AS first, CAST(max(ChargePeriodStart) AS DATE) AS last FROM line_items WHERE x_ChargeClass = 'usage'`))
      .toEqual([{ first: '2026-09-01', last: '2026-11-14' }]);
  });

  it.each(['2026-11-20', '2026-11-15', '2027-03-01', '2026-08-31'])('--as-of %s is a usage error naming the data and its horizon (exit 2)', async (asOf) => {
    for (const format of ['table', 'json']) {
      const run = await costlens(db, 'kpi', '--as-of', asOf, '--format', format);
      expect([run.code, run.stdout, ...run.stderr.split('\n')]).toEqual([2, '', `costlens: --as-of ${asOf} is outside the billing data in the store (1 Sep – 14 Nov 2026)`, hint, '']);
    }
  });

  it('--as-of the horizon: every row of November ends on it', async () => {
    const run = await costlens(db, 'kpi', '--as-of', '2026-11-14', '--months', '1', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as KpiReport;
    expect([report.from, report.to]).toEqual(['2026-11-01', '2026-11-14']);
    expect(new Set(report.rows.map((r) => r.lastDay))).toEqual(new Set(['2026-11-14']));
  });
});
