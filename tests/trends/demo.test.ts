import { copyFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';

/** Usage, restated on line_items from the CUR line item types: usage lines whose charge period is at most a day. */
const USAGE = `x_LineItemType IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation')
  AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY`;

/** Money printed by costlens (6 decimals) against the store: equal to 1e-6, or to n × 0.5e-6 for a sum of n printed figures. */
function expectMoney(actual: number | string | null, expected: number | string | null, label: string, terms = 1) {
  expect(Math.abs(Number(actual) - Number(expected)), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(Math.max(1e-6, terms * 0.5e-6) + 1e-9);
}

async function json(db: string, ...args: string[]): Promise<Record<string, string | number | null>[]> {
  const run = await costlens(db, ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('anomalies, forecast and unit-cost on the demo organisation reconcile to costlens sql', () => {
  const { dir, db } = tempStore();
  /** The shared demo (tests/global-setup.ts): seed 42, 3 months, scale 1, as-of 2026-11-15. */
  const demo = inject('demoDir');

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(demo, ['cur2', 'business-metrics.csv']), db);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('anomalies: every examined day, summed over services and over accounts, is that day’s usage BilledCost', async () => {
    const rows = await json(db, 'anomalies', '--all', '--include-provisional');
    const byDay = await sqlRows(db, `SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day, sum(CASE WHEN ${USAGE} THEN BilledCost ELSE 0 END) AS billed
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' GROUP BY 1 ORDER BY 1`);
    expect(byDay.map((r) => r.day)).toEqual([...new Set(rows.map((r) => r.day))]);
    for (const { day, billed } of byDay) {
      for (const dimension of ['service', 'account']) {
        const terms = rows.filter((r) => r.day === day && r.dimension === dimension);
        expectMoney(terms.reduce((s, r) => s + Number(r.actual), 0), billed, `${day} ${dimension}`, terms.length);
      }
    }
    // provisional is a JSON boolean, as in the events' JSON.
    expect((rows as Record<string, unknown>[]).filter((r) => r.provisional === true).map((r) => r.day).filter((d, i, a) => a.indexOf(d) === i)).toEqual(['2026-11-12', '2026-11-13', '2026-11-14']);
    expect(rows.every((r) => r.status === 'not judged' || r.expected !== null)).toBe(true);
  });

  it('forecast: month-to-date actual and its provisional part are the store sums for November', async () => {
    const [billed, effective] = await json(db, 'forecast');
    const [sums] = await sqlRows(db, `SELECT sum(BilledCost) AS billed, sum(EffectiveCost) AS effective,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-12' AND ${USAGE}) AS billed_provisional
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect([billed.asOf, billed.daysElapsed, billed.daysRemaining, billed.fitTo]).toEqual(['2026-11-14', 14, 16, '2026-11-11']);
    expectMoney(billed.mtdActual, sums.billed, 'billed MTD');
    expectMoney(effective.mtdActual, sums.effective, 'effective MTD');
    expectMoney(billed.mtdProvisional, sums.billed_provisional, 'provisional');
    expect(Number(billed.forecast)).toBeCloseTo(Number(billed.mtdActual) + Number(billed.projectedRemaining), 9);
    expect(Number(billed.low)).toBeLessThanOrEqual(Number(billed.forecast));
    expect(Number(billed.high)).toBeGreaterThanOrEqual(Number(billed.forecast));
  });

  it('unit-cost: weekly costs and orders sum to the store’s EffectiveCost of usage (of every line with --charges all) and orders, for all lines and for team=payments (normalised, and raw)', async () => {
    const weeks = await json(db, 'unit-cost', '--metric', 'orders', '--grain', 'week');
    const [store] = await sqlRows(db, `SELECT sum(EffectiveCost) FILTER (WHERE x_ChargeClass = 'usage') AS effective, sum(EffectiveCost) AS every,
      (SELECT sum(value) FROM business_metrics WHERE metric = 'orders' AND "date" <= (SELECT max(CAST(ChargePeriodStart AS DATE)) FROM line_items)) AS orders
      FROM line_items`);
    expectMoney(weeks.reduce((s, r) => s + Number(r.effectiveCost), 0), store.effective, 'effective', weeks.length);
    const everyLine = await json(db, 'unit-cost', '--metric', 'orders', '--grain', 'week', '--charges', 'all');
    expectMoney(everyLine.reduce((s, r) => s + Number(r.effectiveCost), 0), store.every, 'every charge class', everyLine.length);
    expect(weeks.reduce((s, r) => s + Number(r.units), 0)).toBe(Number(store.orders));
    // Without a config, team=payments folds case and spaces ("payments ", "Payments", "PAYMENTS"); --raw-tags reads "payments" only.
    const [payments] = await sqlRows(db, `SELECT sum(EffectiveCost) FILTER (WHERE lower(trim(Tags['team'])) = 'payments') AS folded,
      sum(EffectiveCost) FILTER (WHERE Tags['team'] = 'payments') AS raw FROM line_items WHERE x_ChargeClass = 'usage'`);
    for (const [flags, expected] of [[[], payments.folded], [['--raw-tags'], payments.raw]] as const) {
      const tagged = await json(db, 'unit-cost', '--metric', 'orders', '--tag', 'team=payments', ...flags);
      expectMoney(tagged.reduce((s, r) => s + Number(r.effectiveCost), 0), expected, `team=payments ${flags.join(' ')}`, tagged.length);
      expect(tagged.every((r) => r.unitCost === null || Math.abs(Number(r.unitCost) - Number(r.effectiveCost) / Number(r.units)) <= 1e-9)).toBe(true);
    }
    expect(Number(payments.folded)).toBeGreaterThan(Number(payments.raw));
  });
});
