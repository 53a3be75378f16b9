/**
 * Rightsizing never counts a partial day. On the real October and November 2018 CUR (Athena
 * Parquet) cut by DuckDB at 2018-11-20 12:00, the store holds half of the 20th: its data horizon,
 * the last complete day, is the 19th. `rightsize --as-of 2018-11-22` looks at the cost window
 * 2018-10-23 … 2018-11-21, of which the store holds 28 complete days (10-23 … 11-19): the window
 * cost is the EffectiveCost of those 28 days only, scaled by 730/672 (a month of 730 h over their
 * 672 h), so the monthly saving is the one the default as-of (2018-11-20, 30 complete days, × 730/720)
 * gives. Before, the half day's lines entered the window cost and were scaled as the 28 days too
 * (684 h instead of 672 h: the RDS instance saved 212.53 instead of 208.80, a month of 720 h then). Its metrics stop at the horizon too (tests/optimisation/metrics-horizon.test.ts):
 * the instances have CPU data on 12 complete days of the look-back 8 … 21 Nov, fewer than the 14
 * the rule needs, so with --as-of 2018-11-22 only the function is judged; the instances' window
 * figures are those instance_costs.sql and instance_commitments.sql give for the days rightsize
 * counts (complete_until 2018-11-20), and the default as-of recommends them.
 *
 * - arn:…:db:prod2, db.r4.large at 0.29 an hour, CPU at most 0.8 %: terminate. 28 days: 672 h,
 *   194.88 × 730/672 = 211.70, 0.29 × 730 (the half day made it 198.36 × 30/28 = 212.53 over 720 h).
 * - i-0ed9420a261b3f355, m4.xlarge at 0.20, p99.5 CPU 10 %: m4.large (0.10), × 0.5. 134.40 × 730/672
 *   = 146.00, saving 73.00 (with the half day 136.80 → 73.29 over 720 h).
 * - i-09676b3839354c8ae, m5.large at 0.188: t3a.large (0.0752 / 0.096 of the price). 126.336 ×
 *   730/672 = 137.24 × (1 − 0.0752 / 0.096) = 29.7353… → 29.74 (with the half day 128.592 → 29.85 over 720 h).
 * - i-0869de38a16b03bbb, c5.large, most hours on a Reserved Instance (DiscountedUsage at the
 *   reservation's effective cost): its window cost and hours are the 28 days' too.
 * - api, a Lambda function (FOCUS lines beside the CUR: 3.00 a day to the 19th, then 0.125 an
 *   hour up to 12:00 on the 20th), 1024 MB without a memory metric: halved to 512 MB. 28 × 3 = 84
 *   × 730/672 × 0.5 = 45.625 → 45.63 (with the half day's 1.50, 85.50 → 45.80 over 720 h).
 * Every window figure is checked against DuckDB's sums on the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { costlensOnce } from '../helpers/cli-once.ts';
import { REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { days, series, type MetricPoint } from './fixtures.ts';
import { ACCOUNT, FN, partialDayRealStore, type PartialDayRealStore } from './partial-day-real-store.ts';

/** `costlens` on the store, each distinct run once (tests/helpers/cli-once.ts): the store is only read, so a repeat prints the same. */
const once = costlensOnce();

