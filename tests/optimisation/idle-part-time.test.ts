import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { costlens } from '../helpers/cli.ts';
import { daily, days, jsonOf, series, storeWith, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * An idle resource that the bill charges part of each day costs what that day costs: its hourly
 * rate is its last complete day's EffectiveCost over the day's 24 hours, so its run-rate is the
 * day's cost × 730 / 24, and it is gone only when that day holds no charge of it, however early in
 * the day its charges end (queries/optimisation/current_hourly_rates.cte.sql).
 *
 * m5.2xlarge instances at 0.384 an hour, idle every day (CPU 2 %, network 1.5 MB), billed by the
 * hour 2026-02-01 … 2026-03-14 (horizon 2026-03-14, default as-of 2026-03-15, cost window
 * 2026-02-13 … 2026-03-14):
 * - i-0evening, 16:00–24:00, and i-0office, 09:00–17:00: 8 h × 0.384 = 3.072 a day, 30 × 3.072 =
 *   92.16 in the window; 3.072 / 24 = 0.128 an hour, × 730 = 93.44 a month. The span of the day's
 *   lines (8 h) made it 0.384 × 730 = 280.32 for the first (3.04 × its cost), and the second,
 *   whose last line ends at 17:00, before the window's end and the store's latest charge, read as
 *   gone (0.00, action none).
 * - i-0always, all day: 24 × 0.384 = 9.216 a day, 276.48 in the window, 0.384 × 730 = 280.32 (as before).
 * - i-0stopped, 09:00–17:00 until 2026-03-12: no charge on 2026-03-14, so gone; 28 × 3.072 = 86.016
 *   in the window.
 */
const A = '111111111111';
const R = 'us-east-1';

const stamp = (day: string, hour: number) => (hour === 24 ? `${days(day, '2027-01-01')[1]}T00:00:00` : `${day}T${String(hour).padStart(2, '0')}:00:00`);

/** Hourly lines of `resourceId` from `from` to `to` (hours of the day, end excluded) on each of `dayList`. */
function hours(resourceId: string, dayList: readonly string[], from: number, to: number): BillLine[] {
  return dayList.flatMap((day) => Array.from({ length: to - from }, (_, i) => ({
    start: stamp(day, from + i), end: stamp(day, from + i + 1), account: A, region: R, resourceId, usageType: 'BoxUsage:m5.2xlarge',
    quantity: 1, cost: '0.384', listUnitPrice: '0.384', instanceType: 'm5.2xlarge',
  })));
}

const BILLED = days('2026-02-01', '2026-03-15');
const bill: BillLine[] = [
  ...hours('i-0evening', BILLED, 16, 24),
  ...hours('i-0office', BILLED, 9, 17),
  ...daily('2026-02-01', '2026-03-15', { account: A, region: R, resourceId: 'i-0always', usageType: 'BoxUsage:m5.2xlarge', quantity: 24, cost: '9.216', instanceType: 'm5.2xlarge' }),
  ...hours('i-0stopped', days('2026-02-01', '2026-03-13'), 9, 17),
];
/** The same bill with a partial 2026-03-15 (to 12:00): the horizon stays 2026-03-14. */
const cutBill: BillLine[] = [...bill, ...hours('i-0office', ['2026-03-15'], 9, 12), ...hours('i-0always', ['2026-03-15'], 0, 12)];

function idleMetrics(id: string, dayList: readonly string[]): MetricPoint[] {
  return [
    ...series(id, 'AWS/EC2', 'CPUUtilization', 'Average', dayList, () => 2),
    ...series(id, 'AWS/EC2', 'NetworkIn', 'Sum', dayList, () => 1_000_000),
    ...series(id, 'AWS/EC2', 'NetworkOut', 'Sum', dayList, () => 500_000),
  ];
}
const LOOKBACK = days('2026-03-01', '2026-03-15');
const metrics: MetricPoint[] = [
  ...idleMetrics('i-0evening', LOOKBACK), ...idleMetrics('i-0office', LOOKBACK), ...idleMetrics('i-0always', LOOKBACK),
  ...idleMetrics('i-0stopped', days('2026-03-01', '2026-03-13')),
];

type Money = [string, string, string, string, string | number | null | undefined];
/** Per resource: window cost, hourly rate, run-rate, cash saving and the day it was last charged (gone only). */
const money = (findings: IdleFinding[]): Record<string, Money> => Object.fromEntries(findings.map((f) => [f.resourceId!,
  [f.windowCost, f.hourlyRate, f.runRateMonthly, f.monthlySaving, f.evidence.lastChargedOn] as Money]));

describe('idle: instances billed part of each day', () => {
  let db: string;
  let cut: string;
  let findings: IdleFinding[];

  beforeAll(async () => {
    [db, cut] = await Promise.all([storeWith({ bill, metrics }), storeWith({ bill: cutBill, metrics })]);
    findings = await jsonOf<IdleFinding[]>(db, 'idle');
  });

  it('an instance run 16:00–24:00 saves its day\'s 3.072 × 730 / 24 = 93.44 a month (0.128 an hour), not 0.384 × 730 = 280.32; one run all day 280.32 as before', () => {
    expect(findings.map((f) => f.costWindow)).toEqual(Array(4).fill({ start: '2026-02-13', end: '2026-03-15' }));
    expect(money(findings)).toEqual({
      'i-0always': ['276.4800000000', '0.3840000000', '280.32', '280.32', undefined],
      'i-0evening': ['92.1600000000', '0.1280000000', '93.44', '93.44', undefined],
      'i-0office': ['92.1600000000', '0.1280000000', '93.44', '93.44', undefined],
      'i-0stopped': ['86.0160000000', '0.0000000000', '0.00', '0.00', '2026-03-12'],
    });
  });

  it('an office-hours instance (09:00–17:00) is not gone: charged on the last complete day, it is stopped or terminated like the others', () => {
    const office = findings.find((f) => f.resourceId === 'i-0office')!;
    expect(office.action).toBe('stop or terminate the instance (create an AMI first), or downsize it (costlens rightsize)');
    expect(office.explanation).not.toContain('already gone');
  });

  it('gone means no charge on the last complete day: i-0stopped\'s last line (2026-03-12, to 17:00) is two days before it', () => {
    const stopped = findings.find((f) => f.resourceId === 'i-0stopped')!;
    expect(stopped.explanation).toContain('; last charged on 2026-03-12 (its charges end 2026-03-12 17:00:00, before the window\'s end 2026-03-15): already gone, no current rate, nothing left to save');
    expect(stopped.action).toBe('none: the bill stopped charging it; check that it was deleted on purpose');
  });

  it('--as-of 2026-03-13 judges the window\'s last day, 2026-03-12, on which i-0stopped ran 8 h: 93.44, not gone', async () => {
    const earlier = money(await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-13'));
    // 2026-02-11 … 2026-03-12: 30 days of 3.072.
    expect(earlier['i-0stopped']).toEqual(['92.1600000000', '0.1280000000', '93.44', '93.44', undefined]);
  });

  it('the heading totals 280.32 + 93.44 + 93.44 = 467.20; --detail shows the $0.128 an hour from the latest charged day, in dollars as the table writes it', async () => {
    const run = await costlens(db, 'idle', '--detail');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Idle resources as of 15 Mar 2026: 4 found, $467.20 a month saved at their current hourly rates × 730 h;'
      + ' they cost $546.82 (EffectiveCost 13 Feb – 14 Mar 2026)');
    const lines = run.stdout.split('\n').filter((l) => l.trimStart().startsWith('money:'));
    expect(lines).toEqual([
      '   money:      $0.384 an hour now (its latest charged day) × 730 h = $280.32 a month; $276.48 over 13 Feb – 14 Mar 2026',
      '   money:      $0.128 an hour now (its latest charged day) × 730 h = $93.44 a month; $92.16 over 13 Feb – 14 Mar 2026',
      '   money:      $0.128 an hour now (its latest charged day) × 730 h = $93.44 a month; $92.16 over 13 Feb – 14 Mar 2026',
      '   money:      no current rate (last charged on 12 Mar 2026) = $0.00 a month; $86.02 over 13 Feb – 14 Mar 2026',
    ]);
  });

  it('a partial day after the horizon (2026-03-15 to 12:00), with --as-of 2026-03-16: rates come from 2026-03-14, the last complete day, and the window counts its complete days only', async () => {
    expect((await costlens(cut, 'idle')).stdout).toMatch(/^Idle resources as of 15 Mar 2026: 4 found, \$467\.20 a month saved /);
    // The window 2026-02-14 … 2026-03-15 holds 29 complete days; the partial day's lines (i-0office 3 × 0.384, i-0always
    // 12 × 0.384) are not counted: i-0office 29 × 3.072 = 89.088, i-0always 29 × 9.216 = 267.264 (not 90.24 and 271.872),
    // i-0evening 29 × 3.072 = 89.088, i-0stopped 27 days (2026-02-14 … 2026-03-12) × 3.072 = 82.944.
    expect(money(await jsonOf<IdleFinding[]>(cut, 'idle', '--as-of', '2026-03-16'))).toEqual({
      'i-0always': ['267.2640000000', '0.3840000000', '280.32', '280.32', undefined],
      'i-0evening': ['89.0880000000', '0.1280000000', '93.44', '93.44', undefined],
      'i-0office': ['89.0880000000', '0.1280000000', '93.44', '93.44', undefined],
      'i-0stopped': ['82.9440000000', '0.0000000000', '0.00', '0.00', '2026-03-12'],
    });
  });

  it('the heading says the window holds 29 complete days and that the partial day\'s lines are not counted: 267.264 + 3 × … = 528.38', async () => {
    const run = await costlens(cut, 'idle', '--as-of', '2026-03-16');
    expect(run.code, run.stderr).toBe(0);
    // 267.264 + 89.088 + 89.088 + 82.944 = 528.384.
    expect(run.stdout.split('\n')[0]).toBe('Idle resources as of 16 Mar 2026: 4 found, $467.20 a month saved at their current hourly rates × 730 h;'
      + ' they cost $528.38 (EffectiveCost 14 Feb – 15 Mar 2026; the store holds 29 of its 30 days;'
      + ' the store\'s billing data ends on 14 Mar 2026 (the data horizon: the days after it are partial or not billed yet, and their lines are not counted))');
  });
});
