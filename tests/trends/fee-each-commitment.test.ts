/**
 * "This month's fee has posted" is said of each commitment (its ARN, else CommitmentDiscountId:
 * queries/fees/commitment_lines.cte.sql `commitment_key`), never of its service: keyed by service,
 * one RI's posting on the 1st was taken for every fee of the service (another RI's not posted yet,
 * a Savings Plan's accruing by the hour), and an RI bought this month for last month's RI. In
 * EffectiveCost an RI's fee is its unused hours, which accrue as the month passes, though its
 * BilledCost posts whole. A fee not expected again once the month holds its posting:
 * unchecked-forecast-posted-fee.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastPeriodEnd, periodContaining, type PeriodForecast, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { allExpectedCharges } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { toUnits } from '../../src/lib/money.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import type { CurLine } from '../optimisation/cur-fixture.ts';
import { storeWith } from '../optimisation/fixtures.ts';
import { days } from './fixtures.ts';

type Json = Record<string, string | number | null>;

const EC2_CUR = 'Amazon Elastic Compute Cloud';

describe('each commitment of a service is expected on its own: one\'s posting is not another\'s (a hand-built legacy CUR)', () => {
  /*
   * A legacy CUR (tests/optimisation/cur-fixture.ts: every line's service Amazon Elastic Compute
   * Cloud, commitments named by ARN, no term times), 1 Oct – 10 Nov 2025: usage 100.00 a day, and
   * three commitments' fees in that one service:
   * - RI A: RIFee for the month, posted on the 1st: 310.00 in October (EffectiveCost, its unused
   *   recurring fee, 31.00), 300.00 in November (30.00);
   * - RI B: RIFee 62.00 in October (all unused: 62.00); November's not posted by the 10th;
   * - a Savings Plan: SavingsPlanRecurringFee 6.00 a day (EffectiveCost 6.00 − 4.00 used = 2.00),
   *   31 days of October (186.00; 62.00), 1–10 Nov (60.00; 20.00).
   * By hand, as of 10 Nov (provisional 8–10 Nov; the fit, 11 Oct – 7 Nov, is 100 a day: 20 × 100 =
   * 2,000 projected), each commitment on its own:
   *   RI A has posted: 300.00 at month end, nothing more;
   *   RI B has not: 62.00 still to post;
   *   the Savings Plan accrues: 186 × 30/31 = 180.00, less 60.00 posted = 120.00 (EffectiveCost
   *   62 × 30/31 = 60.00 − 20.00 = 40.00).
   *   In EffectiveCost an RI's fee is its unused hours, which AWS posts as they pass: both RIs
   *   accrue, October's scaled to 30 days: A 31 × 30/31 = 30.00, all posted; B 62 × 30/31 = 60.00
   *   still to post (was 62.00, as posted once a month).
   *   BilledCost: usage 1,000 + posted 360 + projected 2,000 + expected 182 = 3,542.00;
   *   EffectiveCost: 1,000 + 50 + 2,000 + 100 = 3,150.00 (was 3,152.00).
   * Keyed by service, RI A's posting counted for all three ("posts once a month", the service's
   * fee has posted): nothing more expected, forecasts 3,360.00 and 3,050.00. A November budget on
   * the whole bill (actual 1,360.00: usage, the plan's fees, RI A's posting) expects the same
   * fees: RI B's 62.00 and the plan's 186 × 20/31 = 120.00 over the 20 days left (EffectiveCost
   * RI B's 60.00 − 0.00 and RI A's 30.00 − 30.00 posted, and 62 × 20/31 = 40.00).
   */
  const RI_A = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/costlens-ri-a';
  const RI_B = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/costlens-ri-b';
  const PLAN = 'arn:aws:savingsplans::999999999999:savingsplan/costlens-plan';
  const at = { account: '111111111111', region: 'us-east-1' };
  const riFee = (arn: string, month: string, next: string, cost: string, unused: string): CurLine => ({
    type: 'RIFee', start: month, end: next, ...at, usageType: 'HeavyUsage:m5.large', quantity: 744, cost, reservationArn: arn, riUnusedRecurringFee: unused, riUnusedAmortizedUpfront: '0',
  });
  const LINES: CurLine[] = [
    ...days('2025-10-01', '2025-11-10').map((day): CurLine => ({ type: 'Usage', start: day, ...at, usageType: 'BoxUsage:m5.large', quantity: 24, cost: '100.00' })),
    riFee(RI_A, '2025-10-01', '2025-11-01', '310.00', '31.00'), riFee(RI_A, '2025-11-01', '2025-12-01', '300.00', '30.00'),
    riFee(RI_B, '2025-10-01', '2025-11-01', '62.00', '62.00'),
    ...days('2025-10-01', '2025-11-10').map((day): CurLine => ({
      type: 'SavingsPlanRecurringFee', start: day, ...at, usageType: 'ComputeSP:1yrNoUpfront', quantity: 24, cost: '6.00', savingsPlanArn: PLAN, spTotalCommitment: '6.00', spUsedCommitment: '4.00',
    })),
  ];
  let db: string;
  let config: string;

  beforeAll(async () => {
    db = await storeWith({ cur: LINES });
    config = join(dirname(db), 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'billed', amount: 3500 }, { name: 'effective', amount: 3500, cost: 'effective' }] }));
  }, 120_000);

  it('the store holds the three commitments\' fees in one service, by ARN (SQL on the store)', async () => {
    expect(await sqlRows(db, `SELECT ServiceName AS service, coalesce(x_ReservationArn, x_SavingsPlanArn) AS arn, strftime(ChargePeriodStart, '%Y-%m') AS month,
        CAST(sum(BilledCost) AS DECIMAL(38,2)) AS billed, CAST(sum(EffectiveCost) AS DECIMAL(38,2)) AS effective
      FROM line_items WHERE x_ChargeClass = 'recurring' GROUP BY ALL ORDER BY arn, month`)).toEqual([
      { service: EC2_CUR, arn: RI_A, month: '2025-10', billed: '310.00', effective: '31.00' },
      { service: EC2_CUR, arn: RI_A, month: '2025-11', billed: '300.00', effective: '30.00' },
      { service: EC2_CUR, arn: RI_B, month: '2025-10', billed: '62.00', effective: '62.00' },
      { service: EC2_CUR, arn: PLAN, month: '2025-10', billed: '186.00', effective: '62.00' },
      { service: EC2_CUR, arn: PLAN, month: '2025-11', billed: '60.00', effective: '20.00' },
    ]);
  });

  it('forecast as of 10 Nov expects RI B\'s fee and the rest of the plan\'s, 182.00 (EffectiveCost 100.00, the RIs\' unused hours accruing): 3,542.00, not 3,360.00', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2025-11-10', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as (Json & { expectedCharges: Json[] })[];
    expect(rows.map((r) => [r.cost, r.usageActual, r.postedOther, r.projectedUsage, r.expectedOther, r.forecast])).toEqual([
      ['BilledCost', '1000.000000', '360.000000', '2000.000000', '182.000000', '3542.000000'],
      ['EffectiveCost', '1000.000000', '50.000000', '2000.000000', '100.000000', '3150.000000'],
    ]);
    expect(rows.map((r) => r.expectedCharges.map((e) => [e.service, e.atMonthEnd, e.stillToPost, e.posted]))).toEqual([
      [[EC2_CUR, '542.000000', '182.000000', '360.000000']],
      [[EC2_CUR, '150.000000', '100.000000', '50.000000']],
    ]);
    const part = (what: string, expected: string, remaining: string, basis: string, posted: string) => `${what}: ${expected} at month end, ${remaining} still to post (${basis}; ${posted} posted)`;
    // Each commitment's part, with its whole-dollar figures as the table (6 decimals) or the notes (cents) write them.
    const billedParts = (m: (dollars: string) => string) => [
      part(`Reserved Instance ${RI_A}`, m('300'), m('0'), `posts once a month: ${m('310')} in 2025-10; 2025-11's has posted, so no more of it is expected`, m('300')),
      part(`Reserved Instance ${RI_B}`, m('62'), m('62'), `posts once a month: ${m('62')} in 2025-10`, m('0')),
      part(`Savings Plan ${PLAN}`, m('180'), m('120'), `accrues daily: ${m('186')} over 2025-10, scaled to 30 days`, m('60')),
    ];
    const effectiveParts = (m: (dollars: string) => string) => [
      part(`Savings Plan ${PLAN}`, m('60'), m('40'), `accrues daily: ${m('62')} over 2025-10, scaled to 30 days`, m('20')),
      part('2 Reserved Instances', m('90'), m('60'), `unused reservation hours, which post as they pass: accrues daily: ${m('93')} over 2025-10, scaled to 30 days`, m('30')),
    ];
    const inTable = (dollars: string) => `${dollars}.000000`;
    const inNote = (dollars: string) => `$${dollars}.00`;
    expect(rows[0].expectedCharges[0].basis).toBe(`each commitment on its own: ${billedParts(inTable).join('; ')}`);
    expect(rows[1].expectedCharges[0].basis).toBe(`each commitment on its own: ${effectiveParts(inTable).join('; ')}`);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('Expected: '))).toEqual([
      `Expected: ${EC2_CUR} (recurring): BilledCost $542.00 at month end, $182.00 still to post (each commitment on its own: ${billedParts(inNote).join('; ')}; $360.00 posted); `
      + `EffectiveCost $150.00 at month end, $100.00 still to post (each commitment on its own: ${effectiveParts(inNote).join('; ')}; $50.00 posted).`,
    ]);
  });

  it('budgets for November as of the 10th expect the same: 1,360.00 so far + 2,000.00 + 182.00 = 3,542.00 (EffectiveCost 3,150.00), not 3,360.00', async () => {
    const run = await costlens(db, 'budgets', '--config', config, '--period', '2025-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const budgets = (JSON.parse(run.stdout) as { budgets: Json[] }).budgets;
    expect(budgets.map((b) => [b.name, b.asOf, b.actual, b.forecast])).toEqual([
      ['billed', '2025-11-10', '1360.0000000000', '3542.00'],
      ['effective', '2025-11-10', '1050.0000000000', '3150.00'],
    ]);
  });
});

