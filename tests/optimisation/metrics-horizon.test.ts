/**
 * Rightsizing's metrics and the "Metrics:" coverage lines stop at the data horizon, as the cost
 * window does. The real October and November 2018 CUR (Athena Parquet), November cut by DuckDB at
 * 2018-11-20 12:00, beside a FOCUS bill of a Lambda function cut at the same hour: the store holds
 * half of the 20th, so its data horizon is the 19th. The metrics run to the 24th and change on the
 * 20th; `--as-of 2018-11-22` looks back at 8 … 21 Nov, of which 12 days are complete (8 … 19 Nov):
 *
 * - the function api (1024 MB, 30 s timeout, 3.00 a day of Lambda-GB-Second): Lambda Insights
 *   measured at most 300 MB used a day to the 19th and 700 MB from the 20th (Duration Average
 *   100 ms → 400 ms, p99 300 → 1,500 ms, 1,000 → 3,000 invocations a day). Over the 12 complete
 *   days it needs 300 / 0.8 = 375 → 384 MB: 84.00 (28 complete days of the bill, 672 h) × 730/672 ×
 *   (1 − 384/1024) = 91.25 × 0.625 = 57.03125 → 57.03, what the default as-of (2018-11-20) gives
 *   (90.00 × 730/720). Before, the 20th and 21st made 14 days, 700 MB → 896 MB and 90.00 × (1 −
 *   896/1024) = 11.25, with 18,000 invocations at 200 ms (the month then 30 days: 56.25, not 57.03).
 * - the m4.xlarge i-0ed9420a261b3f355: p99.5 CPU 10 % a day to the 19th, 95 % from the 20th. On the
 *   default as-of: m4.large, 144.00 (720 h at 0.20) × 730/720 × 0.5 = 73.00. With --as-of 2018-11-22 it has CPU data on 12 of the 14 days and
 *   is not judged, as idle's rules that need every day do not fire; before, the two later days made
 *   14 and its p99.5 95 %: no recommendation and no word why.
 * - the coverage lines: i-0horizoncpu has a CPU Average on 17 … 21 Nov, 3 complete days of the 4 that
 *   idle's EC2 rule needs; idle's line called it usable (5 days) while the rule did not judge it.
 *   The m4.xlarge's 12 days are fewer than rightsizing's 14: its line called it usable too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { costlensOnce } from '../helpers/cli-once.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { days, jsonOf, series, type MetricPoint } from './fixtures.ts';
import { FN, partialDayRealStore, type PartialDayRealStore } from './partial-day-real-store.ts';

/** `costlens` on the store, each distinct run once (tests/helpers/cli-once.ts): the store is only read, so a repeat prints the same. */
const once = costlensOnce();

