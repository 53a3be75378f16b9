/**
 * The commitments report's derived money is exact (bigint units, one rounding, half away from
 * zero): an RI's or Savings Plan's monthly value and hourly commitment, the on-demand cost if not
 * renewed, and the purchase advice's eligible on-demand cost, monthly commitment and monthly
 * saving. Before, each went through a double (`Number(units) / 1e10`, `… .toFixed(10)`), and the
 * values below are ones where that double rounds wrongly: at the 10th decimal, and for the advice's
 * eligible spend of ten daily lines of $795.2945, at the cent ($7,952.94 instead of $7,952.95).
 * Every expected figure is worked out by hand beside it. The queries are replaced by a fake engine
 * returning their rows: what is tested is the arithmetic on them.
 */
import { describe, expect, it } from 'vitest';
import {
  adviseSavingsPlans, commitmentJson, commitmentsConfigSchema, NO_COVERAGE, NO_DATA_END, readCommitmentUsage, readExpiring, summarise,
} from '../../src/analyze/commitments/index.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { QueryRowTypes } from '../../src/engine/query-types.ts';
import { centsOfUnits, formatUsd, fromUnits, toUnits } from '../../src/lib/money.ts';

type UtilisationRow = QueryRowTypes['commitments/utilisation_until'];
type HourlyRow = QueryRowTypes['commitments/eligible_on_demand_hourly'];

const EMPTY_ROW: UtilisationRow = {
  billing_period: '2026-10-01', arn: null, commitment_type: null, account_id: '111122223333', service: 'AmazonEC2', region: 'us-east-1',
  availability_zone: null, instance_type: null, operation: null, usage_type: null, offering_class: null, purchase_option: null, lease_length: null,
  sp_offering_type: null, sp_payment_option: null, sp_purchase_term: null, start_time: null, end_time: null, reservations: null, purchased_hours: null,
  unused_hours: null, purchased_units: null, unused_units: null, covered_units: null, commitment: null, used_commitment: null, commitment_hours: null,
  focus_used_quantity: null, focus_unused_quantity: null, focus_unit: null, recurring_fee: null, amortised_upfront_fee: null, unused_recurring_fee: null,
  unused_upfront_fee: null, unused_cost: null, used_cost: null, covered_on_demand: null, upfront_payment: null, fee_hours: null, fee_recurring: null,
  fee_upfront: null, cut: false, fee_held: null, fee_span: null, unused_held: null, unused_other_cost: null,
};

/** No RIFee hour cut: the rows below are whole billing periods. */
const WHOLE = { data_ends_at: NO_DATA_END };

/** An RI started mid-month: its fee line pays for 530.320278 hours (as the real October 2018 CUR's RI started 9 Oct 21:40:47). */
const RI: UtilisationRow = {
  ...EMPTY_ROW, arn: 'arn:aws:ec2:us-east-1:111122223333:reserved-instances/ri-530h', commitment_type: 'Reserved Instance', reservations: 1,
  purchased_hours: toUnits('530.320278'), unused_hours: 0n, end_time: '2026-11-20 00:00:00', recurring_fee: toUnits('8.3091'), amortised_upfront_fee: 0n,
  covered_on_demand: toUnits('4.5621651060'), fee_hours: toUnits('530.320278'), fee_recurring: toUnits('8.3091'), fee_upfront: 0n,
};

/** A Compute Savings Plan of $352.428 an hour over 744 hourly fee lines. */
const SP: UtilisationRow = {
  ...EMPTY_ROW, arn: 'arn:aws:savingsplans::111122223333:savingsplan/sp-744h', commitment_type: 'Savings Plan', sp_offering_type: 'ComputeSavingsPlans',
  sp_payment_option: 'No Upfront', sp_purchase_term: '1yr', end_time: '2026-12-20 00:00:00', commitment: toUnits('262206.432'),
  used_commitment: toUnits('262206.432'), commitment_hours: toUnits('744'),
};

