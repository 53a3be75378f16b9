import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { CUR_RUN_RATE, anomalyRuleOnCurCtes } from '../helpers/anomaly-rule-on-cur.ts';
import { days } from './fixtures.ts';

/*
 * The real October 2018 CUR (Athena Parquet), ingested, against the same figures computed by
 * DuckDB directly on the file, with the rules restated here on the CUR's own columns:
 *  - charge day = UTC day of line_item_usage_start_date;
 *  - run-rate charges = lines whose usage period is at most one day (the month-long RIFee lines are not);
 *  - EffectiveCost = the standard amortisation formula.
 */
const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;

/** Money printed by costlens (actual, median and delta exact to 10 decimals; MAD and range 6) against DuckDB's DOUBLE figure: equal to 1e-6. */
function expectMoney(actual: string | null, expected: string | number | null, label: string) {
  expect(actual, label).not.toBeNull();
  expect(Math.abs(Number(actual) - Number(expected)), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6);
}

describe('trends on the real October 2018 CUR, checked by DuckDB on the file', () => {
  /** The store of the real October and the business metrics, written and ingested once per machine (tests/helpers/derived-files.ts, cached-stores.ts); only read. */
  let db: string;
  const missingDay = '2018-10-15';
  const orders = (day: string) => 1000 + 10 * Number(day.slice(8));

  beforeAll(async () => {
    const metrics = days('2018-10-01', '2018-10-31').filter((d) => d !== missingDay).map((d) => `${d},orders,${orders(d)}`);
    const files = await derivedFiles([{ name: 'business-metrics.csv', text: ['date,metric,value', ...metrics].join('\n') + '\n' }]);
    db = await cachedStore([[REAL_OCT_2018, files['business-metrics.csv']]]);
  });

  it('anomalies on the 29th–31st (the first days with 28 days of history): every verdict, median and MAD as DuckDB computes them', async () => {
    const expected = await duckdbRows(`
      ${anomalyRuleOnCurCtes('$file', "j.day >= DATE '2018-10-29'")}
      SELECT CAST(m.day AS VARCHAR) AS day, m.dimension, m.value, m.n, m.actual, m.expected, d.mad, m.actual - m.expected AS delta,
        CASE WHEN abs(m.actual - m.expected) > 3 * d.mad AND abs(m.actual - m.expected) > 10 THEN 'anomaly' ELSE 'normal' END AS status
      FROM med m JOIN mad d ON d.day = m.day AND d.dimension = m.dimension AND d.value = m.value
      WHERE NOT (m.actual = 0 AND m.biggest = 0)
      ORDER BY m.day, m.dimension DESC, abs(m.actual - m.expected) DESC, m.value`, { file: REAL_OCT_2018 });
    expect(expected.every((e) => e.n === '28')).toBe(true);

    const run = await costlens(db, 'anomalies', '--days', '3', '--all', '--include-provisional', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, string | null>[];
    expect(rows.map((r) => [r.day, r.dimension, r.value, r.status, r.provisional])).toEqual(
      expected.map((e) => [e.day, e.dimension, e.value, e.status, true]));
    rows.forEach((r, i) => {
      const e = expected[i];
      const label = `${r.day} ${r.value}`;
      expectMoney(r.actual, e.actual, `${label} actual`);
      expectMoney(r.expected, e.expected, `${label} median`);
      expectMoney(r.mad, e.mad, `${label} MAD`);
      expectMoney(r.low, Number(e.expected) - 3 * Number(e.mad), `${label} low`);
      expectMoney(r.high, Number(e.expected) + 3 * Number(e.mad), `${label} high`);
      expectMoney(r.delta, e.delta, `${label} delta`);
    });
    expect(rows.length).toBeGreaterThan(10);
  });

  it('forecast as of the 20th: MTD actual, the least-squares run-rate over the 1st–20th and the residual band, as DuckDB computes them', async () => {
    const [expected] = await duckdbRows(`
      WITH d AS (
        SELECT CAST(line_item_usage_start_date AS DATE) AS day,
          sum(line_item_unblended_cost) AS billed, sum(${EFFECTIVE}) AS effective,
          CAST(sum(CASE WHEN ${CUR_RUN_RATE} THEN line_item_unblended_cost ELSE 0 END) AS DOUBLE) AS rr_billed,
          CAST(sum(CASE WHEN ${CUR_RUN_RATE} THEN ${EFFECTIVE} ELSE 0 END) AS DOUBLE) AS rr_effective
        FROM read_parquet($file) GROUP BY 1
      ),
      x AS (SELECT *, CAST(day - DATE '2018-10-01' AS DOUBLE) AS t FROM d WHERE day <= DATE '2018-10-20'),
      fit AS (SELECT regr_slope(rr_billed, t) AS bb, regr_intercept(rr_billed, t) AS ab,
                     regr_slope(rr_effective, t) AS be, regr_intercept(rr_effective, t) AS ae FROM x),
      band AS (SELECT quantile_cont(rr_billed - (ab + bb * t), 0.1) AS lb, quantile_cont(rr_billed - (ab + bb * t), 0.9) AS hb,
                      quantile_cont(rr_effective - (ae + be * t), 0.1) AS le, quantile_cont(rr_effective - (ae + be * t), 0.9) AS he FROM x, fit),
      remaining AS (SELECT CAST(range AS DOUBLE) AS t FROM range(20, 31))
      SELECT (SELECT sum(billed) FROM x) AS mtd_billed, (SELECT sum(effective) FROM x) AS mtd_effective,
        sum(greatest(0, ab + bb * t)) AS proj_billed, sum(greatest(0, ab + bb * t + lb)) AS low_billed, sum(greatest(0, ab + bb * t + hb)) AS high_billed,
        sum(greatest(0, ae + be * t)) AS proj_effective, sum(greatest(0, ae + be * t + le)) AS low_effective, sum(greatest(0, ae + be * t + he)) AS high_effective,
        any_value(ab + bb * 20) AS next_billed
      FROM remaining, fit, band`, { file: REAL_OCT_2018 });
    const run = await costlens(db, 'forecast', '--as-of', '2018-10-20', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Record<string, string>[];
    expect([billed.cost, billed.daysElapsed, billed.daysRemaining, billed.provisionalDays, billed.fitFrom, billed.fitTo, billed.fitDays])
      .toEqual(['BilledCost', 20, 11, 0, '2018-10-01', '2018-10-20', 20]);
    for (const [row, m] of [[billed, 'billed'], [effective, 'effective']] as const) {
      expectMoney(row.mtdActual, expected[`mtd_${m}`], `${m} MTD`);
      expectMoney(row.projectedRemaining, expected[`proj_${m}`], `${m} projected`);
      expectMoney(row.forecast, Number(expected[`mtd_${m}`]) + Number(expected[`proj_${m}`]), `${m} forecast`);
      expectMoney(row.low, Number(expected[`mtd_${m}`]) + Number(expected[`low_${m}`]), `${m} low`);
      expectMoney(row.high, Number(expected[`mtd_${m}`]) + Number(expected[`high_${m}`]), `${m} high`);
      expect(Number(row.low)).toBeLessThan(Number(row.forecast));
      expect(Number(row.high)).toBeGreaterThan(Number(row.forecast));
    }
    expectMoney(billed.nextDayRunRate, expected.next_billed, 'next day run-rate');
  });

  it('forecast as of the last day is the month total, 4064.4831 unblended, with the last 3 days labelled provisional', async () => {
    const [expected] = await duckdbRows(`SELECT sum(line_item_unblended_cost) AS total,
        sum(line_item_unblended_cost) FILTER (WHERE line_item_usage_start_date >= TIMESTAMP '2018-10-29') AS provisional
      FROM read_parquet($file)`, { file: REAL_OCT_2018 });
    const run = await costlens(db, 'forecast', '--as-of', '2018-10-31', '--format', 'json');
    const [billed] = JSON.parse(run.stdout) as Record<string, string>[];
    expect([billed.asOf, billed.daysRemaining, billed.provisionalDays, billed.fitTo]).toEqual(['2018-10-31', 0, 3, '2018-10-28']);
    expect(Number(billed.forecast).toFixed(4)).toBe('4064.4831');
    expectMoney(billed.forecast, expected.total, 'month total');
    expectMoney(billed.mtdProvisional, expected.provisional, 'provisional');
    expect([billed.low, billed.high]).toEqual([billed.forecast, billed.forecast]);
  });

  it('unit cost of cost_center=Cost001 per order, per day, with the day without orders shown', async () => {
    const expected = await duckdbRows(`SELECT CAST(CAST(line_item_usage_start_date AS DATE) AS VARCHAR) AS day, sum(${EFFECTIVE}) AS cost
      FROM read_parquet($file) WHERE resource_tags_user_cost_center = 'Cost001' GROUP BY 1 ORDER BY 1`, { file: REAL_OCT_2018 });
    expect(expected.length).toBe(31);
    const run = await costlens(db, 'unit-cost', '--metric', 'orders', '--tag', 'cost_center=Cost001', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { day: string; effectiveCost: string; units: number | null; unitCost: string | null; note: string | null }[];
    expect(rows.map((r) => r.day)).toEqual(expected.map((e) => e.day));
    rows.forEach((r, i) => {
      const e = expected[i];
      expectMoney(r.effectiveCost, e.cost, `${r.day} cost`);
      if (r.day === missingDay) {
        expect([r.units, r.unitCost, r.note]).toEqual([null, null, 'no metric value']);
      } else {
        expect(r.units).toBe(orders(r.day));
        expect(Math.abs(Number(r.unitCost) - Number(e.cost) / orders(r.day))).toBeLessThanOrEqual(1e-10);
      }
    });
  });
});
