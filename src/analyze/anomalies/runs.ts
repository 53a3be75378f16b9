/**
 * Runs of flagged days: consecutive flagged days of one service or account grouped into a run, its
 * money exact in store units, and the rule's text beside each verdict (detect.ts judges the days).
 */
import type { AnomalyDimension } from './daily-series.ts';
import type { StartCut } from './follow-back.ts';
import { type AnomalyRule, configMoneyText, configNumberText, halfWidthText, type DayVerdict } from './stats.ts';
import { divideRounded } from '../../lib/money.ts';
import { addDays } from '../../lib/calendar.ts';
import type { AnomaliesConfig } from '../trends-config.ts';
import { ascending } from '../../lib/order.ts';

export type SpendStatus = 'anomaly' | 'normal' | 'not judged';

/** One dimension value on one examined day. */
export interface JudgedSpend {
  day: string;
  dimension: AnomalyDimension;
  /** The service name or the account id. */
  value: string;
  /** The account name (accounts only). */
  name: string | null;
  /** The day's spend, in store units: the exact sum of its lines. */
  actual: bigint;
  status: SpendStatus;
  /** Absent when the day was not judged. */
  verdict?: DayVerdict;
  /** The day is among the last complete days of billing data, treated as provisional (src/analyze/provisional-wording.ts). */
  provisional: boolean;
  /** The rule with its thresholds, or why the day was not judged. */
  rule: string;
}

/**
 * Consecutive flagged days of one service or account, with its money exact in store units, the
 * figures of its event (src/analyze/anomalies/events.ts, which explains it): actual = the spend of
 * its days, expected = the sum of their medians halved once (as anomalies/baseline.ts sums its
 * median days), impact = actual − expected.
 */
export interface FlaggedRun {
  dimension: AnomalyDimension;
  value: string;
  name: string | null;
  /** The first and last flagged day of the run. */
  start: string;
  end: string;
  days: number;
  /**
   * Why `start` may not be the day the run began (the day before it got no verdict), else null:
   * `history`, that day has no full trailing window of billing data; `range`, the run was flagged on
   * every day followed back before the first examined day (anomalies/follow-back.ts).
   */
  startCut: StartCut | null;
  /** The run is still flagged on the last day its series was judged: no day after it got a verdict for it. */
  ongoing: boolean;
  direction: 'spike' | 'drop' | 'mixed';
  /** actual − expected. */
  impact: bigint;
  actual: bigint;
  expected: bigint;
  /** The day with the largest departure and its delta. */
  peakDay: string;
  peakDelta: bigint;
  provisional: boolean;
}

export const magnitude = (units: bigint): bigint => (units < 0n ? -units : units);

/**
 * Groups consecutive flagged days of one (dimension, value) into runs, largest |impact| first within
 * a start day. A run's expected spend is the sum of its days' doubled medians, halved once. A run is
 * ongoing when `judgedAfter` says its series got no verdict on a day after its last one: it is still
 * flagged on the last day it was judged (no verdict after it, a provisional day, a gap, a delivery's
 * end in its trailing days, does not end it).
 */
export function groupRuns(anomalies: readonly JudgedSpend[], judgedAfter: (run: FlaggedRun) => boolean, dimensions: readonly AnomalyDimension[]): FlaggedRun[] {
  const open = new Map<string, FlaggedRun>();
  const twiceExpected = new Map<FlaggedRun, bigint>();
  const runs: FlaggedRun[] = [];
  for (const a of [...anomalies].sort((x, y) => ascending(x.day, y.day))) {
    const key = `${a.dimension}\u0000${a.value}`;
    const { delta } = a.verdict!;
    const current = open.get(key);
    if (current && addDays(current.end, 1) === a.day) {
      current.end = a.day;
      current.days += 1;
      current.actual += a.actual;
      twiceExpected.set(current, twiceExpected.get(current)! + a.verdict!.twiceExpected);
      current.provisional ||= a.provisional;
      if ((delta > 0n ? 'spike' : 'drop') !== current.direction) current.direction = 'mixed';
      if (magnitude(delta) > magnitude(current.peakDelta)) Object.assign(current, { peakDay: a.day, peakDelta: delta });
      continue;
    }
    const run: FlaggedRun = {
      dimension: a.dimension, value: a.value, name: a.name, start: a.day, end: a.day, days: 1, startCut: null, ongoing: false,
      direction: delta > 0n ? 'spike' : 'drop', impact: 0n, actual: a.actual, expected: 0n,
      peakDay: a.day, peakDelta: delta, provisional: a.provisional,
    };
    open.set(key, run);
    twiceExpected.set(run, a.verdict!.twiceExpected);
    runs.push(run);
  }
  for (const run of runs) {
    run.ongoing = !judgedAfter(run);
    run.expected = divideRounded(twiceExpected.get(run)!, 2n);
    run.impact = run.actual - run.expected;
  }
  return runs.sort((a, b) => ascending(a.start, b.start)
    || dimensions.indexOf(a.dimension) - dimensions.indexOf(b.dimension)
    || ascending(magnitude(b.impact), magnitude(a.impact))
    || ascending(a.value, b.value));
}

/**
 * The rule as one line, with this window's thresholds: what a reader needs to check the verdict.
 * k and the scale are the config's decimals ({@link configNumberText}); k × MAD is the exact
 * window's rounded once to 6 decimals, without trailing zeros ({@link halfWidthText}: `6`, not
 * `6.000000`); the minimum is the config's as money ({@link configMoneyText}: `10.00`, not `10.000000`).
 */
export function dayRuleText(config: AnomalyRule & Pick<AnomaliesConfig, 'trailingDays'>, { fourTimesMad }: Pick<DayVerdict, 'fourTimesMad'>): string {
  const scale = config.madScale === 1 ? '' : ` (raw MAD × ${configNumberText(config.madScale)})`;
  return `|actual − median| > ${configNumberText(config.madMultiplier)} × MAD${scale} = ${halfWidthText(fourTimesMad, config)} and > ${configMoneyText(config.minDollars)}; median and MAD of the trailing ${config.trailingDays} days`;
}

/** Rows by day, then dimension, then the largest departure (or spend, not judged) first, then value. */
export function compareRows(dimensions: readonly AnomalyDimension[]) {
  return (a: JudgedSpend, b: JudgedSpend): number =>
    ascending(a.day, b.day) ||
    dimensions.indexOf(a.dimension) - dimensions.indexOf(b.dimension) ||
    ascending(magnitude(b.verdict?.delta ?? b.actual), magnitude(a.verdict?.delta ?? a.actual)) ||
    ascending(a.value, b.value);
}
