/**
 * Money as the report shows it. Rounding, documented once:
 * - every amount is summed exactly from the store's DECIMAL(38,10) cells and rounded once to
 *   cents, half away from zero (as DuckDB's `round(x, 2)` does);
 * - a table that splits a total (teams, cost centres) rounds its rows by largest remainder so that
 *   they add up to the rounded total to the cent;
 * - a change is the difference of the two rounded amounts shown beside it, and a percentage is the
 *   exact change over the exact earlier amount (src/lib/percent-change.ts, as every surface works it
 *   out), in tenths of a percent, rounded once, half away from zero;
 * - figures the analysers give as binary floating point (anomalies, forecast) are written with
 *   10 decimals and then rounded as decimals, never with toFixed(2).
 */
import { roundToCents, type Exact } from '../analyze/attribution/index.ts';
import { centsOfUnits, divideRounded, formatUsd, toUnits, unitsOfNumber } from '../lib/money.ts';
import { changePercentSteps, type ExactAmount } from '../lib/percent-change.ts';
import { percentText } from '../lib/quantity-cells.ts';

/** Cents of an exact amount. */
export function cents(amount: Exact): bigint {
  return roundToCents(amount);
}

/** Cents of a decimal text cell (`"276.4800000000"`, `"-3.6"`). */
export function centsOfDecimal(text: string): bigint {
  return centsOfUnits(toUnits(text));
}

/** Cents of a floating-point amount, rounded as its 10-decimal text. */
export function centsOfNumber(value: number): bigint {
  return centsOfUnits(unitsOfNumber(value));
}

/** A change with its sign: `+$19.93`, `−$286.71`, `$0.00`. */
export function formatSignedUsd(value: bigint): string {
  return value > 0n ? `+${formatUsd(value)}` : formatUsd(value);
}

/** The exact amounts two rounded amounts show, from which their change in percent is worked out. */
export interface ExactPair {
  current: ExactAmount;
  previous: ExactAmount;
}

/**
 * The change between two amounts in tenths of a percent, worked out from their exact amounts (`exact`:
 * src/lib/percent-change.ts, the one rule of every surface) and rounded once; null when the earlier amount
 * as shown (`previousShown`, cents) is not above $0.00 (`new`, `unchanged`, or a credit: {@link formatChangePercent}).
 */
export function changeTenths(previousShown: bigint, exact: ExactPair): bigint | null {
  if (previousShown <= 0n) return null;
  return changePercentSteps(exact.current, exact.previous, 1);
}

/** What a percentage change reads when the earlier amount is below zero (a net credit): no percentage of it means anything. */
export const CHANGE_FROM_CREDIT = 'n/a (previous was a credit)';

/** What a percentage change reads when both amounts are $0.00: nothing moved, and nothing is new. */
const UNCHANGED_AT_ZERO = 'unchanged';

/**
 * A change in percent as the report prints it: `+3.2%`, `−10.0%`, `0.0%`. Without a percentage
 * (`tenths` null: the earlier amount, `previous`, is not above zero): {@link CHANGE_FROM_CREDIT}
 * when `previous` is below zero, since a percentage of a credit reads backwards (a credit of $100
 * growing to $150 would be −50% or +50% depending on the convention), and the change in dollars
 * beside it says what moved; {@link UNCHANGED_AT_ZERO} when `previous` and `current` are both
 * $0.00; `new` when there was nothing before ($0.00, or `previous` not given) and there is now.
 */
export function formatChangePercent(tenths: bigint | null, previous?: bigint, current?: bigint): string {
  if (tenths === null) {
    if (previous !== undefined && previous < 0n) return CHANGE_FROM_CREDIT;
    return previous === 0n && current === 0n ? UNCHANGED_AT_ZERO : 'new';
  }
  const abs = tenths < 0n ? -tenths : tenths;
  const body = `${abs / 10n}.${abs % 10n}%`;
  return tenths > 0n ? `+${body}` : tenths < 0n ? `−${body}` : body;
}

/** {@link formatChangePercent} of a comparison: its percentage, or why it has none. */
export function formatChangePercentOf(c: Pick<Change, 'current' | 'previous' | 'tenths'>): string {
  return formatChangePercent(c.tenths, c.previous, c.current);
}

/** part ÷ whole in tenths of a percent, half away from zero; null when whole ≤ 0. */
export function shareTenths(part: bigint, whole: bigint): bigint | null {
  if (whole <= 0n) return null;
  return divideRounded(part * 1000n, whole);
}

/** A comparison of two amounts in cents, as the report prints it. */
export interface Change {
  current: bigint;
  previous: bigint;
  /** current − previous. */
  change: bigint;
  /** The exact change ÷ the exact previous amount, in tenths of a percent; null when previous (shown) ≤ 0. */
  tenths: bigint | null;
}

/** Compares two rounded amounts: the change of the amounts shown, its percentage of their exact amounts (`exact`). */
export function compare(current: bigint, previous: bigint, exact: ExactPair): Change {
  return { current, previous, change: current - previous, tenths: changeTenths(previous, exact) };
}

/**
 * A percentage an analyser gives with two decimals (utilisation, coverage, savings rate: `costlens
 * commitments`'s figures) as the e-mail writes every percentage, the `%` straight after the number
 * and a true minus sign (`−0.3%`, `82.0%`): `88.05%`, `−3.48%`; `–` for none. Its two decimals are
 * the analyser's, not rounded again, so the figure is the one the CLI and the pages show.
 */
export function formatPercent(value: number | null): string {
  return value === null ? '–' : percentText(value, 2);
}