/** A Savings Plan whose commitment over its 744 hours is a whole unit and a half an hour, and half of it used plus $0.90. */
const SP_HALVES: UtilisationRow = {
  ...SP, arn: 'arn:aws:savingsplans::111122223333:savingsplan/sp-halves', commitment: toUnits('874.5516752220'), used_commitment: toUnits('437.7758376110'),
};

function fakeEngine(rows: { utilisation?: UtilisationRow[]; hourly?: HourlyRow[] }): Engine {
  return {
    name: 'duckdb',
    close: async () => {},
    run: async (name) => ({
      columns: [],
      rows: (name === 'commitments/utilisation_until' ? rows.utilisation ?? [] : name === 'commitments/eligible_on_demand_hourly' ? rows.hourly ?? [] : []) as never,
    }),
  };
}

describe('expiring commitments: monthly value and on-demand cost if not renewed, exact', () => {
  it('an RI paying $8.3091 for 530.320278 hours is worth 11.4376976548 a month (the double said …549); its covered on-demand $4.5621651060 over 30 days is 4.6255285103 a month (a half unit, rounded away from zero; the double said …102)', async () => {
    const config = commitmentsConfigSchema.parse({ expiryWindowsDays: [30, 60], lookbackDays: 30 });
    const [ri] = await readExpiring(fakeEngine({ utilisation: [RI] }), '2026-11-14', config, WHOLE);
    // 8.3091 × 730 ÷ 530.320278 = 6065.643 ÷ 530.320278 = 11.43769765484999990892…
    expect(fromUnits(ri.monthlyValue!)).toBe('11.4376976548');
    // 4.5621651060 × 730 ÷ (30 × 24) = 333.0380527380 ÷ 72 = 4.62552851025 exactly
    expect(fromUnits(ri.onDemandIfNotRenewed!)).toBe('4.6255285103');
    expect([ri.daysLeft, ri.windowDays]).toEqual([5, 30]);
  });

  it('a Savings Plan of $352.428 an hour is worth 352.428 × 730 = 257,272.44 a month (the double said 257272.4399999999)', async () => {
    const config = commitmentsConfigSchema.parse({ expiryWindowsDays: [30, 60] });
    const [sp] = await readExpiring(fakeEngine({ utilisation: [SP] }), '2026-11-14', config, WHOLE);
    expect(fromUnits(sp.monthlyValue!)).toBe('257272.4400000000');
    expect(sp.onDemandIfNotRenewed).toBe(0n);
  });
});

describe('the JSON of a commitment: hourly commitment, monthly value and utilisation, exact', () => {
  it('a Savings Plan\'s hourly commitment is its commitment over its hours rounded once: 874.5516752220 ÷ 744 = 1.17547268175 → 1.1754726818 (the double said …817)', async () => {
    const read = await readCommitmentUsage(fakeEngine({ utilisation: [SP_HALVES, SP] }), WHOLE);
    const [halves, sp] = [SP_HALVES, SP].map((row) => read.find((c) => c.arn === row.arn)!);
    // Its monthly value: 874.5516752220 × 730 ÷ 744 = 858.0950576775 exactly.
    expect(commitmentJson(halves)).toMatchObject({ hourlyCommitment: '1.1754726818', monthlyValue: '858.0950576775' });
    expect(commitmentJson(sp)).toMatchObject({ hourlyCommitment: '352.4280000000', monthlyValue: '257272.4400000000', utilisationPercent: 100 });
  });

  it('an RI\'s monthly value over 530.320278 hours is exact, and with two reservations twice it', async () => {
    const [one] = await readCommitmentUsage(fakeEngine({ utilisation: [RI] }), WHOLE);
    expect(commitmentJson(one).monthlyValue).toBe('11.4376976548');
    const [two] = await readCommitmentUsage(fakeEngine({ utilisation: [{ ...RI, reservations: 2 }] }), WHOLE);
    // 8.3091 × 2 × 730 ÷ 530.320278 = 22.8753953096999998…
    expect(commitmentJson(two).monthlyValue).toBe('22.8753953097');
  });

  it('Savings Plan utilisation is used ÷ commitment rounded once, half away from zero: $1,000.90 of $2,000.00 is 50.045 % → 50.05 (the doubles said 50.04)', async () => {
    const row = { ...SP, commitment: toUnits('2000'), used_commitment: toUnits('1000.90') };
    const [sp] = await readCommitmentUsage(fakeEngine({ utilisation: [row] }), WHOLE);
    expect(commitmentJson(sp).utilisationPercent).toBe(50.05);
    expect(summarise([sp], NO_COVERAGE).savingsPlans.utilisationPercent).toBe(50.05);
  });
});

