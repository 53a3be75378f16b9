/**
 * Exact money for attribution: amounts are rationals of the store's unit (1e-10 of a currency unit),
 * so a shared cost split three ways stays exact until it is rounded, once, to cents by largest remainder.
 */
import { CostlensError } from '../../errors.ts';
import { centsOfUnits, divideRounded, formatCents, fromUnits, UNITS_PER_CENT, unitsOf } from '../../lib/money.ts';
import { ascending } from '../../lib/order.ts';
import { largestRemainder, type Ratio } from '../../lib/controlled-rounding.ts';
import { gcd } from '../../lib/bigint-math.ts';

/** An exact amount: `num / den` units of 1e-10 (den > 0). */
export interface Exact {
  num: bigint;
  den: bigint;
}

export const ZERO: Exact = { num: 0n, den: 1n };

/** An exact amount from a DECIMAL(38,10) text cell (NULL is zero). */
export function exactFromDecimal(text: string | null | undefined): Exact {
  return { num: unitsOf(text), den: 1n };
}

/** An exact amount from whole store units. */
export function exactUnits(units: bigint): Exact {
  return { num: units, den: 1n };
}

function reduce(num: bigint, den: bigint): Exact {
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** a + b, exactly. */
export function addExact(a: Exact, b: Exact): Exact {
  if (a.den === b.den) return reduce(a.num + b.num, a.den);
  return reduce(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** The sum of amounts, exactly. */
export function sumExact(amounts: Iterable<Exact>): Exact {
  let total = ZERO;
  for (const a of amounts) total = addExact(total, a);
  return total;
}

/** a × n / d, exactly (d ≠ 0). */
export function scaleExact(a: Exact, n: bigint, d: bigint): Exact {
  return reduce(a.num * n, a.den * d);
}

/** Compares two exact amounts: negative, zero or positive as a < b, a = b, a > b. */
export function compareExact(a: Exact, b: Exact): number {
  return ascending(a.num * b.den, b.num * a.den);
}

/** Floor division of bigints (rounds towards minus infinity, unlike `/`). */
export function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
}

/** Rounds an exact amount to whole cents, half away from zero (as DuckDB's round(x, 2) does). */
export function roundToCents(a: Exact): bigint {
  return divideRounded(a.num, a.den * UNITS_PER_CENT);
}

/**
 * Largest-remainder apportionment: returns integers (counts of `step`) that sum to exactly `target`,
 * each the floor of `amount / step` or one more. The extra units go to the largest remainders;
 * equal remainders go to the earlier item, so callers decide ties by the order they pass
 * (src/lib/controlled-rounding.ts, largestRemainder).
 */
export function apportion(amounts: Exact[], target: bigint, step: Exact): bigint[] {
  if (step.num <= 0n) throw new CostlensError('internal', 'apportion: the step must be positive');
  // amount / step = (a.num * step.den) / (a.den * step.num)
  return largestRemainder(amounts.map((a) => ({ num: a.num * step.den, den: a.den * step.num })), target);
}

/** An exact amount in cents (the unit src/lib/controlled-rounding.ts rounds to whole steps). */
export function inCents(a: Exact): Ratio {
  return { num: a.num, den: a.den * UNITS_PER_CENT };
}

/** Apportions amounts to whole cents that sum to `targetCents`. */
export function apportionCents(amounts: Exact[], targetCents: bigint): bigint[] {
  return apportion(amounts, targetCents, exactUnits(UNITS_PER_CENT));
}

/**
 * The cents a table shows for rows that split a total (exact amounts in units; null stays null, no
 * figure): the largest-remainder rounding of the rows to the total's cents (the total rounded once),
 * ties going to the earlier row, so the rows shown add up to the total shown. Each row is rounded on
 * its own when there is no total or the rows' exact sum is not it (then they are not a split of it).
 * The CLI's and the pages' commitments and KPI tables read it.
 */
export function splitCents(rows: readonly (bigint | null)[], total: bigint | null): (bigint | null)[] {
  const given = rows.filter((u): u is bigint => u !== null);
  if (total === null || given.length === 0 || given.reduce((s, u) => s + u, 0n) !== total) {
    return rows.map((u) => (u === null ? null : centsOfUnits(u)));
  }
  const cents = apportionCents(given.map(exactUnits), centsOfUnits(total));
  let next = 0;
  return rows.map((u) => (u === null ? null : cents[next++]));
}

/** {@link splitCents} as cents text (`1234.56`), as the CLI's tables take money; null stays null. */
export function splitCentsText(rows: readonly (bigint | null)[], total: bigint | null): (string | null)[] {
  return splitCents(rows, total).map((c) => (c === null ? null : formatCents(c)));
}

/** Formats an exact amount with the store's 10 decimals (rounded half away from zero when not whole units). */
export function formatExact(a: Exact): string {
  return fromUnits(divideRounded(a.num, a.den));
}
