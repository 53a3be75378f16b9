import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { costlens } from '../helpers/cli.ts';
import type { CurLine } from './cur-fixture.ts';
import { days, jsonOf, series, storeWith, type MetricPoint } from './fixtures.ts';

/**
 * Idle findings on covered instances say so. A hand-made legacy CUR, one line a day per charge; as
 * of 2026-03-15 the cost window is 2026-02-13 … 2026-03-14 (30 days, 720 h), and all three
 * instances are idle by the EC2 rule (CPU 2 %, 2 MB of network a day, every day of the 14).
 *
 * - i-0sp: every hour on Savings Plan sp-1 at 6.4512 a day; sp-1 commits 7.20 a day and nothing
 *   else uses it: 0.7488 a day unused, 22.464 in the window.
 * - i-0ri: every hour on Reserved Instance ri-1 (2.88 a day effective); the RI reserves two
 *   instances, so its RIFee lines have unused hours: 80.64 × 16/28 + 138.24 × 14/31 = 108.5109677419
 *   unused in the window.
 * - i-0od: on demand, 1.9968 a day; no commitment.
 * - i-0half: half its hours on Savings Plan sp-2 (12 h at 0.2688 = 3.2256 a day, sp-2 commits 3.50 a
 *   day: 0.2744 unused), half on demand (12 h × 0.384 = 4.608): 7.8336 a day, 235.008 in the window.
 *
 * Stopping an instance frees, of its run-rate (its last day's rate × 730 h), the share of its window
 * cost that a commitment with unused hours covered; only the rest is cash:
 * - i-0sp: 6.4512 / 24 × 730 = 196.224 → 196.22, all of it commitment (193.536 of 193.536 covered).
 * - i-0ri: 2.88 / 24 × 730 = 87.60, all of it commitment.
 * - i-0half: 7.8336 / 24 × 730 = 238.272 → 238.27; 96.768 / 235.008 = 7/17 of it, 98.112 → 98.11,
 *   frees commitment; 140.16 is cash (its on-demand half, 0.384 × 12 / 24 × 730).
 * - i-0od: 1.9968 / 24 × 730 = 60.736 → 60.74 cash.
 */
const A = '111111111111';
const SP1 = `arn:aws:savingsplans::${A}:savingsplan/11111111-aaaa-bbbb-cccc-000000000001`;
const SP2 = `arn:aws:savingsplans::${A}:savingsplan/22222222-aaaa-bbbb-cccc-000000000002`;
const RI1 = `arn:aws:ec2:us-east-1:${A}:reserved-instances/33333333-aaaa-bbbb-cccc-000000000003`;
const BILL = days('2026-02-01', '2026-03-15');
const LOOKBACK = days('2026-03-01', '2026-03-15');
const common = { account: A, region: 'us-east-1' };
const box = (resourceId: string, type: string, listRate: string) => ({ ...common, resourceId, usageType: `BoxUsage:${type}`, instanceType: type, listRate });

const perDay = (day: string): CurLine[] => [
  { ...box('i-0sp', 'm5.2xlarge', '0.384'), type: 'SavingsPlanCoveredUsage', start: day, quantity: 24, cost: '9.216', savingsPlanArn: SP1, spEffectiveCost: '6.4512' },
  { ...box('i-0sp', 'm5.2xlarge', '0.384'), type: 'SavingsPlanNegation', start: day, quantity: 24, cost: '-9.216', savingsPlanArn: SP1 },
  { ...common, type: 'SavingsPlanRecurringFee', start: day, usageType: 'ComputeSP:1yrNoUpfront', resourceId: SP1, quantity: 1, cost: '7.2',
    savingsPlanArn: SP1, spTotalCommitment: '7.2', spUsedCommitment: '6.4512' },
  { ...box('i-0ri', 'm5.xlarge', '0.192'), type: 'DiscountedUsage', start: day, quantity: 24, cost: '0', reservationArn: RI1, riEffectiveCost: '2.88' },
  { ...box('i-0od', 't3.large', '0.0832'), type: 'Usage', start: day, quantity: 24, cost: '1.9968' },
  { ...box('i-0half', 'm5.2xlarge', '0.384'), type: 'SavingsPlanCoveredUsage', start: day, quantity: 12, cost: '4.608', savingsPlanArn: SP2, spEffectiveCost: '3.2256' },
  { ...box('i-0half', 'm5.2xlarge', '0.384'), type: 'SavingsPlanNegation', start: day, quantity: 12, cost: '-4.608', savingsPlanArn: SP2 },
  { ...box('i-0half', 'm5.2xlarge', '0.384'), type: 'Usage', start: day, quantity: 12, cost: '4.608' },
  { ...common, type: 'SavingsPlanRecurringFee', start: day, usageType: 'ComputeSP:1yrNoUpfront', resourceId: SP2, quantity: 1, cost: '3.5',
    savingsPlanArn: SP2, spTotalCommitment: '3.5', spUsedCommitment: '3.2256' },
];
const riFee = (start: string, end: string, reservedHours: number, unusedHours: number, unusedRecurring: string, unusedUpfront: string, cost: string): CurLine => ({
  ...common, type: 'RIFee', start, end, usageType: 'HeavyUsage:m5.xlarge', quantity: reservedHours, cost, reservationArn: RI1,
  riUnusedQuantity: String(unusedHours), riUnusedRecurringFee: unusedRecurring, riUnusedAmortizedUpfront: unusedUpfront,
});
const idleMetrics = (id: string): MetricPoint[] => [
  ...series(id, 'AWS/EC2', 'CPUUtilization', 'Average', LOOKBACK, () => 2),
  ...series(id, 'AWS/EC2', 'NetworkIn', 'Sum', LOOKBACK, () => 1_000_000),
  ...series(id, 'AWS/EC2', 'NetworkOut', 'Sum', LOOKBACK, () => 1_000_000),
];

