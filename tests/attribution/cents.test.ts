import { describe, expect, it } from 'vitest';
import { apportion, apportionCents, exactFromDecimal, roundToCents, scaleExact, splitCents, splitCentsText, sumExact, type Exact, ZERO } from '../../src/analyze/attribution/cents.ts';
import { splitMoney } from '../../src/server/html/format.ts';
import { postedCents, rangeCutsPeriod, rangeMayCutPeriods } from '../../src/analyze/attribution/posted.ts';
import { formatCents } from '../../src/lib/money.ts';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { type ChargedDays, invoiceDays } from '../../src/analyze/invoice-days.ts';
import { prng } from '../helpers/prng.ts';

describe('largest-remainder rounding to cents', () => {
  it('1.00 split three ways is 0.34 + 0.33 + 0.33, the tie going to the first item', () => {
    const third = scaleExact(exactFromDecimal('1.00'), 1n, 3n);
    expect(apportionCents([third, third, third], 100n)).toEqual([34n, 33n, 33n]);
  });

  it('gives the extra cents to the largest remainders, not to the largest amounts', () => {
    // 10.004, 0.007, 0.009 (total 10.020): floors 1000 + 0 + 0 = 1000, two cents to 0.009 and 0.007.
    const amounts = ['10.004', '0.007', '0.009'].map(exactFromDecimal);
    expect(apportionCents(amounts, roundToCents(sumExact(amounts)))).toEqual([1000n, 1n, 1n]);
  });

  it('handles credits (negative amounts): floors towards minus infinity', () => {
    // -1.5, 2.0 and -0.4 cents floor to -2, 2, -1 (remainders ½, 0, 0.6); the total 0.1 cent rounds to 0,
    // so one cent goes back, to the largest remainder: -0.4 → 0.
    const amounts = ['-0.015', '0.020', '-0.004'].map(exactFromDecimal);
    expect(apportionCents(amounts, roundToCents(sumExact(amounts)))).toEqual([-2n, 2n, 0n]);
    expect(formatCents(-105n)).toBe('-1.05');
  });

  it('rounds totals half away from zero, as DuckDB round(x, 2) does', () => {
    expect(['0.005', '-0.005', '0.0049999999', '4064.4831315379'].map((d) => roundToCents(exactFromDecimal(d)))).toEqual([1n, -1n, 0n, 406448n]);
  });

  it('for 2,000 random sets of exact rationals, sums to the rounded total and stays within a cent of each amount', () => {
    const random = prng(20251126);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(random() * 12);
      const amounts: Exact[] = Array.from({ length: n }, () => {
        const units = BigInt(Math.floor((random() - 0.2) * 1e13)); // up to ±1000 in 1e-10 units, some negative
        return scaleExact({ num: units, den: 1n }, 1n, BigInt(1 + Math.floor(random() * 7)));
      });
      const total = roundToCents(sumExact(amounts));
      const result = apportionCents(amounts, total);
      expect(result.reduce((s, c) => s + c, 0n)).toBe(total);
      result.forEach((c, i) => {
        const a = amounts[i];
        // c - 1 < amount (in cents) < c + 1, i.e. |c·1e8·den − num| < 1e8·den
        const diff = c * 100_000_000n * a.den - a.num;
        expect(diff < 100_000_000n * a.den && diff > -100_000_000n * a.den).toBe(true);
      });
    }
  });

  it('apportions shares to hundredths of a percent that sum to 100.00', () => {
    const amounts = ['66.3333333333', '33.3333333334', '11.3333333333'].map(exactFromDecimal);
    const total = sumExact(amounts);
    expect(apportion(amounts, 10_000n, { num: total.num, den: total.den * 10_000n })).toEqual([5976n, 3003n, 1021n]);
  });
});

describe('rows that split a total, shown in cents (splitCents: amounts in units)', () => {
  // The demo's unused commitment cost, 1–30 Nov 2026: the Savings Plan's 187.8336 and the RI's
  // 41.5923287760 of 229.4259287760 (units of 1e-10). 18,783.36 + 4,159.2328776 cents: floors
  // 18,783 + 4,159 = 22,942, the total rounds to 22,943, so the one cent goes to the larger remainder (.36).
  const [plan, reserved, total] = [1_878_336_000_000n, 415_923_287_760n, 2_294_259_287_760n];

  it('splits the total\'s cents by largest remainder, a null row (no figure) staying null: $187.84, –, $41.59 ($229.43)', () => {
    expect(splitCents([plan, null, reserved], total)).toEqual([18784n, null, 4159n]);
    expect(splitCentsText([plan, null, reserved], total)).toEqual(['187.84', null, '41.59']);
    expect(splitMoney([plan, null, reserved], total)).toEqual(['$187.84', '–', '$41.59']);
  });

  it('rounds each row on its own when the rows do not add up to the total, or there is none: $187.83 and $41.59', () => {
    expect(splitCents([plan, reserved], 3_000_000_000_000n)).toEqual([18783n, 4159n]);
    expect(splitCents([plan, reserved], null)).toEqual([18783n, 4159n]);
  });
});

