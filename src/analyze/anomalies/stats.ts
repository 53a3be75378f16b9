/** The robust statistics of the anomaly rule: median, median absolute deviation, and the verdict. */
import { decimalOfNumber, divideRounded, formatDecimal, MONEY_SCALE, numberOfUnits, UNITS_PER_DOLLAR } from '../../lib/money.ts';
import { ascending } from '../../lib/order.ts';

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

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

/** The raw (unscaled) median absolute deviation from the median: median(|x − median(x)|). */
export function medianAbsoluteDeviation(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

/** The thresholds of the rule, from the `anomalies:` config. */
export interface AnomalyRule {
  /** k. */
  madMultiplier: number;
  /** The raw MAD is multiplied by this (1 = unscaled). */
  madScale: number;
  minDollars: number;
}

/** What the rule says about one day given its trailing window. */
export interface Verdict {
  /** The median of the trailing window. */
  expected: number;
  /** The MAD of the trailing window, scaled by madScale. */
  mad: number;
  /** expected − k × mad. */
  low: number;
  /** expected + k × mad. */
  high: number;
  /** actual − expected. */
  delta: number;
  flagged: boolean;
}

/**
 * Judges one day in binary floating point: flagged when |actual − median| exceeds both k × MAD and
 * the dollar minimum (strictly: a day exactly on the edge of the range is not flagged). The
 * comparison forgives float rounding (1e-9, relative to the size of the figures) so that decimal
 * inputs on the boundary are judged as the decimals say. {@link judgeUnits} judges exact amounts
 * exactly and keeps these figures for printing.
 */
export function judge(window: readonly number[], actual: number, rule: AnomalyRule): Verdict {
  const expected = median(window);
  const mad = medianAbsoluteDeviation(window, expected) * rule.madScale;
  const halfWidth = rule.madMultiplier * mad;
  const delta = actual - expected;
  const tolerance = 1e-9 * Math.max(1, Math.abs(actual), Math.abs(expected));
  const departure = Math.abs(delta);
  return {
    expected,
    mad,
    low: expected - halfWidth,
    high: expected + halfWidth,
    delta,
    flagged: departure > halfWidth + tolerance && departure > rule.minDollars + tolerance,
  };
}

/**
 * What the rule says about a day of exact spend: its money and its verdict exact, in store units
 * (1e-10), beside the rule's figures in binary floating point (printed to 6 decimals).
 */
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
  /** The rule's figures as floats: median, MAD, range (their `expected` and `delta` are floats of the above). */
  statistics: Verdict;
}

/**
 * Judges one day of exact spend (store units) against its trailing window: the median, the MAD and
 * the departure are exact, and so is the verdict; {@link judge} gives the same figures as floats.
 */
export function judgeUnits(window: readonly bigint[], actual: bigint, rule: AnomalyRule): DayVerdict {
  const statistics = judge(window.map(numberOfUnits), numberOfUnits(actual), rule);
  const twiceExpected = twiceMedian(window);
  const expected = divideRounded(twiceExpected, 2n);
  const fourMad = fourTimesMad(window, twiceExpected);
  return { expected, twiceExpected, delta: actual - expected, fourTimesMad: fourMad, flagged: departsExactly(2n * actual - twiceExpected, fourMad, rule), statistics };
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

/**
 * The rule's half-width, k × MAD (the raw MAD × madScale), as decimal text rounded once to `places`
 * (half away from zero) from exact figures: the window's MAD as {@link fourTimesMad} computes it and
 * k and the scale as the config writes them (`3`, `1.4826`), so the text is the decimals' own.
 */
export function halfWidthText(fourMad: bigint, rule: Pick<AnomalyRule, 'madMultiplier' | 'madScale'>, places = 6): string {
  const k = decimalOfNumber(rule.madMultiplier);
  const scale = decimalOfNumber(rule.madScale);
  const numerator = fourMad * k.scaled * scale.scaled * 10n ** BigInt(places);
  return formatDecimal(divideRounded(numerator, 4n * 10n ** BigInt(MONEY_SCALE + k.scale + scale.scale)), places);
}

/** A config amount (`minDollars`) as the decimal it is written as, rounded once to `places` (half away from zero). */
export function configDecimalText(value: number, places = 6): string {
  const { scaled, scale } = decimalOfNumber(value);
  return formatDecimal(scaled, scale, places);
}
