import { describe, expect, it } from 'vitest';
import { dedupeFindings, type IdleFinding } from '../../src/analyze/findings.ts';
import { listSaving, listSavingOver, savingAtRatio, sumDecimals } from '../../src/analyze/findings-money.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { parseDay } from '../../src/analyze/billing-calendar.ts';
import { addDays } from '../../src/lib/calendar.ts';
import { percentileStatistic } from '../../src/analyze/rightsizing/recommend.ts';
import { burstableBaseline, fit, priceBook, sameFamilyDownsize } from '../../src/analyze/rightsizing/sizes.ts';
import { coverageOf } from '../../src/analyze/instance-commitments.ts';
import { leftBehindSentence, moveSavings } from '../../src/analyze/rightsizing/savings.ts';
import { percentile } from './fixtures.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';

const catalogue = loadInstanceCatalogue();
const type = (name: string) => catalogue.lookup(name)!;

describe('rightsizing arithmetic', () => {
  it('percentile: linear interpolation between closest ranks', () => {
    expect(percentile([], 99.5)).toBe(null);
    expect(percentile([7], 99.5)).toBe(7);
    // 14 values 1..14: rank 0.995 × 13 = 12.935 → 13 + 0.935 × (14 − 13) = 13.935
    expect(percentile(Array.from({ length: 14 }, (_, i) => 14 - i), 99.5)).toBeCloseTo(13.935, 12);
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    expect(percentileStatistic(99.5)).toBe('p99.5');
    expect(percentileStatistic(95)).toBe('p95');
  });

  it('a size fits when projected CPU (and memory) stay at or below the target', () => {
    const prices = priceBook(catalogue, 'us-east-1', type('m5.2xlarge'));
    const u = { cpuPercent: 20, cpuAveragePercent: 5, memoryPercent: null };
    // 20 % × 8/2 = 80 %: exactly at the 80 % target.
    expect(fit(type('m5.2xlarge'), type('m5.large'), u, 80, prices)?.projectedCpu).toBe(80);
    expect(fit(type('m5.2xlarge'), type('m5.large'), { ...u, cpuPercent: 20.01 }, 80, prices)).toBe(null);
    // Memory 45 % × 32/8 = 180 %: does not fit.
    expect(fit(type('m5.2xlarge'), type('m5.large'), { ...u, memoryPercent: 45 }, 80, prices)).toBe(null);
  });

  it('without memory figures, memory never shrinks faster than vCPU (t3.large stays off t3.nano)', () => {
    const prices = priceBook(catalogue, 'us-east-1', type('t3.large'));
    const u = { cpuPercent: 10, cpuAveragePercent: 4, memoryPercent: null };
    expect(fit(type('t3.large'), type('t3.nano'), u, 80, prices)).toBe(null);
    expect(sameFamilyDownsize(catalogue, type('t3.large'), u, 80, prices)).toBe(null);
  });

  it('a burstable size must hold the average within its baseline (t3.medium 20 %)', () => {
    expect([burstableBaseline(type('t3.medium')), burstableBaseline(type('t2.2xlarge')), burstableBaseline(type('m5.large'))]).toEqual([20, 17, null]);
    const prices = priceBook(catalogue, 'us-east-1', type('t3.large'));
    const measured = { cpuPercent: 30, cpuAveragePercent: 21, memoryPercent: 25 };
    // Memory 25 % of 8 GiB fits t3.medium (50 %) but not t3.small (100 %); the 21 % average is above t3.medium's 20 % baseline.
    expect(sameFamilyDownsize(catalogue, type('t3.large'), measured, 80, prices)).toBe(null);
    expect(sameFamilyDownsize(catalogue, type('t3.large'), { ...measured, cpuAveragePercent: 20 }, 80, prices)?.type.instanceType).toBe('t3.medium');
  });

  it('prices come from the region, or us-east-1 when the region is not catalogued', () => {
    expect(priceBook(catalogue, 'eu-west-1', type('m5.large')).price(type('m5.large'))).toBe(0.107);
    const elsewhere = priceBook(catalogue, 'sa-east-1', type('m5.large'));
    expect([elsewhere.region, elsewhere.price(type('m5.large')), elsewhere.basis])
      .toEqual(['us-east-1', 0.096, 'catalogue on-demand price, us-east-1 (no price for sa-east-1)']);
  });
});