describe('by hand: an RI bought this month posts its fee; an RI of last month has not yet: its fee is still to come', () => {
  // EC2, no term on the bill: RI A's fee 310.00 in October, not posted by 3 Nov; RI C, bought on 1 Nov, posted 50.00. Keyed by
  // service, C's posting was taken for the service's fee ("has posted"): 50.00 at month end, nothing to come. Each on its own: A
  // 310.00 still to post, C 50.00 (not in October: what posted is all of it), 360.00 at month end.
  const A = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/a';
  const C = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/c';
  const row = (key: string, amount: string) => ({ service: EC2_CUR, posted: true, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_key: key, billed_cost: toUnits(amount), effective_cost: toUnits(amount) });

  it('the month-end forecast of November expects A\'s 310.00 still to post beside C\'s posting', () => {
    const previous = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('310'), effective_cost: toUnits('310'), days: 1 }];
    const current = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('50'), effective_cost: toUnits('50'), days: 1 }];
    const [fee] = allExpectedCharges(previous, current, 'billed', { first: '2025-11-01', previousFirst: '2025-10-01', nonTaxForecast: 0n, over: false, fees: [row(A, '310')], currentFees: [row(C, '50')] });
    expect([fee.expected, fee.posted, fee.remaining]).toEqual([toUnits('360'), toUnits('50'), toUnits('310')]);
    expect(fee.basis).toBe(`each commitment on its own: Reserved Instance ${A}: 310.000000 at month end, 310.000000 still to post (posts once a month: 310.000000 in 2025-10; 0.000000 posted); `
      + `Reserved Instance ${C} new in 2025-11: 50.000000 at month end, 0.000000 still to post (not billed in 2025-10: what has posted of it is all that is expected; 50.000000 posted)`);
  });

  it('a budget for November as of the 3rd expects A\'s 310.00 too: forecast 50.00 + 310.00', () => {
    const rows: ScopeDay[] = [
      { day: '2025-10-31', chargeClass: 'recurring', service: EC2_CUR, cost: 310, posted: true, commitment: 'reservation', commitmentKey: A },
      { day: '2025-11-03', chargeClass: 'recurring', service: EC2_CUR, cost: 50, posted: true, commitment: 'reservation', commitmentKey: C },
    ];
    const inputs = { rows, firstDataDay: '2025-10-01', horizon: '2025-11-03', provisionalFrom: null, config: forecastConfigSchema.parse({}) };
    const november = forecastPeriodEnd(periodContaining('monthly', '2025-11-01'), '2025-11-03', inputs) as PeriodForecast;
    expect([november.actual, november.expectedFees, november.forecast]).toEqual(['50', '310', '360'].map(toUnits));
  });
});

