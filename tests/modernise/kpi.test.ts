/**
 * `costlens kpi`: the efficiency KPIs per month and account. On the real 2018 CUR every figure
 * is reconciled to DuckDB run directly on the two Parquet files; on the hand-made November 2023
 * CUR (tests/modernise/fixture.ts) every figure is worked out by hand; on the shared demo (CUR 2.0)
 * the terminal table's cells of one account-month are restated from the line items. What kpi,
 * modernise and the KPI page say of the AWS usage lines without a usage type (the real FOCUS 1.0
 * sample): kpi-without-usage-type.test.ts.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { KpiReport, KpiRow } from '../../src/analyze/kpi/efficiency.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { textTableRows } from '../helpers/text-table-rows.ts';
import { writeModerniseFixture } from './fixture.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

describe('costlens kpi on the real 2018 CUR (Oct + Nov 2018)', () => {
  let report: KpiReport;

  beforeAll(async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const run = await costlens(db, 'kpi', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, '']); // no note: every usage line of a CUR has its usage type
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
    // The report folder's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    db = await cachedStoreOfFolder((dir) => writeModerniseFixture(dir));
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

/** The table's percentage, hour and GB-month columns, and where each sits in a JSON row. */
const FIGURES: [string, (r: KpiRow) => number | null][] = [
  ['ec2_hours', (r) => r.ec2Hours], ['spot_hours_pct', (r) => r.spot.hoursPercent], ['spot_cost_pct', (r) => r.spot.costPercent],
  ['graviton_hours_pct', (r) => r.graviton.hoursPercent], ['graviton_cost_pct', (r) => r.graviton.costPercent],
  ['current_gen_hours_pct', (r) => r.currentGeneration.hoursPercent], ['current_gen_cost_pct', (r) => r.currentGeneration.costPercent],
  ['unclassified_hours', (r) => r.unclassifiedHours], ['ebs_gb_months', (r) => r.ebsGbMonths], ['gp3_gb_months', (r) => r.gp3GbMonths],
  ['gp3_pct', (r) => r.gp3Percent], ['coverage_pct', (r) => r.commitmentCoverage.costPercent], ['s3_standard_pct', (r) => r.s3StandardPercent],
];

/**
 * The terminal table wrote its figures in mixed shapes: percentages `0`, `100`, `66.67`, `41.4` in
 * one column, GB-months `1218.466667` beside `96.6`, hours `29616` without separators. It writes them
 * as `costlens commitments` does now (src/lib/quantity-cells.ts): percentages with two decimals on every
 * row, hours and GB-months two decimals at most with thousands separators, each rounded once, half away
 * from zero; csv and json keep the exact figures. The shared demo as of 2026-11-15: November 1–14.
 */