describe('money', () => {
  it('exact sums and one rounding of savings (half away from zero)', () => {
    expect(sumDecimals(['0.1000000001', '0.2', '-0.05'])).toBe('0.2500000001');
    expect(fromUnits(toUnits('2.005'), 2)).toBe('2.01');
    expect(fromUnits(toUnits('-2.005'), 2)).toBe('-2.01');
    expect(savingAtRatio('276.48', 0.384, 0.096)).toBe('207.36');
    expect(savingAtRatio('492.48', 0.384, 0.077)).toBe('393.73'); // 393.7275
    expect(listSaving(0.384, 0.096, 730)).toBe('210.24');
    // List price × hours × (1 − new / old), rounded once: 0.0832 × 252 × 0.5 = 10.4832; 0.684 × 730 × 0.75 = 374.49.
    expect(listSavingOver(0.0832, 0.0832, 0.0416, 252)).toBe('10.48');
    expect(listSavingOver(0.684, 0.384, 0.096, 730)).toBe('374.49');
    expect(listSavingOver(0.0832, 0.0832, 0, 0.5)).toBe('0.04'); // 0.0416
  });

  it('dates', () => {
    expect(addDays('2026-03-01', -30)).toBe('2026-01-30');
    expect(parseDay('as-of', '2024-02-29')).toBe('2024-02-29');
    expect(() => parseDay('as-of', '2026-02-29')).toThrow('--as-of must be a date YYYY-MM-DD; got "2026-02-29"');
  });
});