describe('idle findings on instances a Reserved Instance or Savings Plan covered say so', () => {
  let db: string;
  let findings: IdleFinding[];
  const finding = (id: string) => findings.find((f) => f.resourceId === id)!;

  beforeAll(async () => {
    db = await storeWith({
      cur: [
        ...BILL.flatMap(perDay),
        riFee('2026-02-01', '2026-03-01', 1344, 672, '47.04', '33.60', '94.08'),
        riFee('2026-03-01', '2026-04-01', 1488, 1152, '80.64', '57.60', '104.16'),
      ],
      metrics: [...idleMetrics('i-0sp'), ...idleMetrics('i-0ri'), ...idleMetrics('i-0od'), ...idleMetrics('i-0half')],
    });
    findings = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15');
  });

  it('all four instances are idle by the EC2 rule', () => {
    expect(findings.map((f) => [f.resourceId, f.rule]).sort()).toEqual([['i-0half', 'ec2-low-utilisation'], ['i-0od', 'ec2-low-utilisation'], ['i-0ri', 'ec2-low-utilisation'],
      ['i-0sp', 'ec2-low-utilisation']]);
  });

  it('the saving is split: cash (monthlySaving) and the commitment it frees instead, adding up to the run-rate; largest cash first', () => {
    expect(findings.map((f) => [f.resourceId, f.windowCost, f.runRateMonthly, f.monthlySaving, f.monthlySavingCommitment])).toEqual([
      ['i-0half', '235.0080000000', '238.27', '140.16', '98.11'],
      ['i-0od', '59.9040000000', '60.74', '60.74', '0.00'],
      ['i-0sp', '193.5360000000', '196.22', '0.00', '196.22'],
      ['i-0ri', '86.4000000000', '87.60', '0.00', '87.60'],
    ]);
    expect(finding('i-0half').explanation).toContain('; of its 238.27 a month, 98.11 frees commitment (the covered share of its cost in the window) and 140.16 is cash');
  });

  it('the table and its heading: 200.90 a month in cash, 381.93 more frees commitment; CSV adds monthly_saving_commitment after monthly_saving', async () => {
    const text = (await costlens(db, 'idle', '--as-of', '2026-03-15', '--wide')).stdout;
    expect(text.split('\n')[0]).toBe('Idle resources as of 15 Mar 2026: 4 found, $200.90 a month saved at their current hourly rates × 730 h,'
      + ' and $381.93 more frees commitment, not cash (3 covered by a commitment with unused hours); they cost $574.85 (EffectiveCost 13 Feb – 14 Mar 2026)');
    expect(text).toMatch(/ i-0half .* \$140\.16 +\$98\.11 /);
    const csv = (await costlens(db, 'idle', '--as-of', '2026-03-15', '--format', 'csv')).stdout.split('\r\n');
    expect(csv[0]).toContain(',run_rate_monthly,monthly_saving,monthly_saving_commitment,confidence,');
    expect(csv[1]).toContain(',238.27,140.16,98.11,high,');
  });

  it('the Savings-Plan-covered instance names its plan, the 720 of 720 hours it covered at 6.4512 a day, and the 22.464 the plan left unused: stopping it frees commitment, not cash', () => {
    const f = finding('i-0sp');
    expect(f.commitment).toMatchObject({ coveredShare: 1, coveredHours: 720, coveredCost: '193.5360000000', unusedInWindow: '22.4640000000', freesCommitment: true,
      sources: [{ type: 'Savings Plan', id: SP1, lineType: 'SavingsPlanCoveredUsage', coveredHours: 720, coveredCost: '193.5360000000', unusedInWindow: '22.4640000000' }] });
    expect(f.explanation).toContain(`; in the cost window it was covered by Savings Plan ${SP1} for 720 of its 720 hours (100`);
    expect(f.explanation).toContain('the commitment had 22.46 unused in the window, so stopping it frees that commitment, not cash, for the covered part');
    expect(f.explanation).toContain('; of its 196.22 a month, 196.22 frees commitment (the covered share of its cost in the window) and 0.00 is cash');
    expect(f.commitment!.note).toBe(f.explanation.split('; in the cost window it was ')[1]);
  });

  it('the RI-covered instance names its reservation and the 108.51 of unused reservation in the window', () => {
    const f = finding('i-0ri');
    expect(f.commitment).toMatchObject({ coveredHours: 720, coveredCost: '86.4000000000', unusedInWindow: '108.5109677419', freesCommitment: true,
      sources: [{ type: 'Reserved Instance', id: RI1, lineType: 'DiscountedUsage' }] });
    expect(f.explanation).toContain(`covered by Reserved Instance ${RI1} for 720 of its 720 hours`);
  });

  it('an on-demand instance carries no commitment and its explanation is the rule\'s alone', () => {
    const f = finding('i-0od');
    expect('commitment' in f).toBe(false);
    expect(f.explanation).not.toContain('cost window it was');
  });
});
