import { describe, expect, it } from 'vitest';
import { apportion, apportionCents, exactFromDecimal, roundToCents, scaleExact, sumExact, type Exact } from '../../src/analyze/attribution/cents.ts';
import { formatCents } from '../../src/lib/money.ts';
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
