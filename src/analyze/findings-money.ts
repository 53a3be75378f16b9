/**
 * Savings and sums for the optimisation findings, on money figures that come out of the store as
 * text (DECIMAL(38,10)): exact, and rounded once, half away from zero (units, parsing, formatting
 * and the rounding itself: src/lib/money.ts).
 */
import { divideRounded, fromUnits, toUnits, unitsOfNumber, UNITS_PER_DOLLAR } from '../lib/money.ts';

/** Sums decimal strings exactly; the result has 10 decimals. */
export function sumDecimals(values: readonly string[]): string {
  return fromUnits(values.reduce((total, v) => total + toUnits(v), 0n));
}

/**
 * `amount × (1 − newPrice / oldPrice)`: the part of a bill that a move from `oldPrice` to
 * `newPrice` would save, rounded to cents. Exact up to that one rounding.
 */
export function savingAtRatio(amount: string, oldPrice: number, newPrice: number): string {
  return fromUnits(savingUnitsAtRatio(toUnits(amount), oldPrice, newPrice), 2);
}

/** `units × (1 − newPrice / oldPrice)` in units (bigint at scale 10), exact but for one rounding. */
export function savingUnitsAtRatio(units: bigint, oldPrice: number, newPrice: number): bigint {
  const old = unitsOfNumber(oldPrice);
  if (old <= 0n) throw new RangeError('old price must be positive');
  return divideRounded(units * (old - unitsOfNumber(newPrice)), old);
}

/** `(oldPrice − newPrice) × hours`, rounded to cents: a list-price saving over `hours` hours. */
export function listSaving(oldPrice: number, newPrice: number, hours: number): string {
  return fromUnits((unitsOfNumber(oldPrice) - unitsOfNumber(newPrice)) * BigInt(hours), 2);
}

/**
 * `listRate × hours × (1 − newPrice / oldPrice)`, rounded once to cents: the list-price saving
 * over `hours` hours of a move from `oldPrice` to `newPrice`, where `listRate` is the current
 * hourly list price (equal to `oldPrice` when the catalogue prices both: then (old − new) × hours).
 */
export function listSavingOver(listRate: number, oldPrice: number, newPrice: number, hours: number): string {
  const old = unitsOfNumber(oldPrice);
  if (old <= 0n) throw new RangeError('old price must be positive');
  const numerator = unitsOfNumber(listRate) * unitsOfNumber(hours) * (old - unitsOfNumber(newPrice));
  return fromUnits(divideRounded(numerator, old * UNITS_PER_DOLLAR), 2);
}

/** The smaller of two decimal strings. */
export function minDecimal(a: string, b: string): string {
  return toUnits(a) <= toUnits(b) ? a : b;
}

/** `a − b` of two decimal strings, exact (10 decimals). */
export function subtractDecimals(a: string, b: string): string {
  return fromUnits(toUnits(a) - toUnits(b));
}

/** `value × factor` of a decimal string and an integer factor, exact (10 decimals). */
export function multiplyDecimal(value: string, factor: number): string {
  return fromUnits(toUnits(value) * BigInt(factor));
}