/** {@link once}'s run of `ARGS --format json`, parsed as jsonOf parses it. */
async function onceJson<T>(db: string, ...args: string[]): Promise<T> {
  const run = await once(db, ...args, '--format', 'json');
  if (run.code !== 0) throw new Error(`costlens ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const RDS = `arn:aws:rds:us-east-1:${ACCOUNT}:db:prod2`;
const M4 = 'i-0ed9420a261b3f355';
const M5 = 'i-09676b3839354c8ae';
const C5 = 'i-0869de38a16b03bbb';
const INSTANCES = [RDS, M4, M5, C5];

/** The CUR's EffectiveCost of a line (the store's formula for these line types), exact per line as the store keeps it. */
const EFFECTIVE = `CAST(CASE line_item_line_item_type WHEN 'DiscountedUsage' THEN reservation_effective_cost ELSE line_item_unblended_cost END AS DECIMAL(38, 10))`;

const METRIC_DAYS = days('2018-10-20', '2018-11-25');
const metrics: MetricPoint[] = [
  ...series(RDS, 'AWS/RDS', 'CPUUtilization', 'p99.5', METRIC_DAYS, () => 0.5),
  ...series(RDS, 'AWS/RDS', 'CPUUtilization', 'Maximum', METRIC_DAYS, () => 0.8),
  ...[M4, M5, C5].flatMap((id) => [
    ...series(id, 'AWS/EC2', 'CPUUtilization', 'p99.5', METRIC_DAYS, () => 10),
    ...series(id, 'AWS/EC2', 'CPUUtilization', 'Maximum', METRIC_DAYS, () => 12),
  ]),
  ...series(FN, 'AWS/Lambda', 'Duration', 'Average', METRIC_DAYS, () => 100),
  ...series(FN, 'AWS/Lambda', 'Duration', 'Maximum', METRIC_DAYS, () => 500),
  ...series(FN, 'AWS/Lambda', 'Duration', 'p99', METRIC_DAYS, () => 300),
  ...series(FN, 'AWS/Lambda', 'Invocations', 'Sum', METRIC_DAYS, () => 1000),
];

describe('rightsizing on a store whose last day is partial (the real 2018 CUR cut at 2018-11-20 12:00)', () => {
  /** The real 2018 CUR cut at 20 Nov 12:00, the function's bill and inventory, and these metrics: the store and its files, read only. */
  let store: PartialDayRealStore;

  /** DuckDB's window cost and hours of each instance on the cut November and October, usage starting in [from, to). */
  async function truth(from: string, to: string): Promise<Record<string, [string, number]>> {
    const rows = await duckdbRows(`SELECT line_item_resource_id AS id, CAST(sum(${EFFECTIVE}) AS VARCHAR) AS cost, CAST(sum(line_item_usage_amount) AS VARCHAR) AS hours
      FROM read_parquet([$oct, $nov])
      WHERE line_item_resource_id IN (${INSTANCES.map((id) => `'${id}'`).join(', ')})
        AND (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%InstanceUsage%')
        AND line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)
      GROUP BY 1 ORDER BY 1`, { oct: REAL_OCT_2018, nov: store.partialNov, from, to });
    return Object.fromEntries(rows.map((r) => [r.id!, [r.cost!, Number(r.hours)]]));
  }

  beforeAll(async () => {
    store = await partialDayRealStore(metrics);
  }, 120_000);

  it('the cut file holds the 20th up to its 11:00 hour; the instances ran every hour of the 28 complete days and 12 of the 20th', async () => {
    const [last] = await duckdbRows(`SELECT CAST(max(line_item_usage_start_date) AS VARCHAR) AS start FROM read_parquet($file)`, { file: store.partialNov });
    expect(last.start).toBe('2018-11-20 11:00:00');
    expect(await truth('2018-10-23', '2018-11-20')).toEqual({
      [RDS]: ['194.8800000000', 672], [C5]: ['36.2895610200', 672], [M5]: ['126.3360000000', 672], [M4]: ['134.4000000000', 672],
    });
    expect(await truth('2018-11-20', '2018-11-22')).toEqual({
      [RDS]: ['3.4800000000', 12], [C5]: ['0.6510228200', 12], [M5]: ['2.2560000000', 12], [M4]: ['2.4000000000', 12],
    });
  });

  /** Runs an optimisation query for --as-of 2018-11-22 with the end of the days rightsize counts, 2018-11-20 (the day after the horizon). */
  async function queryRows(name: string): Promise<Record<string, unknown>[]> {
    const run = await costlens(store.db, 'query', name, '--param', 'as_of=2018-11-22', '--param', 'complete_until=2018-11-20', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, unknown>[];
  }

  it('--as-of 2018-11-22: each window cost and hours are DuckDB\'s sums over the 28 complete days; the function\'s saving scales them by 730/672', async () => {
    const complete = await truth('2018-10-23', '2018-11-20');
    const costs = new Map((await queryRows('optimisation/instance_costs')).map((r) => [r.resource_id, [r.window_cost, r.hours_billed]]));
    for (const id of INSTANCES) expect([id, ...costs.get(id)!]).toEqual([id, ...complete[id]]);
    const recs = await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize', '--as-of', '2018-11-22');
    expect(recs.map((r) => [r.resourceId, r.recommendedType, r.monthlySavingBill, r.evidence.costDaysInStore, r.costWindow, r.windowCost])).toEqual([
      [FN, '512 MB', '45.63', 28, { start: '2018-10-23', end: '2018-11-22' }, '84.0000000000'],
    ]);
    // The instances' CPU runs to the 24th, but 12 of the 14 look-back days are complete: none is judged
    // (before, the 20th and 21st made 14 days and they were recommended, as on the default as-of below).
    const table = (await once(store.db, 'rightsize', '--as-of', '2018-11-22')).stdout;
    for (const id of INSTANCES) {
      expect(table).toContain(`  ${id}: CPU data on 12 of the 14 look-back days (the days from 2018-11-20 on are after the data horizon and not judged)\n`);
    }
  });

  it('the monthly savings of the default as-of, 2018-11-20, whose 30 days are all complete: the function\'s is the one --as-of 2018-11-22 gives from 28', async () => {
    const atHorizon = await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize');
    const past = await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize', '--as-of', '2018-11-22');
    const savings = (recs: RightsizingRecommendation[]) => recs.map((r) => [r.resourceId, r.monthlySavingBill, r.monthlySavingCommitment]);
    // 30 complete days, 720 h: 208.80, 144.00, 90.00 and 135.36 × 730/720 × their ratios.
    expect(savings(atHorizon).filter(([id]) => id !== C5)).toEqual([[RDS, '211.70', '0.00'], [M4, '73.00', '0.00'], [FN, '45.63', '0.00'], [M5, '29.74', '0.00']]);
    expect(savings(past)).toEqual(savings(atHorizon).filter(([id]) => id === FN));
    // The list saving for the hours run counts the 720 h of the 30 days: (0.2 − 0.1) × 720 = 72.00.
    expect(atHorizon.find((r) => r.resourceId === M4)?.listSavingForHoursRun).toBe('72.00');
    // The c5.large's Reserved Instance coverage stops at the horizon too: 621 of the 28 days' 672 h (the half day added 11 h).
    const c5 = (await queryRows('optimisation/instance_commitments')).filter((r) => r.resource_id === C5);
    expect(c5.map((r) => [r.commitment_type, r.covered_hours, r.covered_cost])).toEqual([['Reserved Instance', 621, '31.9545610200']]);
    expect(atHorizon.map((r) => [r.hoursRun, r.evidence.costDaysInStore])).toEqual([[720, 30], [720, 30], [null, 30], [720, 30], [720, 30]]);
  });

  it('the heading says the window holds 28 complete days, that the data ends at the horizon and that later lines are not counted', async () => {
    const recs = await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize', '--as-of', '2018-11-22');
    const cents = recs.reduce((sum, r) => sum + BigInt(r.monthlySavingBill.replace('.', '')), 0n);
    const total = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
    const run = await once(store.db, 'rightsize', '--as-of', '2018-11-22');
    expect(run.code, run.stderr).toBe(0);
    const heading = `Rightsizing as of 22 Nov 2018 (look-back 8–21 Nov 2018): 1 recommendation, $${total} a month saved on the bill`
      + ' (EffectiveCost 23 Oct – 21 Nov 2018 × 730/672: a month of 730 h; the store holds 28 of its 30 days; the store\'s billing data ends on 19 Nov 2018'
      + ' (the data horizon: the days after it are partial or not billed yet, and their lines are not counted))';
    expect(run.stdout.slice(0, heading.length)).toBe(heading);
  });
});
