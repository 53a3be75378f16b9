/** The robust statistics of the anomaly rule: median, median absolute deviation, and the verdict. */
import { divideRounded, numberOfUnits } from '../../lib/money.ts';
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
 * Judges one day: flagged when |actual − median| exceeds both k × MAD and the dollar minimum
 * (strictly: a day exactly on the edge of the range is not flagged). The comparison forgives
 * float rounding (1e-9, relative to the size of the figures) so that decimal inputs on the
 * boundary are judged as the decimals say.
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
 * What the rule says about a day of exact spend: its money exact, in store units (1e-10), beside
 * the rule's own figures, in binary floating point as it compares them.
 */
export interface DayVerdict {
  /** The median of the trailing window, rounded once to the unit (half away from zero). */
  expected: bigint;
  /** Twice that median, exact (the middle day doubled, or the two middle days summed): what a run sums before halving once. */
  twiceExpected: bigint;
  /** actual − expected. */
  delta: bigint;
  flagged: boolean;
  /** The rule's figures as it compared them: median, MAD, range (their `expected` and `delta` are floats of the above). */
  statistics: Verdict;
}

/**
 * Judges one day of exact spend (store units) against its trailing window: the rule ({@link judge})
 * compares their floats; the median and the departure from it come back exact.
 */
export function judgeUnits(window: readonly bigint[], actual: bigint, rule: AnomalyRule): DayVerdict {
  const statistics = judge(window.map(numberOfUnits), numberOfUnits(actual), rule);
  const twiceExpected = twiceMedian(window);
  const expected = divideRounded(twiceExpected, 2n);
  return { expected, twiceExpected, delta: actual - expected, flagged: statistics.flagged, statistics };
}