describe('the money of one rightsizing move', () => {
  it('terminate saves the window cost, never more; list figures per 730 h and for the 252 h it ran', () => {
    // 252 h × 0.0832 = 20.9664 billed; 0.0832 × 730 = 60.736.
    expect(moveSavings({ windowCost: '20.9664', hoursRun: 252, coverage: null }, 0.0832, 0.0832, 0)).toEqual({
      monthlySavingBill: '20.97', monthlySavingCommitment: '0.00', listSavingPer730h: '60.74', listSavingForHoursRun: '20.97',
    });
  });

  it('covered hours of a commitment with unused hours free commitment; the rest is cash (106.08 = 60.00 covered + 46.08 on demand)', () => {
    const coverage = coverageOf([{
      type: 'Savings Plan', id: 'arn:sp', lineType: 'SavingsPlanCoveredUsage', offeringType: 'ComputeSavingsPlans', coveredHours: 480, coveredCost: '60', unusedInWindow: '12.5',
    }], 720);
    expect([coverage?.coveredShare, coverage?.freesCommitment]).toEqual([0.6667, true]);
    // × (1 − 0.096 / 0.192): 53.04 in all, 30.00 of it commitment.
    expect(moveSavings({ windowCost: '106.08', hoursRun: 720, coverage }, null, 0.192, 0.096)).toEqual({
      monthlySavingBill: '23.04', monthlySavingCommitment: '30.00', listSavingPer730h: null, listSavingForHoursRun: null,
    });
  });

  it('a move to another family: a Compute Savings Plan follows it; a reservation\'s hours are left out of both savings (they run on-demand on the new type)', () => {
    const sources = (type: 'Savings Plan' | 'Reserved Instance', offeringType: string | null) => coverageOf([{
      type, id: `arn:${type}`, lineType: type === 'Savings Plan' ? 'SavingsPlanCoveredUsage' : 'DiscountedUsage', offeringType, coveredHours: 480, coveredCost: '60', unusedInWindow: '12.5',
    }], 720);
    const bill = (coverage: ReturnType<typeof coverageOf>) => ({ windowCost: '106.08', hoursRun: 720, coverage });
    // Compute plan: 106.08 × (1 − 0.0832 / 0.192) = 60.11, of which 60 × 0.5667 = 34.00 frees commitment.
    expect(moveSavings(bill(sources('Savings Plan', 'ComputeSavingsPlans')), null, 0.192, 0.0832, true)).toMatchObject({ monthlySavingBill: '26.11', monthlySavingCommitment: '34.00' });
    // Reservation, EC2 Instance plan or a plan of unknown type: only the 46.08 on demand saves, × (1 − 0.0832 / 0.192) = 26.11, all cash.
    for (const coverage of [sources('Reserved Instance', null), sources('Savings Plan', 'EC2InstanceSavingsPlans'), sources('Savings Plan', null)]) {
      expect(moveSavings(bill(coverage), null, 0.192, 0.0832, true)).toMatchObject({ monthlySavingBill: '26.11', monthlySavingCommitment: '0.00' });
      // Within the family the reservation still frees commitment.
      expect(moveSavings(bill(coverage), null, 0.192, 0.096)).toMatchObject({ monthlySavingBill: '23.04', monthlySavingCommitment: '30.00' });
    }
    // 480 covered hours: t3a.xlarge on-demand 0.1504 × 480 = 72.19 on top if moved before the reservation is taken up or ends.
    expect(leftBehindSentence(sources('Reserved Instance', null), 'm5', [{ type: 't3a.xlarge', price: 0.1504 }])).toBe('. The Reserved Instance arn:Reserved Instance'
      + ' covering 480 h of the window applies to the m5 family only, not to t3a.xlarge: there those hours would run on-demand while the commitment keeps'
      + ' billing, so the saving of that move leaves them out, in cash and in commitment. Moved before other m5 usage takes the commitment up or it ends,'
      + ' they would cost on top (t3a.xlarge about 72.19 over the window)');
    expect(leftBehindSentence(sources('Savings Plan', null), 'm5', [{ type: 't3a.xlarge', price: 0.1504 }]))
      .toContain('may not apply to t3a.xlarge (the bill does not say whether it is a Compute Savings Plan, which would)');
    expect(leftBehindSentence(sources('Savings Plan', 'ComputeSavingsPlans'), 'm5', [{ type: 't3a.xlarge', price: 0.1504 }])).toBe('');
    expect(leftBehindSentence(sources('Reserved Instance', null), 'm5', [])).toBe('');
  });
});

describe('one finding per resource', () => {
  const finding = (rule: IdleFinding['rule'], resourceId: string | null, monthlySaving: string, usageType: string | null = null): IdleFinding => ({
    rule, kind: 'ebs-volume', resourceId, accountId: '1', region: 'us-east-1', usageType, windowCost: '1', hourlyRate: '0', runRateMonthly: monthlySaving, monthlySaving,
    costWindow: { start: '2026-02-13', end: '2026-03-15' }, lookback: { start: '2026-03-08', end: '2026-03-15' },
    evidence: {}, thresholds: {}, explanation: '', action: '', confidence: 'high', alsoMatched: [],
  });

  it('the higher-priority rule keeps the finding, the others are listed; saving order, largest first', () => {
    const out = dedupeFindings([
      finding('bill-ebs-without-instances', 'vol-1', '5'), finding('ebs-low-iops', 'vol-1', '5'), finding('ebs-unattached', 'vol-1', '5'),
      finding('eip-idle-address', null, '9', 'ElasticIP:IdleAddress'),
    ]);
    expect(out.map((f) => [f.rule, f.resourceId ?? f.usageType, f.alsoMatched])).toEqual([
      ['eip-idle-address', 'ElasticIP:IdleAddress', []],
      ['ebs-unattached', 'vol-1', ['ebs-low-iops', 'bill-ebs-without-instances']],
    ]);
  });
});
