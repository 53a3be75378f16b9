/**
 * Exact decimal arithmetic for money figures that come out of the store as text (DECIMAL(38,10)):
 * sums stay exact, and savings derived from prices are rounded once, half away from zero.
 */

const SCALE = 10;
const UNIT = 10n ** BigInt(SCALE);

/** Parses a decimal string ("276.4800000000", "-3.6", "12") into units of 1e-10. */
export function toUnits(value: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal number: "${value}"`);
  const [, sign, whole, fraction = ''] = match;
  const digits = (fraction + '0'.repeat(SCALE)).slice(0, SCALE);
  const units = BigInt(whole) * UNIT + BigInt(digits);
  return sign ? -units : units;
}

/** Formats units of 1e-10 with `places` decimals (rounded half away from zero). */
export function fromUnits(units: bigint, places = SCALE): string {
  const drop = 10n ** BigInt(SCALE - places);
  const negative = units < 0n;
  let abs = negative ? -units : units;
  abs = (abs + drop / 2n) / drop;
  const base = 10n ** BigInt(places);
  const whole = abs / base;
  const fraction = places > 0 ? `.${(abs % base).toString().padStart(places, '0')}` : '';
  return `${negative && abs !== 0n ? '-' : ''}${whole}${fraction}`;
}

/** Sums decimal strings exactly; the result has 10 decimals. */
export function sumDecimals(values: readonly string[]): string {
  return fromUnits(values.reduce((total, v) => total + toUnits(v), 0n));
}

/** A price (a JS number with at most 10 decimals, as the catalogue holds) in units of 1e-10. */
export function priceUnits(price: number): bigint {
  return toUnits(price.toFixed(SCALE));
}

/**
 * `amount × (1 − newPrice / oldPrice)`: the part of a bill that a move from `oldPrice` to
 * `newPrice` would save, rounded to cents. Exact up to that one rounding.
 */
export function savingAtRatio(amount: string, oldPrice: number, newPrice: number): string {
  const old = priceUnits(oldPrice);
  if (old <= 0n) throw new RangeError('old price must be positive');
  const numerator = toUnits(amount) * (old - priceUnits(newPrice));
  return fromUnits(divideRounded(numerator, old), 2);
}

/** `(oldPrice − newPrice) × hours`, rounded to cents: a list-price saving over `hours` hours. */
export function listSaving(oldPrice: number, newPrice: number, hours: number): string {
  return fromUnits((priceUnits(oldPrice) - priceUnits(newPrice)) * BigInt(hours), 2);
}

/**
 * `listRate × hours × (1 − newPrice / oldPrice)`, rounded once to cents: the list-price saving
 * over `hours` hours of a move from `oldPrice` to `newPrice`, where `listRate` is the current
 * hourly list price (equal to `oldPrice` when the catalogue prices both: then (old − new) × hours).
 */
export function listSavingOver(listRate: number, oldPrice: number, newPrice: number, hours: number): string {
  const old = priceUnits(oldPrice);
  if (old <= 0n) throw new RangeError('old price must be positive');
  const numerator = priceUnits(listRate) * toUnits(hours.toFixed(SCALE)) * (old - priceUnits(newPrice));
  return fromUnits(divideRounded(numerator, old * UNIT), 2);
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

/** Rounds a decimal string to `places` decimals (half away from zero). */
export function roundDecimal(value: string, places: number): string {
  return fromUnits(toUnits(value), places);
}

function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n + d / 2n) / d;
  return negative ? -q : q;
}
