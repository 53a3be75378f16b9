/**
 * Exact amounts in whole steps (e.g. cents) as fractions, for controlled rounding and largest
 * remainder: their floor, their rounding half away from zero (money's one rule, src/lib/money.ts),
 * and their exact sum.
 */
import { divideRounded } from './money.ts';
import { gcd } from './bigint-math.ts';

/** An exact amount in steps (e.g. cents): `num / den`, den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** The largest whole number of steps not above the amount. */
export function floorRatio(r: Ratio): bigint {
  const q = r.num / r.den;
  return r.num % r.den !== 0n && r.num < 0n ? q - 1n : q;
}

/** The amount rounded to whole steps, half away from zero (money's one rounding rule). */
export function roundRatio(r: Ratio): bigint {
  return divideRounded(r.num, r.den);
}

/** a + b, exactly (not reduced). */
function addRatio(a: Ratio, b: Ratio): Ratio {
  return a.den === b.den ? { num: a.num + b.num, den: a.den } : { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** The exact sum of amounts (reduced by their common factors as it goes, so denominators stay small). */
export function sumRatios(amounts: readonly Ratio[]): Ratio {
  let total: Ratio = { num: 0n, den: 1n };
  for (const a of amounts) {
    const s = addRatio(total, a);
    const g = gcd(s.num, s.den);
    total = g > 1n ? { num: s.num / g, den: s.den / g } : s;
  }
  return total;
}
