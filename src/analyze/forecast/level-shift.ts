/**
 * A level shift the forecast's run-rate does not follow: usage that stepped down (or up) inside the
 * fitted days, so that the trend fitted on all of them slopes through the step. The forecast keeps
 * its trend (budgets and the weekly e-mail use its figures); this says when the most recent fitted
 * days no longer sit where the days before them said they would, and at what rate usage has run
 * since the last change, for a second month-end figure.
 *
 * The rule. The last {@link RECENT_DAYS} fitted days are judged against a trend fitted (the
 * forecast's method) on the fitted days before them, at least {@link MIN_REFERENCE_DAYS}: its band
 * (the forecast's `bandLow`/`bandHigh` quantiles of that fit's residuals, fit.ts `bandOffsets`)
 * carried over the judged days. All of them below its low edge is a shift down, all above its high
 * edge a shift up; anything else is none. They are judged against the days before them, not against
 * the forecast's own fit: that fit has seen them, and being the days it misses most they make its
 * band (on the real November 2018 CUR, 3 of the 7 days after the step sat below its 10th percentile).
 * The recent level is the run of fitted days ending at the last one in which each day sits from
 * the mean of the days after it no further than the reference days sat from their trend (the range
 * of their residuals): it starts after the last change (25 Nov on that CUR, usage having stepped
 * down on the 21st and again on the 25th). Its rate is their exact usage ÷ their number, rounded once
 * to the micro-dollar.
 */
import { divideRounded, numberOfUnits, unitsOfEstimate } from '../../lib/money.ts';
import { toMicroGrid } from '../billing-calendar.ts';
import type { ForecastConfig } from '../trends-config.ts';
import { bandOffsets, fitRunRate } from './fit.ts';

/** How many of the most recent fitted days are judged. */
export const RECENT_DAYS = 7;

/** The fewest fitted days before them that a reference trend is fitted on; with fewer, nothing is judged. */
export const MIN_REFERENCE_DAYS = 7;

/** The fitted days of one cost measure: each day, its index in the fit and its exact usage (units). */
export interface FittedUsage {
  days: readonly string[];
  xs: readonly number[];
  units: readonly bigint[];
}

/** A level shift found in the fitted days, with its evidence (money in units, on the micro-dollar grid). */
export interface LevelShiftFinding {
  direction: 'down' | 'up';
  /** The days judged: the last {@link RECENT_DAYS} fitted days. */
  judgedFrom: string;
  judgedTo: string;
  /** The fitted days before them, which the reference trend was fitted on. */
  referenceFrom: string;
  referenceTo: string;
  referenceDays: number;
  /** The band edge the judged days crossed (low for down, high for up), its lowest and highest over them. */
  edgeLeast: bigint;
  edgeMost: bigint;
  /** How far beyond that edge the judged days sat: the least and the most. */
  beyondLeast: bigint;
  beyondMost: bigint;
  /** How far the reference days sat from their trend: their residuals' lowest (≤ 0) and highest (≥ 0). */
  spreadBelow: bigint;
  spreadAbove: bigint;
  /** The recent level: the fitted days from `from` to `to` (`days` of them), after the last change. */
  from: string;
  to: string;
  days: number;
  /** Their usage a day: the exact sum ÷ `days`, rounded once to the micro-dollar. */
  dailyMean: bigint;
  /** The fitted day before `from` and how far it sat from the mean of the days after it (outside the reference spread: the last change); null when the level runs back to the first fitted day. */
  changedAfter: { day: string; gap: bigint } | null;
}

/**
 * The level shift in `fitted` (see the module comment), or null: none, or fewer than
 * {@link RECENT_DAYS} + {@link MIN_REFERENCE_DAYS} fitted days to judge it.
 */
