import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { sqlRows } from '../helpers/cli.ts';
import { daily, days, jsonOf, percentile, series, storeWith } from './fixtures.ts';

/**
 * The edges of rightsizing's windows, read through the usage_daily rollup: the cost window of
 * --as-of 2026-03-15 is 2026-02-13 … 2026-03-14 (30 days), and lines that straddle its start are
 * prorated by time whether they last two days or two hours across midnight. The CPU figure is
 * the p99.5 of 14 different daily values, interpolated between the two highest.
 */
const A = '111111111111';
const LOOKBACK = days('2026-03-01', '2026-03-15');

describe('rightsizing windows and percentiles', () => {
  let db: string;
  let rec: RightsizingRecommendation;

  beforeAll(async () => {
    const line = { account: A, region: 'us-east-1', resourceId: 'i-0edge', usageType: 'BoxUsage:m5.2xlarge' };
    db = await storeWith({
      bill: [
        // 24 × 0.384 = 9.216 a day; days before the window must not count.
        ...daily('2026-02-01', '2026-03-15', { ...line, quantity: 24, cost: '9.216' }),
        // Two days, one of them in the window: 10 × 1/2 = 5.
        { ...line, start: '2026-02-12', end: '2026-02-14', quantity: 48, cost: '10' },
        // Two hours across midnight, one of them in the window: 2 × 1/2 = 1.
        { ...line, start: '2026-02-12T23:00:00', end: '2026-02-13T01:00:00', quantity: 2, cost: '2' },
        // After the window (as-of day itself): left out.
        { ...line, start: '2026-03-15', quantity: 24, cost: '9.216' },
      ],
      metrics: [
        ...series('i-0edge', 'AWS/EC2', 'CPUUtilization', 'p99.5', LOOKBACK, (_, i) => 14 - i),
        ...series('i-0edge', 'AWS/EC2', 'CPUUtilization', 'Maximum', LOOKBACK, (_, i) => 15 - i),
      ],
      inventory: [{ resourceId: 'i-0edge', account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'instance', instanceType: 'm5.2xlarge', state: 'running', observedAt: '2026-03-14T00:00:00Z' }],
    });
    [rec] = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15');
  });

  it('the window cost is the 30 whole days plus the prorated halves of the straddling lines: 276.48 + 5 + 1; hours likewise: 720 + 24 + 1', () => {
    expect([rec.resourceId, rec.windowCost, rec.hoursRun, rec.costWindow]).toEqual(['i-0edge', '282.4800000000', 745, { start: '2026-02-13', end: '2026-03-15' }]);
    // (0.384 − 0.096) × 745 h = 214.56 at list for the hours it ran, 210.24 per 730 h.
    expect([rec.listSavingForHoursRun, rec.listSavingPer730h]).toEqual(['214.56', '210.24']);
  });

  it('p99.5 of the daily values 1 … 14 is 13 + 0.935 × (14 − 13), the same interpolation as percentile()', () => {
    expect(percentile(LOOKBACK.map((_, i) => 14 - i), 99.5)).toBeCloseTo(13.935, 12);
    // The saving: the window's 282.48 × 730/720 × (1 − 0.096/0.384) = 214.80 (over 720 h as the month it was 211.86).
    expect([rec.evidence.cpuPercentile, rec.evidence.cpuMaximum, rec.recommendedType, rec.monthlySavingBill]).toEqual([13.94, 15, 'm5.large', '214.80']);
  });

  it('usage_daily holds every line once, with the same EffectiveCost as line_items', async () => {
    const [usage] = await sqlRows(db, `SELECT sum(lines) AS lines, sum(effective_cost) AS cost, count(*) AS buckets FROM usage_daily`);
    const [lines] = await sqlRows(db, `SELECT count(*) AS lines, sum(EffectiveCost) AS cost FROM line_items WHERE x_UsageType LIKE '%BoxUsage%'`);
    // 42 daily lines (2026-02-01 … 03-14) + 2026-03-15 in day buckets; the 2-day and the 2-hour lines keep their own.
    expect(usage).toEqual({ lines: lines.lines, cost: lines.cost, buckets: '45' });
    expect(lines).toEqual({ lines: '45', cost: '408.2880000000' }); // 43 × 9.216 + 10 + 2
  });
});
