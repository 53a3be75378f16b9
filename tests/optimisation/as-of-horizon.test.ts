import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { costlens } from '../helpers/cli.ts';
import { daily, days, jsonOf, series, storeWith, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * Without --as-of, idle and rightsize look back from the day after the data horizon (the last
 * complete day of the billing data), not from the day after the latest metric or billing day: a
 * partial last day, or metrics ahead of the bill, must not enter the 30-day cost window.
 *
 * - i-0big, m5.2xlarge at 0.384 an hour (9.216 a day), CPU p99.5 12 % and Maximum 15 % every day:
 *   rightsized to m5.large (0.096), saving window cost × (1 − 0.096 / 0.384) = × 0.75.
 * - db idle (db.m5.large at 0.171 an hour, 4.104 a day, plus 0.37 a day of storage), no connection.
 *
 * Store "partial": full days to 2026-03-13, then 2026-03-14 up to 06:00 only (six hourly instance
 * lines each, no storage line yet), metrics to 2026-03-14. The horizon is 2026-03-13, so the
 * default as-of is 2026-03-14, where the latest day with a metric or a billed line gave 2026-03-15.
 * Store "behind": full days to 2026-03-11, metrics to 2026-03-14: default 2026-03-12, not 2026-03-15.
 */
const A = '111111111111';
const DB = `arn:aws:rds:us-east-1:${A}:db:idle`;
const RDS = 'Amazon Relational Database Service';

function bill(firstPartialDay: string, partialHours: number): BillLine[] {
  const hours = Array.from({ length: partialHours }, (_, h) => `${firstPartialDay}T${String(h).padStart(2, '0')}:00:00`);
  const hourAfter = (start: string) => new Date(Date.parse(`${start}Z`) + 3_600_000).toISOString().slice(0, 19);
  return [
    ...daily('2026-02-01', firstPartialDay, { account: A, region: 'us-east-1', resourceId: 'i-0big', usageType: 'BoxUsage:m5.2xlarge', quantity: 24, cost: '9.216', instanceType: 'm5.2xlarge', listUnitPrice: '0.384' }),
    ...hours.map((start) => ({ start, end: hourAfter(start), account: A, region: 'us-east-1', resourceId: 'i-0big', usageType: 'BoxUsage:m5.2xlarge', quantity: 1, cost: '0.384', instanceType: 'm5.2xlarge', listUnitPrice: '0.384' })),
    ...daily('2026-02-01', firstPartialDay, { account: A, region: 'us-east-1', resourceId: DB, usageType: 'InstanceUsage:db.m5.large', quantity: 24, cost: '4.104', service: RDS }),
    ...daily('2026-02-01', firstPartialDay, { account: A, region: 'us-east-1', resourceId: DB, usageType: 'RDS:GP2-Storage', quantity: 3.2258, cost: '0.37', service: RDS }),
    ...hours.map((start) => ({ start, end: hourAfter(start), account: A, region: 'us-east-1', resourceId: DB, usageType: 'InstanceUsage:db.m5.large', quantity: 1, cost: '0.171', service: RDS })),
  ];
}

const METRIC_DAYS = days('2026-02-20', '2026-03-15');
const metrics: MetricPoint[] = [
  ...series('i-0big', 'AWS/EC2', 'CPUUtilization', 'p99.5', METRIC_DAYS, () => 12),
  ...series('i-0big', 'AWS/EC2', 'CPUUtilization', 'Maximum', METRIC_DAYS, () => 15),
  ...series(DB, 'AWS/RDS', 'DatabaseConnections', 'Maximum', METRIC_DAYS, () => 0),
];

describe('idle and rightsize default to the day after the data horizon', () => {
  let partial: string;
  let behind: string;

  beforeAll(async () => {
    [partial, behind] = await Promise.all([
      storeWith({ bill: bill('2026-03-14', 6), metrics }),
      storeWith({ bill: bill('2026-03-12', 0), metrics }),
    ]);
  });

  it('a partial last day: rightsize looks back from 2026-03-14, 30 whole days of 9.216 (276.48, 720 h) saving 276.48 × 730/720 × 0.75 = 210.24; --as-of 2026-03-15 judges nothing, i-0big\'s CPU being 13 complete days of the 14 the rule needs (the partial 14th counted as a 14th), and its cost window counts the complete days only (29 of 9.216, 696 h, where it counted the partial day too: 269.57 over 702 h)', async () => {
    const [rec] = await jsonOf<RightsizingRecommendation[]>(partial, 'rightsize');
    expect([rec.resourceId, rec.recommendedType, rec.costWindow, rec.windowCost, rec.hoursRun, rec.monthlySavingBill, rec.evidence.costDaysInStore])
      .toEqual(['i-0big', 'm5.large', { start: '2026-02-12', end: '2026-03-14' }, '276.4800000000', 720, '210.24', 30]);
    expect(await jsonOf<RightsizingRecommendation[]>(partial, 'rightsize', '--as-of', '2026-03-14')).toEqual([rec]);
    // The old default judges the complete days only: the partial 14th's CPU rows no longer make a 14th day of data.
    expect(await jsonOf<RightsizingRecommendation[]>(partial, 'rightsize', '--as-of', '2026-03-15')).toEqual([]);
    expect((await costlens(partial, 'rightsize', '--as-of', '2026-03-15')).stdout)
      .toContain('  i-0big: CPU data on 13 of the 14 look-back days (the days from 2026-03-14 on are after the data horizon and not judged)\n');
    // Its cost window, as rightsize reads it (complete_until: the day after the horizon), holds 29 complete days
    // (29 × 9.216 = 267.264 over 696 h); the partial day's 6 h (2.304) are not counted, where they made 269.568 over 702 h.
    const costs = await costlens(partial, 'query', 'optimisation/instance_costs', '--param', 'as_of=2026-03-15', '--param', 'complete_until=2026-03-14', '--format', 'json');
    const [big] = (JSON.parse(costs.stdout) as Record<string, unknown>[]).filter((r) => r.resource_id === 'i-0big');
    expect([big.window_cost, big.hours_billed]).toEqual(['267.2640000000', 696]);
    const text = (await costlens(partial, 'rightsize')).stdout.split('\n')[0];
    expect(text).toBe('Rightsizing as of 14 Mar 2026 (look-back 28 Feb – 13 Mar 2026): 1 recommendation, $210.24 a month saved on the bill'
      + ' (EffectiveCost 12 Feb – 13 Mar 2026 × 730/720: a month of 730 h)');
  });

  it('a partial last day: the idle database keeps its storage in the run-rate, 4.104 / 24 × 730 + 0.37 × 31 (a GB-month charge: the day × the days of March) = 124.83 + 11.47 = 136.30; --as-of 2026-03-15 finds nothing, its connection metrics being 6 complete days of the 7 the rule needs (the partial 14th counted as a 7th)', async () => {
    const found = await jsonOf<IdleFinding[]>(partial, 'idle');
    expect(found.map((f) => [f.rule, f.resourceId, f.costWindow, f.windowCost, f.runRateMonthly, f.monthlySaving])).toEqual([
      ['rds-no-connections', DB, { start: '2026-02-12', end: '2026-03-14' }, '134.2200000000', '136.30', '136.30'],
    ]);
    // An --as-of past the horizon judges the complete days only: the partial 14th's connection metrics no longer make a 7th day.
    expect(await jsonOf<IdleFinding[]>(partial, 'idle', '--as-of', '2026-03-15')).toEqual([]);
    expect((await costlens(partial, 'idle')).stdout).toMatch(/^Idle resources as of 14 Mar 2026: 1 found, \$136\.30 a month saved/);
  });

  it('a bill two days behind the metrics: both look back from 2026-03-12 (horizon 2026-03-11), 30 billed days', async () => {
    const [rec] = await jsonOf<RightsizingRecommendation[]>(behind, 'rightsize');
    expect([rec.costWindow, rec.windowCost, rec.hoursRun, rec.monthlySavingBill]).toEqual([{ start: '2026-02-10', end: '2026-03-12' }, '276.4800000000', 720, '210.24']);
    const [idle] = await jsonOf<IdleFinding[]>(behind, 'idle');
    expect([idle.costWindow, idle.windowCost, idle.monthlySaving]).toEqual([{ start: '2026-02-10', end: '2026-03-12' }, '134.2200000000', '136.30']);
  });

  it('the hint of a refused --as-of offers that default and says why', async () => {
    const run = await costlens(partial, 'idle', '--as-of', '2027-01-01');
    expect([run.code, run.stderr]).toEqual([2, 'costlens: --as-of 2027-01-01 is outside the billing data in the store (1 Feb – 14 Mar 2026): the 30 days it looks back on,'
      + ' 2–31 Dec 2026, hold none of it\n  hint: give a day from 2026-02-02 to 2026-03-20, or leave --as-of out for 2026-03-14'
      + ' (the day after 2026-03-13, the last complete day of the billing data)\n']);
  });

  it('a store without billing lines (metrics only) still looks back from the day after its latest metric day', async () => {
    const metricsOnly = await storeWith({ metrics });
    expect((await costlens(metricsOnly, 'idle')).stdout).toMatch(/^Idle resources as of 15 Mar 2026: /);
  });
});