describe('Compute Savings Plan advice: the money it reports, exact', () => {
  /** Ten daily on-demand lines of $795.2945 (1–10 Oct 2026), each spread over its 24 hours. */
  const hourly: HourlyRow[] = Array.from({ length: 10 }, (_, d) => ({
    charge_start: `2026-10-${String(d + 1).padStart(2, '0')} 00:00:00`, hours: 24, on_demand_cost: toUnits('795.2945'), lines: 1,
  }));

  it('eligible on-demand cost 10 × 795.2945 = 7,952.945 → $7,952.95 (the doubles summed to 7952.9449999999, $7,952.94); the 1yr plan saves 24.19 × (1000 − 730) = 6,531.30 a month', async () => {
    const advice = await adviseSavingsPlans(fakeEngine({ hourly }), '2026-10-10', commitmentsConfigSchema.parse({}), '2026-10-01');
    expect([advice.lookbackFrom, advice.lookbackTo, advice.hours, advice.hoursWithSpend]).toEqual(['2026-10-01', '2026-10-11', 240, 240]);
    expect(fromUnits(advice.eligibleOnDemand)).toBe('7952.9450000000');
    expect(formatUsd(centsOfUnits(advice.eligibleOnDemand))).toBe('$7,952.95');
    // Each hour spends 795.2945 ÷ 24 = 33.137270833…; 1yr estimated at 27 % off (price 0.73): C = ⌊33.137270833 × 0.73 × 1000⌋ ÷ 1000 = 24.190,
    // covering 24.19 ÷ 0.73 = 33.1369863… < the hour's spend every hour: saving 24.19 ÷ 0.73 − 24.19 an hour, × 730 = 24.19 × 1000 − 24.19 × 730.
    const [oneYear, threeYear] = advice.recommendations;
    expect([oneYear.term, fromUnits(oneYear.hourlyCommitment), fromUnits(oneYear.monthlyCommitment), fromUnits(oneYear.monthlySaving)])
      .toEqual(['1yr', '24.1900000000', '17658.7000000000', '6531.3000000000']);
    // 3yr at 48 % off (price 0.52): C = ⌊33.137270833 × 0.52 × 1000⌋ ÷ 1000 = 17.231; saving 17.231 × 730 × 0.48 ÷ 0.52 = 150943.56 ÷ 13
    // = 11611.04307692307… (the doubles said 11611.0430769230).
    expect([threeYear.term, fromUnits(threeYear.hourlyCommitment), fromUnits(threeYear.monthlyCommitment), fromUnits(threeYear.monthlySaving)])
      .toEqual(['3yr', '17.2310000000', '12578.6300000000', '11611.0430769231']);
  });

  it('a line cut by the end of the look-back counts for its hours inside it only, exactly: a daily $10.0000000001 line starting at the horizon\'s 12:00 counts 12 ÷ 24 of it', async () => {
    const cut: HourlyRow[] = [...hourly, { charge_start: '2026-10-10 12:00:00', hours: 24, on_demand_cost: toUnits('10.0000000001'), lines: 1 }];
    const advice = await adviseSavingsPlans(fakeEngine({ hourly: cut }), '2026-10-10', commitmentsConfigSchema.parse({}), '2026-10-01');
    // 7952.945 + 10.0000000001 × 12 ÷ 24 = 7952.945 + 5.00000000005 = 7957.94500000005 → 7957.9450000001 (half a unit, away from zero)
    expect(fromUnits(advice.eligibleOnDemand)).toBe('7957.9450000001');
  });
});