export function findLevelShift(fitted: FittedUsage, config: Pick<ForecastConfig, 'method' | 'bandLow' | 'bandHigh'>): LevelShiftFinding | null {
  const n = fitted.days.length;
  if (n < RECENT_DAYS + MIN_REFERENCE_DAYS) return null;
  const ys = fitted.units.map(numberOfUnits);
  const split = n - RECENT_DAYS;
  const reference = fitRunRate(fitted.xs.slice(0, split), ys.slice(0, split), config.method);
  const { below, above } = bandOffsets(reference, config.bandLow, config.bandHigh);
  const judged = Array.from({ length: RECENT_DAYS }, (_, k) => split + k);
  const trend = (i: number) => reference.intercept + reference.slope * fitted.xs[i];
  const down = judged.every((i) => ys[i] < trend(i) + below);
  const up = judged.every((i) => ys[i] > trend(i) + above);
  if (!down && !up) return null;
  const edges = judged.map((i) => trend(i) + (down ? below : above));
  const beyond = judged.map((i, k) => (down ? edges[k] - ys[i] : ys[i] - edges[k]));
  const spreadBelow = Math.min(0, ...reference.residuals);
  const spreadAbove = Math.max(0, ...reference.residuals);
  // The recent level: back from the last fitted day while each day sits within the reference spread of the mean of the days after it.
  let start = n - 1;
  let sum = ys[n - 1];
  let changedAfter: LevelShiftFinding['changedAfter'] = null;
  while (start > 0) {
    const gap = ys[start - 1] - sum / (n - start);
    if (gap < spreadBelow || gap > spreadAbove) {
      changedAfter = { day: fitted.days[start - 1], gap: unitsOfEstimate(gap) };
      break;
    }
    start -= 1;
    sum += ys[start];
  }
  const days = n - start;
  return {
    direction: down ? 'down' : 'up',
    judgedFrom: fitted.days[split],
    judgedTo: fitted.days[n - 1],
    referenceFrom: fitted.days[0],
    referenceTo: fitted.days[split - 1],
    referenceDays: split,
    edgeLeast: unitsOfEstimate(Math.min(...edges)),
    edgeMost: unitsOfEstimate(Math.max(...edges)),
    beyondLeast: unitsOfEstimate(Math.min(...beyond)),
    beyondMost: unitsOfEstimate(Math.max(...beyond)),
    spreadBelow: unitsOfEstimate(spreadBelow),
    spreadAbove: unitsOfEstimate(spreadAbove),
    from: fitted.days[start],
    to: fitted.days[n - 1],
    days,
    dailyMean: dailyMeanOf(fitted.units.slice(start)),
    changedAfter,
  };
}

/** A level shift with the month it gives: the days still to estimate at its rate, and the month's end so. */
export interface LevelShift extends LevelShiftFinding {
  /** The days the forecast estimates (missing up to as-of, and after it). */
  estimatedDays: number;
  /** `dailyMean` × `estimatedDays`, exactly (units). */
  projectedUsage: bigint;
  /** The month's end with that usage in place of the trend's: what it holds + `projectedUsage` + the fees and tax still expected (the tax at its ratio of them). */
  monthAtThatRate: bigint;
}

/**
 * The month a level shift gives: `finding`'s rate over the `estimatedDays` days still to estimate,
 * and the month's end so (`monthEndWith`: the forecast's own sum of what the month holds, that
 * usage, and the charges still expected). Null without a finding or a day to estimate.
 */
export function levelShiftMonth(finding: LevelShiftFinding | null, estimatedDays: number, monthEndWith: (usage: bigint) => bigint): LevelShift | null {
  if (finding === null || estimatedDays === 0) return null;
  return { ...finding, estimatedDays, ...monthAtRate(finding.dailyMean, estimatedDays, monthEndWith) };
}

/** The usage a day of the days whose usage is `units`: their exact sum ÷ their number, rounded once to the micro-dollar. */
export function dailyMeanOf(units: readonly bigint[]): bigint {
  return toMicroGrid(divideRounded(units.reduce((sum, u) => sum + u, 0n), BigInt(units.length)));
}

/**
 * The month at a rate of `dailyMean` a day: that rate × the `estimatedDays` days still to estimate,
 * exactly, and the month's end with that usage (`monthEndWith`: the forecast's own sum of what the
 * month holds, that usage, and the charges still expected).
 */
export function monthAtRate(dailyMean: bigint, estimatedDays: number, monthEndWith: (usage: bigint) => bigint): { projectedUsage: bigint; monthAtThatRate: bigint } {
  const projectedUsage = dailyMean * BigInt(estimatedDays);
  return { projectedUsage, monthAtThatRate: monthEndWith(projectedUsage) };
}
