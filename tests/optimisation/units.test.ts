import { describe, expect, it } from 'vitest';
import { dedupeFindings, findingsTable, type IdleFinding } from '../../src/analyze/findings.ts';
import { listSaving, listSavingOver, savingAtRatio, sumDecimals } from '../../src/analyze/findings-money.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { parseDay } from '../../src/analyze/billing-calendar.ts';
import { addDays } from '../../src/lib/calendar.ts';
import { percentileStatistic, type RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { rightsizingNothingToSaveSummary, splitRightsizingNothingToSave } from '../../src/analyze/rightsizing/nothing-to-save.ts';
import { movesSaveNothing } from '../../src/analyze/saves-nothing.ts';
import { rightsizingNotJudged } from '../../src/analyze/not-judged.ts';
import { burstableBaseline, fit, priceBook, sameFamilyDownsize } from '../../src/analyze/rightsizing/sizes.ts';
import { coverageOf, sizeLockOf } from '../../src/analyze/instance-commitments.ts';
import { coverageForMove, heldDaysFactor, leftBehindSentence, moveSavings, sizeLockedSentence, windowToMonth } from '../../src/analyze/rightsizing/savings.ts';
import { percentile } from './fixtures.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';

const catalogue = loadInstanceCatalogue();
const type = (name: string) => catalogue.lookup(name)!;
/** A store that holds every day of the 30-day cost window. */
const FULL = { days: 30, of: 30, missing: null };

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
  it('a cost window is a month of 730 h, as idle\'s run-rate counts one: × 730 ÷ the hours of the days the store holds', () => {
    // 30 days of 0.288 an hour: 207.36 over 720 h is 0.288 × 730 = 210.24 a month (it stayed 207.36: a month of 720 h).
    expect(fromUnits(windowToMonth(toUnits('207.36'), FULL), 2)).toBe('210.24');
    expect(heldDaysFactor(FULL)).toBe('× 730/720');
    // 16 of the 30 days held: 16 × 24 = 384 h; 110.592 (0.288 × 384) × 730/384 = 210.24 again.
    const held = { days: 16, of: 30, missing: 'x' };
    expect(fromUnits(windowToMonth(toUnits('110.592'), held), 2)).toBe('210.24');
    expect(heldDaysFactor(held)).toBe('× 730/384');
    // Exact to the unit (1e-10), rounded once: 1.00 × 730/720 = 1.0138888889.
    expect(fromUnits(windowToMonth(toUnits('1'), FULL))).toBe('1.0138888889');
    // None held: nothing to scale, no factor.
    expect([fromUnits(windowToMonth(toUnits('5'), { days: 0, of: 30, missing: 'x' }), 2), heldDaysFactor({ days: 0, of: 30, missing: 'x' })]).toEqual(['5.00', '']);
  });

  it('terminate saves the window cost as a month of 730 h, never more; list figures per 730 h and for the 252 h it ran', () => {
    // 252 h × 0.0832 = 20.9664 billed over the window's 720 h: × 730/720 = 21.2576 a month (it saved 20.97, the 720 h as the month); 0.0832 × 730 = 60.736.
    expect(moveSavings({ windowCost: '20.9664', hoursRun: 252, coverage: null, held: FULL }, 0.0832, 0.0832, 0, 'terminate')).toEqual({
      monthlySavingBill: '21.26', monthlySavingCommitment: '0.00', listSavingPer730h: '60.74', listSavingForHoursRun: '20.97',
    });
  });

  it('a store holding 16 of the 30 days scales the window to a month of 730 h: × 730/384, cap included; list figures stay per 730 h and for the hours billed', () => {
    // 16 days × 24 h × 0.192 = 73.728 billed; as a month 73.728 × 730 / 384 = 140.16 (0.192 × 730); × (1 − 0.096 / 0.192) = 70.08,
    // the list figure per 730 h (it was 69.12: × 30/16, a month of 720 h).
    const held = { days: 16, of: 30, missing: "the store's billing data begins on 27 Feb 2025" };
    expect(moveSavings({ windowCost: '73.728', hoursRun: 384, coverage: null, held }, 0.192, 0.192, 0.096, 'resize')).toEqual({
      monthlySavingBill: '70.08', monthlySavingCommitment: '0.00', listSavingPer730h: '70.08', listSavingForHoursRun: '36.86',
    });
    // Terminate: the whole month, 140.16, at most the scaled window cost; the held days' own figure would be 73.73.
    expect(moveSavings({ windowCost: '73.728', hoursRun: 384, coverage: null, held }, 0.192, 0.192, 0, 'terminate').monthlySavingBill).toBe('140.16');
    // 60 of the 73.728 on a plan with unused hours: 60 × 730/384 = 114.0625 → 114.06 frees commitment, 140.16 − 114.06 = 26.10 cash.
    const coverage = coverageOf([{
      type: 'Savings Plan', id: 'arn:sp', lineType: 'SavingsPlanCoveredUsage', offeringType: 'ComputeSavingsPlans', sizeLock: null, coveredHours: 300, coveredCost: toUnits('60'), unusedInWindow: toUnits('1'),
    }], 384);
    expect(moveSavings({ windowCost: '73.728', hoursRun: 384, coverage, held }, null, 0.192, 0, 'terminate')).toMatchObject({ monthlySavingBill: '26.10', monthlySavingCommitment: '114.06' });
    // None of the days held: nothing to scale.
    expect(moveSavings({ windowCost: '0', hoursRun: 0, coverage: null, held: { days: 0, of: 30, missing: 'x' } }, null, 0.192, 0, 'terminate').monthlySavingBill).toBe('0.00');
  });

  it('covered hours of a commitment with unused hours free commitment; the rest is cash (106.08 = 60.00 covered + 46.08 on demand)', () => {
    const coverage = coverageOf([{
      type: 'Savings Plan', id: 'arn:sp', lineType: 'SavingsPlanCoveredUsage', offeringType: 'ComputeSavingsPlans', sizeLock: null, coveredHours: 480, coveredCost: toUnits('60'), unusedInWindow: toUnits('12.5'),
    }], 720);
    expect([coverage?.coveredShare, coverage?.freesCommitment]).toEqual([0.6667, true]);
    // × 730/720 (106.08 → 107.5533333333, 60 → 60.8333333333) × (1 − 0.096 / 0.192): 53.78 in all, 30.42 of it commitment, 23.36 cash.
    expect(moveSavings({ windowCost: '106.08', hoursRun: 720, coverage, held: FULL }, null, 0.192, 0.096, 'resize')).toEqual({
      monthlySavingBill: '23.36', monthlySavingCommitment: '30.42', listSavingPer730h: null, listSavingForHoursRun: null,
    });
  });

  it('a move to another family: a Compute Savings Plan follows it; a reservation\'s hours are left out of both savings (they run on-demand on the new type)', () => {
    const sources = (type: 'Savings Plan' | 'Reserved Instance', offeringType: string | null) => coverageOf([{
      type, id: `arn:${type}`, lineType: type === 'Savings Plan' ? 'SavingsPlanCoveredUsage' : 'DiscountedUsage', offeringType, sizeLock: null, coveredHours: 480, coveredCost: toUnits('60'), unusedInWindow: toUnits('12.5'),
    }], 720);
    const bill = (coverage: ReturnType<typeof coverageOf>) => ({ windowCost: '106.08', hoursRun: 720, coverage, held: FULL });
    // Compute plan: 106.08 × 730/720 × (1 − 0.0832 / 0.192) = 60.95, of which 60 × 730/720 × 0.5667 = 34.47 frees commitment.
    expect(moveSavings(bill(sources('Savings Plan', 'ComputeSavingsPlans')), null, 0.192, 0.0832, 'family')).toMatchObject({ monthlySavingBill: '26.48', monthlySavingCommitment: '34.47' });
    // Reservation, EC2 Instance plan or a plan of unknown type: only the 46.08 on demand saves, × 730/720 × (1 − 0.0832 / 0.192) = 26.47, all cash.
    for (const coverage of [sources('Reserved Instance', null), sources('Savings Plan', 'EC2InstanceSavingsPlans'), sources('Savings Plan', null)]) {
      expect(moveSavings(bill(coverage), null, 0.192, 0.0832, 'family')).toMatchObject({ monthlySavingBill: '26.47', monthlySavingCommitment: '0.00' });
      // Within the family the reservation still frees commitment.
      expect(moveSavings(bill(coverage), null, 0.192, 0.096, 'resize')).toMatchObject({ monthlySavingBill: '23.36', monthlySavingCommitment: '30.42' });
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

  it('a reservation that is not size-flexible (zonal, dedicated, a family AWS excludes, not Linux/UNIX; RDS SQL Server, Oracle license included) applies to its own type only', () => {
    const ri = { commitment_type: 'Reserved Instance', line_type: 'DiscountedUsage', operation: 'RunInstances', usage_type: 'BoxUsage:m5.xlarge', reservation_zone: null };
    expect(sizeLockOf(ri)).toBe(null);
    expect(sizeLockOf({ ...ri, commitment_type: null })).toBe(null);
    expect(sizeLockOf({ ...ri, operation: null })).toBe(null);
    expect(sizeLockOf({ ...ri, reservation_zone: 'us-east-1a' })).toBe('zonal (us-east-1a)');
    // A Region where the zone would be is no zone: the reservation is regional.
    expect(sizeLockOf({ ...ri, reservation_zone: 'us-east-1' })).toBe(null);
    expect(sizeLockOf({ ...ri, usage_type: 'USE2-DedicatedUsage:m5.xlarge' })).toBe('dedicated tenancy');
    // Bare metal counts within its family (m5.metal as m5.24xlarge); a few families AWS leaves out.
    expect(sizeLockOf({ ...ri, usage_type: 'BoxUsage:m5.metal' })).toBe(null);
    expect(sizeLockOf({ ...ri, usage_type: 'USW2-BoxUsage:g5.4xlarge' })).toBe('the g5 family, which AWS does not make size-flexible');
    expect(sizeLockOf({ ...ri, usage_type: 'BoxUsage:u7i-6tb.112xlarge' })).toBe('the u7i-6tb family, which AWS does not make size-flexible');
    expect(sizeLockOf({ ...ri, usage_type: 'BoxUsage:g4dn.xlarge', operation: 'RunInstances:0002' })).toBe('the g4dn family, which AWS does not make size-flexible');
    expect(sizeLockOf({ ...ri, operation: 'RunInstances:0002' })).toBe('Windows');
    expect(sizeLockOf({ ...ri, operation: 'RunInstances:0010' })).toBe('Red Hat Enterprise Linux');
    expect(sizeLockOf({ ...ri, operation: 'RunInstances:0g00' })).toBe('platform RunInstances:0g00, not Linux/UNIX');
    const rds = { ...ri, usage_type: 'InstanceUsage:db.m5.xlarge', operation: 'CreateDBInstance:0014' };
    expect(sizeLockOf(rds)).toBe(null);
    expect(sizeLockOf({ ...rds, usage_type: 'EUW1-Multi-AZUsage:db.m5.xlarge', operation: 'CreateDBInstance:0021' })).toBe(null);
    expect(sizeLockOf({ ...rds, operation: 'CreateDBInstance:0012' })).toBe('SQL Server Standard Edition, license included');
    expect(sizeLockOf({ ...rds, operation: 'CreateDBInstance:0020' })).toBe('Oracle SE2, license included');
    expect(sizeLockOf({ ...rds, operation: 'CreateDBInstance:0099' })).toBe('an engine (CreateDBInstance:0099) AWS does not list as size-flexible');
    // Savings Plans apply to any size (an EC2 Instance plan within its family, a Compute plan to any).
    expect(sizeLockOf({ ...ri, commitment_type: 'Savings Plan', line_type: 'SavingsPlanCoveredUsage', operation: 'RunInstances:0002' })).toBe(null);

    // 480 of 720 h covered by a Windows reservation at 60.00 (12.50 unused in the window); 46.08 on demand.
    const locked = coverageOf([{
      type: 'Reserved Instance', id: 'arn:ri', lineType: 'DiscountedUsage', offeringType: null, sizeLock: 'Windows', coveredHours: 480, coveredCost: toUnits('60'), unusedInWindow: toUnits('12.5'),
    }], 720);
    const bill = { windowCost: '106.08', hoursRun: 720, coverage: locked, held: FULL };
    // Resized to m5.large (0.096 of 0.192): only the 46.08 on demand saves, × 730/720 × 0.5 = 23.36, all cash; a size-flexible one freed 30.42 more.
    expect(moveSavings(bill, null, 0.192, 0.096, 'resize')).toMatchObject({ monthlySavingBill: '23.36', monthlySavingCommitment: '0.00' });
    // Terminated, the reservation's hours are freed as before (60 × 730/720 = 60.83 frees commitment, 107.55 − 60.83 = 46.72 cash).
    expect(moveSavings(bill, null, 0.192, 0, 'terminate')).toMatchObject({ monthlySavingBill: '46.72', monthlySavingCommitment: '60.83' });
    // m5.large on-demand 0.096 × 480 h = 46.08 on top if resized before the reservation is taken up or ends.
    expect(sizeLockedSentence(locked, 'm5.xlarge', [{ type: 'm5.large', price: 0.096 }])).toBe('. The Reserved Instance arn:ri (Windows) covering 480 h of the'
      + ' window is not size-flexible: it applies to m5.xlarge only, not to m5.large, so on m5.large those hours would run on-demand while'
      + ' it keeps billing, and the saving leaves them out, in cash and in commitment. Resized before other m5.xlarge usage takes it up or it ends,'
      + ' they would cost on top (m5.large about 46.08 over the window)');
    expect(sizeLockedSentence(locked, 'm5.xlarge', [])).toBe('');
    // A family move whose alternative is a resize (t3.xlarge → m6i.large, or t3.large): the sentence names the alternative; 0.0832 × 480 = 39.936.
    expect(sizeLockedSentence(locked, 't3.xlarge', [{ type: 't3.large', price: 0.0832 }])).toBe('. The Reserved Instance arn:ri (Windows) covering 480 h of the window is not size-flexible: it applies to t3.xlarge only, not to t3.large, so on t3.large those hours'
      + ' would run on-demand while it keeps billing, and the saving leaves them out, in cash and in commitment. Resized before other t3.xlarge usage takes it up or it ends,'
      + ' they would cost on top (t3.large about 39.94 over the window)');
    // Both moves resizes: both named, both costed (m5.large 0.096 × 480 = 46.08; m5.medium 0.048 × 480 = 23.04).
    expect(sizeLockedSentence(locked, 'm5.xlarge', [{ type: 'm5.large', price: 0.096 }, { type: 'm5.medium', price: 0.048 }])).toBe('. The Reserved Instance arn:ri (Windows) covering 480 h of the window is not size-flexible: it applies to m5.xlarge only, not to m5.large or m5.medium, so on m5.large or'
      + ' m5.medium those hours would run on-demand while it keeps billing, and the savings leave them out, in cash and in commitment. Resized before other m5.xlarge'
      + ' usage takes it up or it ends, they would cost on top (m5.large about 46.08, m5.medium about 23.04 over the window)');
    expect(coverageForMove(locked, 'm5.large', 'resize')?.note).toMatch(/\(for the current type; a commitment here does not apply to m5\.large \(it is not size-flexible\), so that move leaves its hours out: see the explanation\)$/);
    const flexible = coverageOf([{ ...locked!.sources[0], sizeLock: null }], 720);
    expect(sizeLockedSentence(flexible, 'm5.xlarge', [{ type: 'm5.large', price: 0.096 }])).toBe('');
    expect(coverageForMove(flexible, 'm5.large', 'resize')).toBe(flexible);
  });
});

describe('one finding per resource', () => {
  const finding = (rule: IdleFinding['rule'], resourceId: string | null, monthlySaving: string, usageType: string | null = null): IdleFinding => ({
    rule, kind: 'ebs-volume', resourceId, accountId: '1', region: 'us-east-1', usageType, windowCost: '1', hourlyRate: '0', runRateMonthly: monthlySaving, monthlySaving, monthlySavingCommitment: '0.00',
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
    // The CSV's also_matched separates them by "; " as every list column does (forecast's ended_sources, rightsize's).
    const table = findingsTable(out);
    expect(table.rows.map((r) => r[table.columns.indexOf('also_matched')])).toEqual([null, 'ebs-low-iops; bill-ebs-without-instances']);
  });
});

describe('a rightsizing move that saves nothing is not a finding (the rule modernise applies)', () => {
  const reservation = { type: 'Reserved Instance', id: 'ri-1', lineType: 'DiscountedUsage', offeringType: null, sizeLock: null, coveredHours: 720, coveredCost: toUnits('41.5923287760'), unusedInWindow: toUnits('34.88') };
  const covered = { coveredShare: 1, coveredCost: toUnits('41.5923287760'), unusedInWindow: toUnits('34.88'), freesCommitment: true, note: 'covered', coveredHours: 720, sources: [reservation] };
  const zero = { monthlySavingBill: '0.00', monthlySavingCommitment: '0.00', listSavingPer730h: '15.18', listSavingForHoursRun: '14.98' };
  /** The demo's m5.large under a standard reservation, moved to t3a.large (another family): the reservation covered all 41.59 of its window. */
  const rec = (over: Partial<RightsizingRecommendation> = {}) => ({
    rule: 'rightsize-burstable', service: 'ec2', resourceId: 'i-1', accountId: '1', region: 'us-east-1', instanceType: 'm5.large', recommendedType: 't3a.large',
    move: 'family', action: 'resize to t3a.large (burstable)', windowCost: '41.5923287760', recommendedHourlyPrice: 0.0752, commitment: covered,
    costWindow: { start: '2026-11-07', end: '2026-12-07' }, alternative: { instanceType: 'm6g.medium', hourlyPrice: 0.0385, ...zero }, ...zero, ...over,
  }) as unknown as RightsizingRecommendation;

  it('leaves out a move whose cash and freed commitment are 0.00, alternative too; keeps one when either part of either move is a cent', () => {
    const split = splitRightsizingNothingToSave([rec(), rec({ resourceId: 'i-2', monthlySavingBill: '0.01' }), rec({ resourceId: 'i-3', monthlySavingCommitment: '0.01' }),
      rec({ resourceId: 'i-4', alternative: { ...rec().alternative!, monthlySavingBill: '0.01' } })]);
    expect([split.kept.map((r) => r.resourceId), split.nothingToSave.map((r) => [r.resourceId, r.cause])]).toEqual([['i-2', 'i-3', 'i-4'], [['i-1', 'commitment-left-behind']]]);
    // 41.5923287760 → 41.59 left behind; on t3a.large its 720 h would cost 0.0752 × 720 = 54.144 → 54.14 on top.
    // Money in dollars, and the heading or note it sits under says once that the move saves nothing (it read '… covered 41.59 of its 41.59 over 7 Nov
    // – 6 Dec 2026, so the move saves 0.00 a month in cash and frees no commitment until the commitment is taken up or ends; moved before, 720 h …').
    expect(split.nothingToSave[0].reason).toBe('a commitment that does not follow the move to t3a.large or m6g.medium covered $41.59 of its $41.59 over 7 Nov'
      + ' – 6 Dec 2026; moved before the commitment is taken up or ends, the 720 h it covered would run on-demand while it keeps billing'
      + ' (t3a.large about $54.14 over the window)');
    expect(rightsizingNothingToSaveSummary(split.nothingToSave)).toBe('1 recommendation covered by a commitment that does not follow the move left out: the move saves nothing on the bill');
    expect(rightsizingNothingToSaveSummary([])).toBe('');
  });

  it('names no on-demand cost for an unpriced move: unknown, not 0.00', () => {
    const [left] = splitRightsizingNothingToSave([rec({ recommendedHourlyPrice: null })]).nothingToSave;
    expect(left.reason).toBe('a commitment that does not follow the move to t3a.large or m6g.medium covered $41.59 of its $41.59 over 7 Nov'
      + ' – 6 Dec 2026; moved before the commitment is taken up or ends, the 720 h it covered would run on-demand while it keeps billing');
  });

  it('says why when nothing covered it: billed $0.00, or a saving under half a cent (once, in dollars: it added "so the move saves nothing on the bill")', () => {
    const { nothingToSave } = splitRightsizingNothingToSave([
      rec({ resourceId: 'fn', service: 'lambda', move: null, commitment: null, alternative: null, windowCost: '0', recommendedType: '512' }),
      rec({ resourceId: 'i-5', commitment: null, alternative: null, windowCost: '0.0040000000' }),
    ]);
    expect(nothingToSave.map((r) => [r.resourceId, r.cause, r.reason])).toEqual([
      ['fn', 'billed-zero', 'billed $0.00 over 7 Nov – 6 Dec 2026 (free tier or another zero rate)'],
      ['i-5', 'under-half-cent', 'billed $0.004 over 7 Nov – 6 Dec 2026, a saving under half a cent a month'],
    ]);
    expect(rightsizingNothingToSaveSummary(nothingToSave)).toBe('1 recommendation billed $0.00 (free tier or another zero rate), 1 recommendation saving under half a cent a month'
      + ' left out: the move saves nothing on the bill');
  });

  it('is the rule modernise reads: unpriced is unknown, not nothing; a saving after commitments is something', () => {
    expect(movesSaveNothing({ cash: '0.00', commitment: '0.00' }, [{ cash: null, commitment: null }])).toBe(true);
    expect(movesSaveNothing({ cash: null, commitment: null }, [])).toBe(false);
    expect(movesSaveNothing({ cash: '0.00', commitment: null, afterCommitments: '13.87' }, [])).toBe(false);
    // Left out, it still judged an instance: rightsizing is not "not judged" for want of usage types.
    const judged = { recommendations: [], nothingToSave: [rec()], usageWithoutType: { lines: 5 }, skipped: [], withoutCpuMetrics: { ec2: 0, rds: 0 },
      metricCoverage: { resources: 0 }, lambdaMetricCoverage: { resources: 0 } };
    expect([rightsizingNotJudged(judged as never), rightsizingNotJudged({ ...judged, nothingToSave: [] } as never)]).toEqual([false, true]);
  });
});
