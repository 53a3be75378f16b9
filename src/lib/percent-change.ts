/**
 * A change in percent: the one rule of every surface that shows how much an amount moved (the weekly
 * e-mail's subject, headline, totals and cuts, Explore's compare, the Overview's and Data transfer's
 * month to date). It is worked out from the exact amounts, never from the rounded amounts shown beside
 * it, and rounded once, half away from zero (money.ts, divideRounded), to the decimals the surface
 * writes: the e-mail one (`+433.1%`), the pages two (`+433.14%`). The base is the earlier amount's size,
 * so a move up reads as a rise even from a credit. From rounded amounts the same change read +433.8% in
 * the e-mail ($5.64 over $1.30) beside Explore's +433.14%, and a move from $0.1958 to $0.2046 read 0.0%
 * (both $0.20) where it is +4.5%.
 */
import { divideRounded } from './money.ts';

/** An exact amount: units of 1e-10 (money.ts), or a fraction of them `num / den` (den > 0), as attribution's shares are. */
export type ExactAmount = bigint | { num: bigint; den: bigint };

function fraction(amount: ExactAmount): { num: bigint; den: bigint } {
  return typeof amount === 'bigint' ? { num: amount, den: 1n } : amount;
}

/**
 * (current − previous) ÷ |previous| × 100, exactly, rounded once (half away from zero) to `decimals`
 * decimals, as an integer of those steps (`decimals` 1: tenths of a percent, 4331n for +433.1 %); null
 * when `previous` is zero (no percentage of nothing).
 */
export function changePercentSteps(current: ExactAmount, previous: ExactAmount, decimals: number): bigint | null {
  const [c, p] = [fraction(current), fraction(previous)];
  if (p.num === 0n) return null;
  // (c − p) / |p| = (c.num·p.den − p.num·c.den) / (c.den·p.den) × p.den / |p.num| = (c.num·p.den − p.num·c.den) / (c.den·|p.num|).
  const change = c.num * p.den - p.num * c.den;
  const base = c.den * (p.num < 0n ? -p.num : p.num);
  return divideRounded(change * 100n * 10n ** BigInt(decimals), base);
}

/** {@link changePercentSteps} as a decimal text with `decimals` decimals (`433.14`, `-4.50`), or null: what a page's percent cell reads. */
export function changePercentText(current: ExactAmount, previous: ExactAmount, decimals: number): string | null {
  const steps = changePercentSteps(current, previous, decimals);
  if (steps === null) return null;
  const abs = steps < 0n ? -steps : steps;
  const scale = 10n ** BigInt(decimals);
  const fractionDigits = decimals > 0 ? `.${String(abs % scale).padStart(decimals, '0')}` : '';
  return `${steps < 0n ? '-' : ''}${abs / scale}${fractionDigits}`;
}