describe('by hand: an RI\'s EffectiveCost is its unused hours, which AWS posts as they pass: it accrues, though its BilledCost posts whole', () => {
  // EC2, RI R (no term on the bill): RIFee 310.00 in October (EffectiveCost, its unused hours, 62.00), November's posted on the 1st:
  // 300.00 billed, 8.00 of unused hours by the 10th. BilledCost: November's has posted, nothing more. EffectiveCost: 62.00 × 30/31 =
  // 60.00 at month end, 60.00 − 8.00 = 52.00 still to post (before: 8.00 at month end, taken as posted whole, nothing to post).
  const R = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/r';
  const row = (billed: string, effective: string) => ({ service: EC2_CUR, posted: true, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_key: R, billed_cost: toUnits(billed), effective_cost: toUnits(effective) });
  const month = { first: '2025-11-01', previousFirst: '2025-10-01', nonTaxForecast: 0n, over: false, fees: [row('310', '62')], currentFees: [row('300', '8')] };
  const previous = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('310'), effective_cost: toUnits('62'), days: 1 }];
  const current = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('300'), effective_cost: toUnits('8'), days: 1 }];

  it('the month-end forecast of November: BilledCost 300.00, nothing more; EffectiveCost 60.00 at month end, 52.00 still to post', () => {
    const [billed] = allExpectedCharges(previous, current, 'billed', month);
    expect([billed.expected, billed.posted, billed.remaining]).toEqual(['300', '300', '0'].map(toUnits));
    const [effective] = allExpectedCharges(previous, current, 'effective', month);
    expect([effective.expected, effective.posted, effective.remaining]).toEqual(['60', '8', '52'].map(toUnits));
    expect(effective.basis).toBe('unused reservation hours, which post as they pass: accrues daily: 62.000000 over 2025-10, scaled to 30 days');
  });

  it('a budget for November as of the 10th expects the same: EffectiveCost 52.00 still to post, BilledCost nothing', () => {
    const rows = (cost: 'billed' | 'effective'): ScopeDay[] => [
      { day: '2025-10-31', chargeClass: 'recurring', service: EC2_CUR, cost: cost === 'billed' ? 310 : 62, posted: true, commitment: 'reservation', commitmentKey: R },
      { day: '2025-11-10', chargeClass: 'recurring', service: EC2_CUR, cost: cost === 'billed' ? 300 : 8, posted: true, commitment: 'reservation', commitmentKey: R },
    ];
    const config = forecastConfigSchema.parse({});
    const forecast = (cost: 'billed' | 'effective') => forecastPeriodEnd(periodContaining('monthly', '2025-11-01'), '2025-11-10',
      { rows: rows(cost), firstDataDay: '2025-10-01', horizon: '2025-11-10', provisionalFrom: null, config, amortised: cost === 'effective' }) as PeriodForecast;
    expect([forecast('billed').actual, forecast('billed').expectedFees, forecast('billed').forecast]).toEqual(['300', '0', '300'].map(toUnits));
    expect([forecast('effective').actual, forecast('effective').expectedFees, forecast('effective').forecast]).toEqual(['8', '52', '60'].map(toUnits));
  });
});