/** {@link once}'s run of `ARGS --format json`, parsed as jsonOf parses it. */
async function onceJson<T>(db: string, ...args: string[]): Promise<T> {
  const run = await once(db, ...args, '--format', 'json');
  if (run.code !== 0) throw new Error(`costlens ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const M4 = 'i-0ed9420a261b3f355';
const CPU_ONLY = 'i-0horizoncpu';
const METRIC_DAYS = days('2018-10-20', '2018-11-25');
/** One value a day to the 19th (the data horizon), another from the half day of the 20th on. */
const toHorizon = (complete: number, later: number) => (day: string) => (day < '2018-11-20' ? complete : later);
const NOTE = ' (the days from 2018-11-20 on are after the data horizon and not judged)';

const metrics: MetricPoint[] = [
  ...series(M4, 'AWS/EC2', 'CPUUtilization', 'p99.5', METRIC_DAYS, toHorizon(10, 95)),
  ...series(M4, 'AWS/EC2', 'CPUUtilization', 'Maximum', METRIC_DAYS, toHorizon(12, 99)),
  ...series(CPU_ONLY, 'AWS/EC2', 'CPUUtilization', 'Average', days('2018-11-17', '2018-11-22'), () => 1),
  ...series(FN, 'AWS/Lambda', 'Duration', 'Average', METRIC_DAYS, toHorizon(100, 400)),
  ...series(FN, 'AWS/Lambda', 'Duration', 'Maximum', METRIC_DAYS, toHorizon(500, 2000)),
  ...series(FN, 'AWS/Lambda', 'Duration', 'p99', METRIC_DAYS, toHorizon(300, 1500)),
  ...series(FN, 'AWS/Lambda', 'Invocations', 'Sum', METRIC_DAYS, toHorizon(1000, 3000)),
  ...series(FN, 'LambdaInsights', 'used_memory_max', 'Maximum', METRIC_DAYS, toHorizon(300, 700)),
];

describe('rightsizing\'s metrics and the coverage lines on a store whose last day is partial (the real 2018 CUR cut at 2018-11-20 12:00)', () => {
  /** The real 2018 CUR cut at 20 Nov 12:00, the function's bill and inventory, and these metrics: the store and its files, read only. */
  let store: PartialDayRealStore;

  /** DuckDB on the metrics file: the days, sum, highest and lowest value of one series of `id` in [from, to). */
  async function metricFigures(id: string, metric: string, statistic: string, from: string, to: string) {
    const [row] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(timestamp AS DATE)) AS VARCHAR) AS days, CAST(sum(value) AS VARCHAR) AS total,
        CAST(max(value) AS VARCHAR) AS top, CAST(min(value) AS VARCHAR) AS bottom
      FROM read_csv($file, header = true, timestampformat = '%Y-%m-%dT%H:%M:%SZ')
      WHERE resource_id = $id AND metric_name = $metric AND statistic = $statistic
        AND timestamp >= CAST($from AS TIMESTAMP) AND timestamp < CAST($to AS TIMESTAMP)`,
    { file: store.metrics, id, metric, statistic, from, to });
    return { days: Number(row.days), total: Number(row.total), top: Number(row.top), bottom: Number(row.bottom) };
  }

  /** DuckDB on the metrics file: every row of CPUUtilization in AWS/EC2, as the coverage lines count them. */
  async function cpuRows(): Promise<number> {
    const [row] = await duckdbRows(`SELECT CAST(count(*) AS VARCHAR) AS n FROM read_csv($file, header = true)
      WHERE namespace = 'AWS/EC2' AND metric_name = 'CPUUtilization'`, { file: store.metrics });
    return Number(row.n);
  }

  /** DuckDB on the Lambda bill: the EffectiveCost of the lines starting in [from, to). */
  async function lambdaCost(from: string, to: string): Promise<string | null> {
    const [row] = await duckdbRows(`SELECT CAST(sum(CAST(EffectiveCost AS DECIMAL(38, 10))) AS VARCHAR) AS cost
      FROM read_csv($file, all_varchar = true, header = true)
      WHERE CAST(ChargePeriodStart AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST(ChargePeriodStart AS TIMESTAMP) < CAST($to AS TIMESTAMP)`,
    { file: store.lambdaBill, from, to });
    return row.cost;
  }

  const lambdaOf = (recs: RightsizingRecommendation[]) => recs.find((r) => r.resourceId === FN)!;
  const lambdaFigures = (r: RightsizingRecommendation) => [r.recommendedType, r.windowCost, r.monthlySavingBill, r.evidence.daysObserved, r.evidence.invocations,
    r.evidence.durationAverageMs, r.evidence.durationP99Ms, r.evidence.durationMaximumMs, r.evidence.memoryDays, r.evidence.memoryUsedMaxMb];

  beforeAll(async () => {
    store = await partialDayRealStore(metrics);
  }, 120_000);

  it('the store\'s data horizon is 19 Nov 2018: --as-of 2018-11-22 holds 28 of its 30 cost days', async () => {
    const run = await once(store.db, 'rightsize', '--as-of', '2018-11-22');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toContain('× 730/672: a month of 730 h; the store holds 28 of its 30 days; the store\'s billing data ends on 19 Nov 2018 (the data horizon');
  });

  it('--as-of 2018-11-22: the function is sized from the 12 complete days of its look-back (300 MB used → 384 MB, 57.03), as on the default as-of', async () => {
    const memory = await metricFigures(FN, 'used_memory_max', 'Maximum', '2018-11-08', '2018-11-20');
    const invocations = await metricFigures(FN, 'Invocations', 'Sum', '2018-11-08', '2018-11-20');
    const average = await metricFigures(FN, 'Duration', 'Average', '2018-11-08', '2018-11-20');
    const p99 = await metricFigures(FN, 'Duration', 'p99', '2018-11-08', '2018-11-20');
    const maximum = await metricFigures(FN, 'Duration', 'Maximum', '2018-11-08', '2018-11-20');
    expect([memory.days, memory.top, invocations.total, average.top, average.bottom, p99.top, maximum.top]).toEqual([12, 300, 12000, 100, 100, 300, 500]);
    // The two later days of the look-back, which no longer count: 700 MB, 6,000 invocations at 400 ms.
    const later = await metricFigures(FN, 'used_memory_max', 'Maximum', '2018-11-20', '2018-11-22');
    expect([later.days, later.top, (await metricFigures(FN, 'Invocations', 'Sum', '2018-11-20', '2018-11-22')).total]).toEqual([2, 700, 6000]);
    const cost = await lambdaCost('2018-10-23', '2018-11-20');
    expect(cost).toBe('84.0000000000');
    // 300 MB within 80 %: 375 → 384 MB (multiples of 64); 84.00 × 730/672 × (1 − 384/1024) = 57.03125 → 57.03.
    const fn = lambdaOf(await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize', '--as-of', '2018-11-22'));
    expect(lambdaFigures(fn)).toEqual(['384 MB', cost, '57.03', memory.days, invocations.total, average.top, p99.top, maximum.top, memory.days, memory.top]);
    expect(fn.explanation).toContain('12000 invocations over 12 days (8–21 Nov 2018)');
    const atHorizon = lambdaOf(await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize'));
    expect([atHorizon.recommendedType, atHorizon.monthlySavingBill, atHorizon.evidence.memoryUsedMaxMb]).toEqual(['384 MB', '57.03', 300]);
  });

  it('--as-of 2018-11-22: the m4.xlarge has CPU data on 12 complete days of 14 and is not judged (on the default as-of: m4.large, 73.00)', async () => {
    const complete = await metricFigures(M4, 'CPUUtilization', 'p99.5', '2018-11-08', '2018-11-20');
    const all = await metricFigures(M4, 'CPUUtilization', 'p99.5', '2018-11-08', '2018-11-22');
    expect([complete.days, complete.top, all.days, all.top]).toEqual([12, 10, 14, 95]);
    const run = await once(store.db, 'rightsize', '--as-of', '2018-11-22');
    expect(run.stdout).toContain(`  ${M4}: CPU data on ${complete.days} of the 14 look-back days${NOTE}\n`);
    expect((await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize', '--as-of', '2018-11-22')).map((r) => r.resourceId)).not.toContain(M4);
    const atHorizon = (await onceJson<RightsizingRecommendation[]>(store.db, 'rightsize')).find((r) => r.resourceId === M4);
    expect([atHorizon?.recommendedType, atHorizon?.monthlySavingBill, atHorizon?.evidence.daysObserved, atHorizon?.evidence.cpuPercentile]).toEqual(['m4.large', '73.00', 14, 10]);
  });

  it('instance_utilisation.sql given the day after the horizon counts the 12 complete days: p99.5 10 %, maximum 12 %', async () => {
    const complete = await metricFigures(M4, 'CPUUtilization', 'Maximum', '2018-11-08', '2018-11-20');
    const run = await costlens(store.db, 'query', 'optimisation/instance_utilisation', '--param', 'as_of=2018-11-22', '--param', 'complete_until=2018-11-20', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const row = (JSON.parse(run.stdout) as Record<string, unknown>[]).find((r) => r.resource_id === M4)!;
    expect([row.days_observed, row.cpu_figure, row.cpu_maximum]).toEqual([complete.days, 10, complete.top]);
  });

  it('rightsize\'s coverage line counts the complete days: the m4.xlarge\'s 12 are fewer than 14 (it said "1 usable")', async () => {
    const rows = await cpuRows();
    const line = `${rows} CPU metric rows for 2 instances, none usable: 1 instance has < 14 days, 1 has only statistic Average (read: p99.5 or Maximum)${NOTE}`;
    const run = await once(store.db, 'rightsize', '--as-of', '2018-11-22');
    expect(run.stdout.split('\n')).toContain(`Metrics: ${line}.`);
    const json = await once(store.db, 'rightsize', '--as-of', '2018-11-22', '--format', 'json');
    expect(json.stderr).toContain(`costlens: metrics: ${line}\n`);
  });

  it('idle\'s coverage line counts the complete days: 3 of i-0horizoncpu\'s 5 days are before the horizon, fewer than the 4 its EC2 rule needs (it said "1 usable")', async () => {
    const complete = await metricFigures(CPU_ONLY, 'CPUUtilization', 'Average', '2018-11-08', '2018-11-20');
    const all = await metricFigures(CPU_ONLY, 'CPUUtilization', 'Average', '2018-11-08', '2018-11-22');
    expect([complete.days, all.days]).toEqual([3, 5]);
    const line = `${await cpuRows()} EC2 CPU metric rows for 2 instances, none usable: 1 instance has < 4 days, 1 has only statistics Maximum, p99.5 (read: Average)${NOTE}`;
    const run = await costlens(store.db, 'idle', '--as-of', '2018-11-22');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toContain(`Metrics: ${line}.`);
    const findings = await jsonOf<{ resourceId: string }[]>(store.db, 'idle', '--as-of', '2018-11-22');
    expect(findings.map((f) => f.resourceId)).not.toContain(CPU_ONLY);
  });
});
