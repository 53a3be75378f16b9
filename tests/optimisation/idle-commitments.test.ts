import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
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
 */
const A = '111111111111';
const SP1 = `arn:aws:savingsplans::${A}:savingsplan/11111111-aaaa-bbbb-cccc-000000000001`;
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
  let findings: IdleFinding[];
  const finding = (id: string) => findings.find((f) => f.resourceId === id)!;

  beforeAll(async () => {
    const db = await storeWith({
      cur: [
        ...BILL.flatMap(perDay),
        riFee('2026-02-01', '2026-03-01', 1344, 672, '47.04', '33.60', '94.08'),
        riFee('2026-03-01', '2026-04-01', 1488, 1152, '80.64', '57.60', '104.16'),
      ],
      metrics: [...idleMetrics('i-0sp'), ...idleMetrics('i-0ri'), ...idleMetrics('i-0od')],
    });
    findings = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15');
  });

  it('all three instances are idle by the EC2 rule', () => {
    expect(findings.map((f) => [f.resourceId, f.rule]).sort()).toEqual([['i-0od', 'ec2-low-utilisation'], ['i-0ri', 'ec2-low-utilisation'], ['i-0sp', 'ec2-low-utilisation']]);
  });

  it('the Savings-Plan-covered instance names its plan, the 720 of 720 hours it covered at 6.4512 a day, and the 22.464 the plan left unused: stopping it frees commitment, not cash', () => {
    const f = finding('i-0sp');
    expect(f.commitment).toMatchObject({ coveredShare: 1, coveredHours: 720, coveredCost: '193.5360000000', unusedInWindow: '22.4640000000', freesCommitment: true,
      sources: [{ type: 'Savings Plan', id: SP1, lineType: 'SavingsPlanCoveredUsage', coveredHours: 720, coveredCost: '193.5360000000', unusedInWindow: '22.4640000000' }] });
    expect(f.explanation).toContain(`; in the cost window it was covered by Savings Plan ${SP1} for 720 of its 720 hours (100`);
    expect(f.explanation).toContain('the commitment had 22.46 unused in the window, so stopping it frees that commitment, not cash, for the covered part');
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
