/**
 * `costlens kpi`: the efficiency KPIs per month and account. On the real 2018 CUR every figure
 * is reconciled to DuckDB run directly on the two Parquet files; on the hand-made November 2023
 * CUR (tests/modernise/fixture.ts) every figure is worked out by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport, KpiRow } from '../../src/analyze/kpi/efficiency.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { writeModerniseFixture } from './fixture.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

describe('costlens kpi on the real 2018 CUR (Oct + Nov 2018)', () => {
  let report: KpiReport;

  beforeAll(async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const run = await costlens(db, 'kpi', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout);
  });

  it('covers the three months up to the data horizon that hold data: 2018-10-01 to 2018-11-30', () => {
    expect([report.from, report.to]).toEqual(['2018-10-01', '2018-11-30']);
    expect(report.rows.map((r) => [r.month, r.accountId, r.firstDay, r.lastDay])).toEqual([
      ['2018-10', '011254002932', '2018-10-01', '2018-10-31'],
      ['2018-10', '836060457634', '2018-10-01', '2018-10-31'],
      ['2018-10', null, '2018-10-01', '2018-10-31'],
      ['2018-11', '011254002932', '2018-11-01', '2018-11-30'],
      ['2018-11', '836060457634', '2018-11-01', '2018-11-30'],
      ['2018-11', null, '2018-11-01', '2018-11-30'],
    ]);
  });

  it('EC2 hours, cost and the Spot, Graviton and current-generation shares reconcile to the Parquet files', async () => {
    // Current generation by hand from data/ec2/instance-types.csv: c5.large (c6i.large lists the same 0.085), m5.large
    // (m6i.large the same 0.096) and t3.micro (no successor) are current; t2.* (t3 cheaper) and m4.xlarge (m6i cheaper) are not.
    const expected = await duckdbRows(`
      WITH lines AS (
        SELECT strftime(line_item_usage_start_date, '%Y-%m') AS month, line_item_usage_account_id AS account_id,
          line_item_usage_type AS usage_type, line_item_usage_amount AS hours,
          CASE WHEN line_item_line_item_type = 'DiscountedUsage' THEN reservation_effective_cost ELSE line_item_unblended_cost END AS cost
        FROM read_parquet([$oct, $nov])
        WHERE (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%SpotUsage%' OR line_item_usage_type LIKE '%DedicatedUsage%')
          AND line_item_line_item_type IN ('Usage', 'DiscountedUsage'))
      SELECT month, account_id, sum(hours) AS hours, sum(cost) AS cost,
        sum(CASE WHEN usage_type LIKE '%SpotUsage%' THEN hours ELSE 0 END) AS spot_hours,
        sum(CASE WHEN usage_type LIKE '%SpotUsage%' THEN cost ELSE 0 END) AS spot_cost,
        sum(CASE WHEN regexp_matches(usage_type, ':(c5|m5|t3)\\.') THEN hours ELSE 0 END) AS current_hours,
        sum(CASE WHEN regexp_matches(usage_type, ':(c5|m5|t3)\\.') THEN cost ELSE 0 END) AS current_cost
      FROM lines GROUP BY ALL ORDER BY month, account_id`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    expect(expected).toHaveLength(4);
    for (const e of expected) {
      const row = report.rows.find((r) => r.month === e.month && r.accountId === e.account_id)!;
      const [hours, cost] = [Number(e.hours), Number(e.cost)];
      expect(row.ec2Hours).toBeCloseTo(hours, 6);
      expect(Number(row.ec2Cost)).toBeCloseTo(cost, 6);
      expect(row.spot.hoursPercent).toBe(round2((Number(e.spot_hours) / hours) * 100));
      expect(row.spot.costPercent).toBe(round2((Number(e.spot_cost) / cost) * 100));
      expect(Number(row.spot.cost)).toBeCloseTo(Number(e.spot_cost), 6);
      expect(row.currentGeneration.hoursPercent).toBe(round2((Number(e.current_hours) / hours) * 100));
      expect(row.currentGeneration.costPercent).toBe(round2((Number(e.current_cost) / cost) * 100));
      expect(row.graviton).toEqual({ hours: 0, cost: '0.0000000000', hoursPercent: 0, costPercent: 0 });
      expect(row.unclassifiedHours).toBe(0);
    }
    // by hand, November, account 011254002932: Spot c5.large 719.053056 h + t2.micro 1439.45 h of 4555.480278 h = 47.38 %
    expect(report.rows.find((r) => r.month === '2018-11' && r.accountId === '011254002932')?.spot.hoursPercent).toBe(47.38);
    // the all-accounts rows add the accounts up
    for (const month of ['2018-10', '2018-11']) {
      const rows = report.rows.filter((r) => r.month === month);
      const all = rows.find((r) => r.accountId === null)!;
      expect(all.ec2Hours).toBeCloseTo(rows.filter((r) => r.accountId !== null).reduce((s, r) => s + r.ec2Hours, 0), 6);
    }
  });

  it('the gp3 share of EBS GB-months is 0 % (every volume is gp2), and the GB-months reconcile to the Parquet files', async () => {
    const expected = await duckdbRows(`
      SELECT strftime(line_item_usage_start_date, '%Y-%m') AS month, line_item_usage_account_id AS account_id, sum(line_item_usage_amount) AS gb_months
      FROM read_parquet([$oct, $nov])
      WHERE line_item_usage_type LIKE '%EBS:VolumeUsage%' AND line_item_line_item_type = 'Usage'
      GROUP BY ALL ORDER BY month, account_id`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    for (const e of expected) {
      const row = report.rows.find((r) => r.month === e.month && r.accountId === e.account_id)!;
      expect(row.ebsGbMonths).toBeCloseTo(Number(e.gb_months), 6);
      expect([row.gp3GbMonths, row.gp3Percent]).toEqual([0, 0]);
    }
  });
});

describe('costlens kpi on the hand-made November 2023 CUR', () => {
  let db: string;
  let row: KpiRow;

  beforeAll(async () => {
    const store = tempStore();
    db = store.db;
    const ingest = await costlens(db, 'ingest', writeModerniseFixture(store.dir));
    expect(ingest.code, ingest.stderr).toBe(0);
    const run = await costlens(db, 'kpi', '--format', 'json', '--months', '1');
    expect(run.code, run.stderr).toBe(0);
    const report: KpiReport = JSON.parse(run.stdout);
    expect([report.from, report.to]).toEqual(['2023-11-01', '2023-11-30']);
    expect(report.rows.map((r) => r.accountId)).toEqual(['111122223333', null]);
    row = report.rows[0];
  });

  it('EC2: 2,640 h costing 241.392; Spot, Graviton and current-generation shares by hand', () => {
    // m4.xlarge 720 h × 0.20 = 144; m4.large 480 h × 0.10 = 48; t4g.medium 720 h × 0.0336 = 24.192; Spot c5.large 720 h × 0.035 = 25.2
    expect(row).toMatchObject({ month: '2023-11', firstDay: '2023-11-01', lastDay: '2023-11-30', ec2Hours: 2640, ec2Cost: '241.3920000000' });
    // Spot: 720 / 2640 = 27.27 %; 25.2 / 241.392 = 10.44 %
    expect(row.spot).toEqual({ hours: 720, cost: '25.2000000000', hoursPercent: 27.27, costPercent: 10.44 });
    // Graviton (t4g): 720 / 2640 = 27.27 %; 24.192 / 241.392 = 10.02 %
    expect(row.graviton).toEqual({ hours: 720, cost: '24.1920000000', hoursPercent: 27.27, costPercent: 10.02 });
    // current generation (t4g, c5): 1440 / 2640 = 54.55 %; 49.392 / 241.392 = 20.46 %; the m4s are older generation
    expect(row.currentGeneration).toEqual({ hours: 1440, cost: '49.3920000000', hoursPercent: 54.55, costPercent: 20.46 });
  });

  it('EBS: 1,400 GB-months of which gp3 100 = 7.14 %', () => {
    // io1 100 + io1 200 + gp2 1000 + gp3 100 GB for the whole month
    expect([row.ebsGbMonths, row.gp3GbMonths, row.gp3Percent]).toEqual([1400, 100, 7.14]);
  });

  it('CSV has a header and a row per month and account; bad --months is a usage error naming the flag', async () => {
    const csv = await costlens(db, 'kpi', '--format', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = parseCsvRecords(csv.stdout);
    expect(header.slice(0, 4)).toEqual(['month', 'account_id', 'first_day', 'last_day']);
    expect(rows.map((r) => r[1])).toEqual(['111122223333', '(all)']);
    const bad = await costlens(db, 'kpi', '--months', 'two');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--months must be a whole number from 1 to 36; got "two"');
  });
});