describe('costlens kpi on the demo: the terminal table\'s shapes; csv and json exact', () => {
  const ACCOUNT = '381362935381';
  let db: string;
  let report: KpiReport;
  let table: string;
  let csv: string[][];

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const runs = await Promise.all([['--format', 'json'], ['--wide'], ['--format', 'csv']].map((a) => costlens(db, 'kpi', '--months', '1', ...a)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(runs[0].stdout);
    table = runs[1].stdout;
    csv = parseCsvRecords(runs[2].stdout);
  });

  it(`account ${ACCOUNT}, November 1–14: each cell restated from the line items`, async () => {
    // Current generation by hand from data/ec2/instance-types.csv: m5 (m6i lists the same) and t3 (no cheaper successor) are; c4, m4, r4 and t2 are not.
    const [ec2] = await sqlRows(db, `SELECT sum(ConsumedQuantity) AS hours, sum(EffectiveCost) AS cost,
        sum(CASE WHEN regexp_matches(x_UsageType, ':(m5|t3)\\.') THEN ConsumedQuantity ELSE 0 END) AS current_hours,
        round(100 * sum(CASE WHEN regexp_matches(x_UsageType, ':(m5|t3)\\.') THEN ConsumedQuantity ELSE 0 END) / sum(ConsumedQuantity), 2) AS current_hours_pct,
        round(100 * sum(CASE WHEN regexp_matches(x_UsageType, ':(m5|t3)\\.') THEN EffectiveCost ELSE 0 END) / sum(EffectiveCost), 2) AS current_cost_pct,
        count(*) FILTER (WHERE x_UsageType LIKE '%SpotUsage%' OR regexp_matches(x_UsageType, ':(a1|[a-z]+[0-9]+g[a-z]*)\\.')) AS spot_or_graviton_lines
      FROM line_items WHERE SubAccountId = '${ACCOUNT}' AND x_ChargeClass = 'usage'
        AND (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%SpotUsage%' OR x_UsageType LIKE '%DedicatedUsage%')
        AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect(ec2).toEqual({ hours: '4032', cost: '574.8960000000', current_hours: '2688', current_hours_pct: '66.67', current_cost_pct: '71.98', spot_or_graviton_lines: '0' });
    const [ebs] = await sqlRows(db, `SELECT round(sum(ConsumedQuantity), 6) AS gb_months, round(sum(ConsumedQuantity), 2) AS gb_months_2,
        round(sum(ConsumedQuantity) FILTER (WHERE x_UsageType LIKE '%.gp3'), 6) AS gp3, round(sum(ConsumedQuantity) FILTER (WHERE x_UsageType LIKE '%.gp3'), 2) AS gp3_2,
        round(100 * sum(ConsumedQuantity) FILTER (WHERE x_UsageType LIKE '%.gp3') / sum(ConsumedQuantity), 2) AS gp3_pct
      FROM line_items WHERE SubAccountId = '${ACCOUNT}' AND x_ChargeClass = 'usage' AND x_UsageType LIKE '%EBS:VolumeUsage%'
        AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect(ebs).toEqual({ gb_months: '1218.466667', gb_months_2: '1218.47', gp3: '504.466667', gp3_2: '504.47', gp3_pct: '41.4' });
    // No line of the account's names a commitment (coverage 0.00); its S3 storage lines are all S3 Standard (TimedStorage-ByteHrs: 100.00).
    const [other] = await sqlRows(db, `SELECT count(*) FILTER (WHERE CommitmentDiscountId IS NOT NULL) AS committed_lines,
        count(*) FILTER (WHERE x_UsageType LIKE '%TimedStorage%') AS s3_lines, count(*) FILTER (WHERE x_UsageType LIKE '%TimedStorage%' AND x_UsageType NOT LIKE '%TimedStorage-ByteHrs') AS other_class_lines
      FROM line_items WHERE SubAccountId = '${ACCOUNT}' AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect(other).toEqual({ committed_lines: '0', s3_lines: '42', other_class_lines: '0' });
    const row = textTableRows(table, 'month').find((r) => r.account_id === ACCOUNT)!;
    // 4032 h → 4,032; $574.896 → $574.90; 0 → 0.00 (no Spot or Graviton line); 66.67 and 71.98 as they are; 1218.466667 → 1,218.47;
    // 504.466667 → 504.47; 41.4 → 41.40; coverage 0 → 0.00; S3 Standard 100 → 100.00.
    expect(Object.fromEntries(['ec2_hours', 'ec2_cost', ...FIGURES.slice(1).map(([c]) => c)].map((c) => [c, row[c]]))).toEqual({
      ec2_hours: '4,032', ec2_cost: '$574.90', spot_hours_pct: '0.00', spot_cost_pct: '0.00', graviton_hours_pct: '0.00', graviton_cost_pct: '0.00',
      current_gen_hours_pct: '66.67', current_gen_cost_pct: '71.98', unclassified_hours: '0', ebs_gb_months: '1,218.47', gp3_gb_months: '504.47',
      gp3_pct: '41.40', coverage_pct: '0.00', s3_standard_pct: '100.00',
    });
  });

  it('the (all) row: hours and GB-months with thousands separators; an account without EC2 or EBS keeps its blank percentages; every figure right-aligned', () => {
    const rows = textTableRows(table, 'month');
    const all = rows.find((r) => r.account_id === '(all)')!;
    // JSON (below, exact): 29616 h, 10972.733333 and 5685.4 GB-months, 95.46 %, 96.65 %, 51.81 %, 17.45 %.
    expect([all.ec2_hours, all.ebs_gb_months, all.gp3_gb_months, all.current_gen_hours_pct, all.current_gen_cost_pct, all.gp3_pct, all.coverage_pct])
      .toEqual(['29,616', '10,972.73', '5,685.4', '95.46', '96.65', '51.81', '17.45']);
    const idle = rows.find((r) => r.account_id === '315897898083')!;
    expect(FIGURES.map(([c]) => idle[c])).toEqual(['0', '', '', '', '', '', '', '0', '0', '0', '', '', '100.00']);
    const lines = table.split('\n');
    const header = lines.findIndex((l) => l.startsWith('month '));
    const spans = [...lines[header + 1].matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
    const names = spans.map(([a, b]) => lines[header].slice(a, b).trim());
    for (const [column] of FIGURES) {
      const [start, end] = spans[names.indexOf(column)];
      for (const line of lines.slice(header + 2, header + 2 + rows.length)) expect(line.slice(start, end), column).toBe(line.slice(start, end).trim().padStart(end - start));
    }
  });

  it('under the table, a line says why the (all) row\'s savings are not the sum of the account rows\' (README, "Efficiency KPIs")', () => {
    const cents = (saving: string | null) => (saving === null ? 0n : BigInt(saving.replace('.', '')));
    const all = report.rows.find((r) => r.accountId === null)!;
    const accounts = report.rows.filter((r) => r.accountId !== null);
    // The 13 accounts' savings at the targets add up to $1,913.58; the organisation's is $1,904.82.
    expect([accounts.length, accounts.reduce((sum, r) => sum + cents(r.totalSaving), 0n), cents(all.totalSaving)]).toEqual([13, 191358n, 190482n]);
    const lines = table.split('\n');
    const end = lines.findIndex((l) => /^\(\d+ rows\)$/.test(l));
    expect(lines.slice(end, end + 3)).toEqual(['(14 rows)',
      "The (all) row's savings are not the sum of the account rows': each account is measured against the target on its own; the (all) row measures the organisation.", '']);
  });

  it('csv and json keep the exact figures: csv writes each as JSON has it (41.4, 100, 1218.466667), nothing rounded or grouped', () => {
    const [header, ...rows] = csv;
    expect(rows).toHaveLength(report.rows.length);
    rows.forEach((cells, i) => {
      const r = report.rows[i];
      expect(cells[header.indexOf('account_id')]).toBe(r.accountId ?? '(all)');
      for (const [column, value] of FIGURES) expect(cells[header.indexOf(column)], column).toBe(value(r) === null ? '' : String(value(r)));
      expect(cells[header.indexOf('ec2_cost')]).toBe(r.ec2Cost);
    });
    const mine = report.rows.find((r) => r.accountId === ACCOUNT)!;
    expect([mine.ec2Hours, mine.ec2Cost, mine.currentGeneration.hoursPercent, mine.ebsGbMonths, mine.gp3GbMonths, mine.gp3Percent, mine.commitmentCoverage.costPercent, mine.s3StandardPercent])
      .toEqual([4032, '574.8960000000', 66.67, 1218.466667, 504.466667, 41.4, 0, 100]);
    const line = rows.find((c) => c[1] === ACCOUNT)!;
    expect(FIGURES.map(([c]) => line[header.indexOf(c)])).toEqual(['4032', '0', '0', '0', '0', '66.67', '71.98', '0', '1218.466667', '504.466667', '41.4', '0', '100']);
  });
});
