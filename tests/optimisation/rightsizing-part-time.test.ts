import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { costlens } from '../helpers/cli.ts';
import { days, jsonOf, series, storeWith, type BillLine } from './fixtures.ts';

/**
 * An instance that runs part of each day saves what it costs, not its running rate × 730 h: the
 * monthly saving is taken from the EffectiveCost the bill shows over the 30-day window, as a month
 * of 730 h (× 730/720; × 730 ÷ the hours of the N days the store holds when it holds fewer), and the
 * list-price figure per 730 h stands beside the one for the hours it ran.
 *
 * Two m5.2xlarge instances (0.384 an hour on the bill) run 8 hours a day, from 16:00 to midnight,
 * 2026-02-01 … 2026-03-14 (horizon 2026-03-14, as-of 2026-03-15, window 2026-02-13 … 2026-03-14):
 * 30 × 8 = 240 h, 30 × 3.072 = 92.16 each, 92.16 × 730/720 = 93.44 a month.
 * - i-0evening, CPU p99.5 12 %: m5.large (0.096), saving 93.44 × (1 − 0.096 / 0.384) = 70.08,
 *   where 0.384 × 730 × 0.75 = 210.24 (the list figure per 730 h, 3 × as much: 24 h a day, not 8).
 * - i-0parked, CPU at most 0.5 %: terminate, saving 93.44, where 0.384 × 730 = 280.32.
 */
const A = '111111111111';
const LOOKBACK = days('2026-03-01', '2026-03-15');

/** Eight hourly lines a day, 16:00 to midnight. */
function evenings(resourceId: string): BillLine[] {
  const hour = (day: string, h: number) => (h === 24 ? `${days(day, '2026-12-31')[1]}T00:00:00` : `${day}T${String(h).padStart(2, '0')}:00:00`);
  return days('2026-02-01', '2026-03-15').flatMap((day) => [16, 17, 18, 19, 20, 21, 22, 23].map((h) => ({
    start: hour(day, h), end: hour(day, h + 1), account: A, region: 'us-east-1', resourceId, usageType: 'BoxUsage:m5.2xlarge',
    quantity: 1, cost: '0.384', listUnitPrice: '0.384', instanceType: 'm5.2xlarge',
  })));
}

describe('rightsizing an instance that runs 8 hours a day', () => {
  let db: string;

  beforeAll(async () => {
    db = await storeWith({
      bill: [...evenings('i-0evening'), ...evenings('i-0parked')],
      metrics: [
        ...series('i-0evening', 'AWS/EC2', 'CPUUtilization', 'p99.5', LOOKBACK, () => 12),
        ...series('i-0evening', 'AWS/EC2', 'CPUUtilization', 'Maximum', LOOKBACK, () => 15),
        ...series('i-0parked', 'AWS/EC2', 'CPUUtilization', 'p99.5', LOOKBACK, () => 0.4),
        ...series('i-0parked', 'AWS/EC2', 'CPUUtilization', 'Maximum', LOOKBACK, () => 0.5),
      ],
    });
  });

  it('saves from the 240 h it ran (92.16, 93.44 a month): 70.08 resized and 93.44 terminated, not 210.24 and 280.32 (the rate × 730 h)', async () => {
    const recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize');
    expect(recs.map((r) => [r.resourceId, r.recommendedType, r.costWindow, r.hoursRun, r.windowCost, r.monthlySavingBill, r.listSavingForHoursRun, r.listSavingPer730h]))
      .toEqual([
        ['i-0parked', null, { start: '2026-02-13', end: '2026-03-15' }, 240, '92.1600000000', '93.44', '92.16', '280.32'],
        ['i-0evening', 'm5.large', { start: '2026-02-13', end: '2026-03-15' }, 240, '92.1600000000', '70.08', '69.12', '210.24'],
      ]);
  });

  it('the heading totals the bill-based savings, 93.44 + 70.08 = 163.52; --detail says the saving comes from the 240 h', async () => {
    const run = await costlens(db, 'rightsize', '--detail');
    expect(run.stdout.split('\n')[0]).toBe('Rightsizing as of 15 Mar 2026 (look-back 1–14 Mar 2026): 2 recommendations, $163.52 a month saved on the bill'
      + ' (EffectiveCost 13 Feb – 14 Mar 2026 × 730/720: a month of 730 h)');
    expect(run.stdout).toContain('   saving:     70.08 a month from the bill (92.16 over 240 h × 730/720 × (1 − 0.096 / 0.384), at most the window cost × 730/720);'
      + ' at list prices 210.24 per 730 h, 69.12 for the 240 h it ran (catalogue on-demand price, us-east-1)');
  });
});