describe('a service whose fees two deliveries bill (the month before read by source) is expected once, of both deliveries\' fees', () => {
  // Two payers' CURs, each with an EC2 RI: A 310.00 in October from aws/111111111111, B 62.00 from aws/222222222222, neither posted by
  // 3 Nov. By hand: one EC2 charge, 372.00 still to post. Expected row by row, each delivery's amount was set against both RIs' fees:
  // two EC2 charges, 744.00 expected, each with a negative "fees of no named commitment" part (a second payer doubled the forecast's fees).
  const A = 'arn:aws:ec2:us-east-1:111111111111:reserved-instances/a';
  const B = 'arn:aws:ec2:us-east-1:222222222222:reserved-instances/b';
  const fee = (key: string, amount: string) => ({ service: EC2_CUR, posted: true, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_key: key, billed_cost: toUnits(amount), effective_cost: toUnits(amount) });
  const bySource = (source: string, amount: string) => ({ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, source, billed_cost: toUnits(amount), effective_cost: toUnits(amount), days: 1 });

  it('one EC2 charge: 310.00 + 62.00 = 372.00 at month end, all still to post', () => {
    const previous = [bySource('aws/111111111111', '310'), bySource('aws/222222222222', '62')];
    const charges = allExpectedCharges(previous, [], 'billed', { first: '2025-11-01', previousFirst: '2025-10-01', nonTaxForecast: 0n, over: false, fees: [fee(A, '310'), fee(B, '62')], currentFees: [] });
    expect(charges.map((c) => [c.chargeClass, c.service, c.expected, c.posted, c.remaining])).toEqual([
      ['recurring', EC2_CUR, toUnits('372'), 0n, toUnits('372')],
    ]);
  });
});
