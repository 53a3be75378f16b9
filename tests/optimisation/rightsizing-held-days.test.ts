import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { costlens } from '../helpers/cli.ts';
import { daily, days, focusCsv, jsonOf, metricsCsv, series, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * "A month saved" is a month of 730 hours even when the store holds only some of the 30-day cost
 * window: the window's figures are scaled by 730 / the hours of the days it holds (from the first
 * charge day to the data horizon, less gaps between billing periods; × 730/720 for all 30), and the
 * header and evidence say so.
 *
 * As of 2026-03-15 (horizon 2026-03-14) the window is 2026-02-13 … 2026-03-14.
 * - i-0big, m5.2xlarge at 9.216 a day, CPU p99.5 12 %: m5.large saves × (1 − 0.096 / 0.384) = × 0.75.
 * - api, a 1024 MB Lambda function without a memory metric: halved to 512 MB, saving × 0.5 of its
 *   3.00 a day of GB-seconds.
 * Store "late": billed from 2026-02-27, 16 of the 30 days: i-0big 16 × 9.216 = 147.456 over 384 h,
 * × 730/384 = 280.32 a month (0.384 × 730), saving 210.24 (the held days alone gave 110.59); api
 * 16 × 3 = 48, × 730/384 = 91.25, saving 45.625 → 45.63 (alone 24.00). A store holding all 30 days
 * saves the same: 276.48 × 730/720 = 280.32, 90 × 730/720 = 91.25. (Over a month of 30 days, as it
 * was, they saved 207.36 and 45.00.)
 * Store "gap": billed 2026-02-13 … 02-20 and 2026-03-01 … 03-14, 22 days (528 h): 202.752 × 730/528 = 280.32.
 */
const A = '111111111111';
const FN = `arn:aws:lambda:us-east-1:${A}:function:api`;
const LOOKBACK = days('2026-03-01', '2026-03-15');

const instance = (from: string, to: string): BillLine[] =>
  daily(from, to, { account: A, region: 'us-east-1', resourceId: 'i-0big', usageType: 'BoxUsage:m5.2xlarge', quantity: 24, cost: '9.216', listUnitPrice: '0.384' });
const lambda = (from: string, to: string): BillLine[] =>
  daily(from, to, { account: A, region: 'us-east-1', resourceId: FN, usageType: 'Lambda-GB-Second', quantity: 180000, cost: '3.0', service: 'AWS Lambda' });
const metrics: MetricPoint[] = [
  ...series('i-0big', 'AWS/EC2', 'CPUUtilization', 'p99.5', LOOKBACK, () => 12),
  ...series('i-0big', 'AWS/EC2', 'CPUUtilization', 'Maximum', LOOKBACK, () => 15),
  ...series(FN, 'AWS/Lambda', 'Duration', 'Average', LOOKBACK, () => 100),
  ...series(FN, 'AWS/Lambda', 'Duration', 'Maximum', LOOKBACK, () => 500),
  ...series(FN, 'AWS/Lambda', 'Duration', 'p99', LOOKBACK, () => 300),
  ...series(FN, 'AWS/Lambda', 'Invocations', 'Sum', LOOKBACK, () => 1000),
];
const INVENTORY = 'resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at,memory_mb,architecture,runtime,timeout_s\n'
  + `${FN},${A},us-east-1,AWSLambda,function,,,,{},2026-03-14T00:00:00Z,1024,x86_64,nodejs20.x,30\n`;

/** The store of `bill` with the metrics and the inventory, ingested once per machine (tests/helpers/cached-text-store.ts); only read. */
async function ingest(bill: BillLine[]): Promise<string> {
  const files = { 'bill.csv': focusCsv(bill), 'metrics.csv': metricsCsv(metrics), 'inventory.csv': INVENTORY };
  return (await cachedStoreOf(Object.entries(files).map(([name, text]) => ({ name, text })))).db;
}