describe('the rows\' part of the posted fees, in cents (attribution/posted.ts)', () => {
  const cent = (hundredths: bigint): Exact => scaleExact(exactFromDecimal('0.01'), hundredths, 100n);
  const pair = (hundredths: bigint) => ({ billed: cent(hundredths), effective: cent(hundredths) });

  it('a value\'s --by rows add up to what it holds without --by: 0.3¢ + 0.3¢ against 0.4¢ gives the one cent to the 0.6¢ value, not to 0.4¢', () => {
    // Without --by: A 0.6¢, B 0.4¢ (1¢ in all) → A 1¢. With --by, A's rows 0.3¢ and 0.3¢: rounded across all rows, B's 0.4¢ took the cent (A 0¢).
    const withoutBy = postedCents([pair(60n), pair(40n)], [0, 1]);
    const withBy = postedCents([pair(30n), pair(30n), pair(40n)], [0, 0, 1]);
    expect(withoutBy.rows.map((r) => r.billed)).toEqual([1n, 0n]);
    expect(withBy.rows.map((r) => [r.billed, r.effective])).toEqual([[1n, 1n], [0n, 0n], [0n, 0n]]);
    expect([withBy.period.cents, withoutBy.period.cents]).toEqual([{ billed: 1n, effective: 1n }, { billed: 1n, effective: 1n }]);
  });

  it('a credit among fees: 500.004 + 503.283 − 0.006 = 1003.281 gives 500.01, 503.28 and −0.01, adding up to 1003.28 (the total rounded once)', () => {
    // In cents: floors 50000, 50328 and −1 (remainders 0.4, 0.3 and 0.4) leave one cent of 100328; the tie of 0.4 goes to the earlier row.
    const rows = [exactFromDecimal('500.004'), exactFromDecimal('503.283'), exactFromDecimal('-0.006')].map((a) => ({ billed: a, effective: ZERO }));
    const { rows: cents, period } = postedCents(rows, [0, 1, 2]);
    expect(cents.map((c) => formatCents(c.billed))).toEqual(['500.01', '503.28', '-0.01']);
    expect([formatCents(period.cents.billed), formatCents(period.cents.effective)]).toEqual(['1003.28', '0.00']);
  });

  it('a range cuts a billing period when its charge bounds leave out a day of it', () => {
    const range = { chargeFrom: '2026-11-15', chargeTo: '2026-12-03' };
    const inMonth: ChargedDays = new Map();
    expect(['2026-10', '2026-11', '2026-12'].map((p) => rangeCutsPeriod(range, p, inMonth))).toEqual([true, true, true]);
    expect(['2026-10', '2026-11', '2026-12'].map((p) => rangeCutsPeriod({ chargeFrom: '2026-11-01', chargeTo: '2026-12-01' }, p, inMonth))).toEqual([true, false, true]);
    expect([rangeCutsPeriod({ billingFrom: '2026-11-01', billingTo: '2026-12-01' }, '2026-11', inMonth), rangeMayCutPeriods({ billingFrom: '2026-11-01' }), rangeMayCutPeriods({ chargeTo: '2026-12-01' })])
      .toEqual([false, false, true]);
  });

  it('a range cuts a billing period widened to its lines\' charge days as invoiceDays reads it (the calendar month said October was whole)', () => {
    // The FOCUS 1.0 sample's 2024-10 holds one line charged on 30 Sep 2024; say another on 1 Nov 2024.
    const charged: ChargedDays = new Map([['2024-10', { first: '2024-09-30', last: '2024-11-01' }]]);
    const span: BillingDaySpan = { firstDay: '2024-09-01', lastDay: '2024-12-31', lastChargeDay: '2024-12-31', lastUsagePeriod: '2024-12' };
    const ranges: [string, string][] = [['2024-10-01', '2024-11-01'], ['2024-09-30', '2024-11-01'], ['2024-10-01', '2024-11-02'], ['2024-09-30', '2024-11-02'], ['2024-09-01', '2025-01-01']];
    const cuts = ranges.map(([from, to]) => rangeCutsPeriod({ chargeFrom: from, chargeTo: to }, '2024-10', charged));
    expect(cuts).toEqual([true, true, true, false, false]);
    expect(ranges.map(([from, to]) => !invoiceDays('2024-10', { kind: 'days', from, to }, span, charged).wholeBill)).toEqual(cuts);
  });
});
