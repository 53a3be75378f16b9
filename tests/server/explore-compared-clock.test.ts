/**
 * Explore's compare table (`explore/spend_compared`, src/server/features/explore/compared-source.ts)
 * built its store context with `new Date()`, the system clock, where every page and chart takes
 * today from the app's clock (createApp's `clock`). No figure of the table depends on today (its
 * days come from the range and the store's data horizon), so the test shows both: an app whose
 * clock says 30 Jun 2031 is asked for today once by the compare table (never before: the route
 * itself reads no clock), and the table's totals are still the real November 2018 files' figures,
 * SQL written here on the same store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { exactOf } from '../helpers/shown-cents-rule.ts';
import { apiRows, appOn, ingestedStore } from './helpers.ts';

const FAR_FROM_TODAY = new Date('2031-06-30T12:00:00Z');
const COMPARED = '/api/analyses/explore/spend_compared?dimension=service&start=2018-11-01&end=2018-11-15&compare=previous&top=500';
const within = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;

describe("Explore's compare table takes today from the app's clock", () => {
  let app: CostlensApp;
  let db: string;
  const asked: Date[] = [];

  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_OCT_2018, REAL_NOV_2018));
    app = appOn(db, {
      clock: () => {
        asked.push(FAR_FROM_TODAY);
        return FAR_FROM_TODAY;
      },
    });
  });
  afterAll(() => app?.close());

  it('asks the app clock once for 1–14 Nov 2018 against 18–31 Oct 2018, whose totals are the store\'s to the 1e-10', async () => {
    const rows = await apiRows(await app.request(COMPARED));
    expect(asked).toEqual([FAR_FROM_TODAY]);

    const [sums] = await sqlRows(db, `SELECT
        CAST(sum(BilledCost) FILTER (WHERE ${within('2018-11-01', '2018-11-15')}) AS VARCHAR) AS now,
        CAST(sum(BilledCost) FILTER (WHERE ${within('2018-10-18', '2018-11-01')}) AS VARCHAR) AS then,
        CAST(sum(BilledCost) FILTER (WHERE ${within('2018-11-01', '2018-11-15')} AND x_ChargeClass = 'usage') AS VARCHAR) AS usage_now,
        CAST(sum(BilledCost) FILTER (WHERE ${within('2018-10-18', '2018-11-01')} AND x_ChargeClass = 'usage') AS VARCHAR) AS usage_then
      FROM line_items`);
    const total = (column: string) => rows.reduce((sum, row) => sum + exactOf(row[column] ?? '0'), 0n);
    expect([total('cost'), total('compared_cost'), total('usage_cost'), total('compared_usage_cost')])
      .toEqual([exactOf(sums.now!), exactOf(sums.then!), exactOf(sums.usage_now!), exactOf(sums.usage_then!)]);
    expect(new Set(rows.map((r) => r.compared_on))).toEqual(new Set(['usage']));
  });
});