describe('rightsize scales the cost window to a month of 730 h from the hours of the days the store holds', () => {
  let late: string;
  let gap: string;
  let full: string;

  beforeAll(async () => {
    [late, gap, full] = await Promise.all([
      ingest([...instance('2026-02-27', '2026-03-15'), ...lambda('2026-02-27', '2026-03-15')]),
      ingest([...instance('2026-02-13', '2026-02-21'), ...instance('2026-03-01', '2026-03-15'), ...lambda('2026-03-01', '2026-03-15')]),
      ingest([...instance('2026-02-01', '2026-03-15'), ...lambda('2026-02-01', '2026-03-15')]),
    ]);
  });

  it('16 of 30 days: EC2 saves 147.456 × 730/384 × 0.75 = 210.24 and Lambda 48 × 730/384 × 0.5 = 45.63, each saying it holds 16 days; the window cost and hours stay what the bill holds', async () => {
    const recs = await jsonOf<RightsizingRecommendation[]>(late, 'rightsize');
    expect(recs.map((r) => [r.resourceId, r.recommendedType, r.windowCost, r.hoursRun, r.monthlySavingBill, r.listSavingPer730h, r.listSavingForHoursRun, r.evidence.costDaysInStore]))
      .toEqual([
        ['i-0big', 'm5.large', '147.4560000000', 384, '210.24', '210.24', '110.59', 16],
        [FN, '512 MB', '48.0000000000', null, '45.63', null, null, 16],
      ]);
    const full30 = await jsonOf<RightsizingRecommendation[]>(full, 'rightsize');
    expect(full30.map((r) => [r.monthlySavingBill, r.evidence.costDaysInStore])).toEqual([['210.24', 30], ['45.63', 30]]);
  });

  it('the heading says the days it holds, the factor and why the others are missing; --detail shows the sum', async () => {
    const run = await costlens(late, 'rightsize', '--detail');
    expect(run.stdout.split('\n')[0]).toBe('Rightsizing as of 15 Mar 2026 (look-back 1–14 Mar 2026): 2 recommendations, $255.87 a month saved on the bill'
      + ' (EffectiveCost 13 Feb – 14 Mar 2026 × 730/384: a month of 730 h; the store holds 16 of its 30 days; the store\'s billing data begins on 27 Feb 2026)');
    expect(run.stdout).toContain('   saving:     210.24 a month from the bill (147.46 over 384 h × 730/384 (the store holds 16 of the window\'s 30 days) × (1 − 0.096 / 0.384),'
      + ' at most the window cost × 730/384)');
    expect(run.stdout).toContain('   saving:     45.63 a month from the bill (48.00 of GB-seconds × 730/384 (the store holds 16 of the window\'s 30 days) × (1 − 512 MB / 1024 MB);');
    // All 30 days: the same month, from the window's 720 h.
    expect((await costlens(full, 'rightsize')).stdout.split('\n')[0]).toMatch(/\$255\.87 a month saved on the bill \(EffectiveCost 13 Feb – 14 Mar 2026 × 730\/720: a month of 730 h\)$/);
  });

  it('a gap between billing periods: 22 of 30 days (528 h), 202.752 × 730/528 × 0.75 = 210.24; Lambda billed on 14 of them, 42 × 730/528 × 0.5 = 29.03', async () => {
    const recs = await jsonOf<RightsizingRecommendation[]>(gap, 'rightsize');
    expect(recs.map((r) => [r.resourceId, r.windowCost, r.monthlySavingBill, r.evidence.costDaysInStore]))
      .toEqual([['i-0big', '202.7520000000', '210.24', 22], [FN, '42.0000000000', '29.03', 22]]);
    expect((await costlens(gap, 'rightsize')).stdout.split('\n')[0]).toContain('(EffectiveCost 13 Feb – 14 Mar 2026 × 730/528: a month of 730 h; the store holds 22 of its 30 days;'
      + ' the store holds no billing data on 21–28 Feb 2026)');
  });
});
