/**
 * The robust statistics of the anomaly rule on exact amounts (store units): median, median absolute
 * deviation, the verdict, and the rule's figures (MAD, k × MAD, range) rounded once to the places shown.
 */
import { decimalOfNumber, divideRounded, dollarsOfDecimal, formatDecimal, MONEY_SCALE, UNITS_PER_DOLLAR, withoutTrailingZeros } from '../../lib/money.ts';
import { ascending } from '../../lib/order.ts';

/**
 * Twice the median of exact amounts (store units): the middle value doubled (odd count) or the two
 * middle values summed (even count), so that the mean of two stays exact until it is halved once.
 */
export function twiceMedian(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort(ascending);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? 2n * sorted[mid] : sorted[mid - 1] + sorted[mid];
}

/**
 * Four times the raw MAD of exact amounts (store units), exact: the deviations from the median are
 * taken doubled (|2x − twice the median|, whole units however the median falls) and their median
 * doubled again ({@link twiceMedian}), so that neither mean of two middle values is ever halved.
 */
export function fourTimesMad(values: readonly bigint[], twiceCenter = twiceMedian(values)): bigint {
  return twiceMedian(values.map((v) => (2n * v > twiceCenter ? 2n * v - twiceCenter : twiceCenter - 2n * v)));
}

/** The thresholds of the rule, from the `anomalies:` config. */
export interface AnomalyRule {
  /** k. */
  madMultiplier: number;
  /** The raw MAD is multiplied by this (1 = unscaled). */
  madScale: number;
  minDollars: number;
}

/** What the rule says about a day of exact spend: its median, its MAD and its verdict, exact, in store units (1e-10). */
export interface DayVerdict {
  /** The median of the trailing window, rounded once to the unit (half away from zero). */
  expected: bigint;
  /** Twice that median, exact (the middle day doubled, or the two middle days summed): what a run sums before halving once. */
  twiceExpected: bigint;
  /** actual − expected. */
  delta: bigint;
  /** Four times the raw MAD of the trailing window, exact ({@link fourTimesMad}). */
  fourTimesMad: bigint;
  /** The rule on the exact figures ({@link departsExactly}). */
  flagged: boolean;
}

/** Judges one day of exact spend (store units) against its trailing window: the median, the MAD, the departure and the verdict, exact. */
export function judgeUnits(window: readonly bigint[], actual: bigint, rule: AnomalyRule): DayVerdict {
  const twiceExpected = twiceMedian(window);
  const expected = divideRounded(twiceExpected, 2n);
  const fourMad = fourTimesMad(window, twiceExpected);
  return { expected, twiceExpected, delta: actual - expected, fourTimesMad: fourMad, flagged: departsExactly(2n * actual - twiceExpected, fourMad, rule) };
}

/**
 * The rule on exact figures: |actual − median| (given doubled, 2 × actual − twice the median, whole
 * units) exceeds both k × MAD (the raw MAD × madScale) and minDollars, strictly, with k, the scale
 * and the minimum the decimals the config writes: a day exactly on the edge is not flagged.
 */
export function departsExactly(twiceDeparture: bigint, fourMad: bigint, rule: AnomalyRule): boolean {
  const twice = twiceDeparture < 0n ? -twiceDeparture : twiceDeparture;
  const k = decimalOfNumber(rule.madMultiplier);
  const scale = decimalOfNumber(rule.madScale);
  const minimum = decimalOfNumber(rule.minDollars);
  const beyondRange = 2n * twice * 10n ** BigInt(k.scale + scale.scale) > fourMad * k.scaled * scale.scaled;
  const beyondMinimum = twice * 10n ** BigInt(minimum.scale) > 2n * minimum.scaled * UNITS_PER_DOLLAR;
  return beyondRange && beyondMinimum;
}

/** The rule's figures of one window, each rounded once from the exact amount (half away from zero), as whole 10^-places. */
export interface RuleFigures {
  /** The MAD: the raw MAD × madScale. */
  mad: bigint;
  /** k × MAD, the range's half-width. */
  halfWidth: bigint;
  /** median − k × MAD. */
  low: bigint;
  /** median + k × MAD. */
  high: bigint;
}

type RuleFactors = Pick<AnomalyRule, 'madMultiplier' | 'madScale'>;

/**
 * The MAD, k × MAD and the range median ∓ k × MAD of a window (its median doubled and its MAD
 * quadrupled, exact: {@link twiceMedian}, {@link fourTimesMad}), with k and the scale the decimals
 * the config writes (`3`, `1.4826`), each rounded once to `places` decimals: whole 10^-places.
 */
export function ruleFigures(twiceExpected: bigint, fourMad: bigint, rule: RuleFactors, places: number): RuleFigures {
  const k = decimalOfNumber(rule.madMultiplier);
  const scale = decimalOfNumber(rule.madScale);
  const factorScale = k.scale + scale.scale;
  const fourHalfWidth = fourMad * k.scaled * scale.scaled;
  const fourMedian = 2n * twiceExpected * 10n ** BigInt(factorScale);
  const atPlaces = (fourTimes: bigint, scaledBy: number): bigint =>
    divideRounded(fourTimes * 10n ** BigInt(places), 4n * 10n ** BigInt(MONEY_SCALE + scaledBy));
  return {
    mad: atPlaces(fourMad * scale.scaled, scale.scale),
    halfWidth: atPlaces(fourHalfWidth, factorScale),
    low: atPlaces(fourMedian - fourHalfWidth, factorScale),
    high: atPlaces(fourMedian + fourHalfWidth, factorScale),
  };
}

/**
 * The rule's half-width, k × MAD (the raw MAD × madScale), as decimal text rounded once to `places`
 * (half away from zero) from exact figures: the window's MAD as {@link fourTimesMad} computes it and
 * k and the scale as the config writes them (`3`, `1.4826`), so the text is the decimals' own;
 * without trailing zeros (`6`, `2.5`, `0.001958`; before, `6.000000`).
 */
export function halfWidthText(fourMad: bigint, rule: RuleFactors, places = 6): string {
  return withoutTrailingZeros(formatDecimal(ruleFigures(0n, fourMad, rule, places).halfWidth, places));
}

/**
 * A number of the config (k, the MAD scale, the noise floor's share) as the decimal it writes:
 * `3`, `2.5`, `1.4826`, never an exponent (`0.0000001`, not `1e-7`) nor trailing zeros.
 */
export function configNumberText(value: number): string {
  const { scaled, scale } = decimalOfNumber(value);
  return formatDecimal(scaled, scale);
}

/**
 * A config amount in dollars (`minDollars`) as money, exactly the decimal the config writes: in
 * cents at least (`10` → `10.00`), with any further decimal it writes kept (`0.005`), never
 * rounded; `usd` for people, as the notes print money: `$1,000.00`.
 */
export function configMoneyText(value: number, style: 'decimal' | 'usd' = 'decimal'): string {
  const { scaled, scale } = decimalOfNumber(value);
  const text = formatDecimal(scaled, scale, Math.max(2, scale));
  return style === 'decimal' ? text : dollarsOfDecimal(text, '−');
}
