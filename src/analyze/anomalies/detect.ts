/**
 * Spend anomalies: a day whose spend for a service or an account departs from the median of
 * the trailing days by more than k × MAD and by more than a dollar minimum. SQL aggregates the
 * daily spend per service and account in one pass
 * (queries/trends/daily_spend_by_service_and_account.sql); the sums per dimension and the robust
 * statistics run here, so the same analysis runs on DuckDB and Athena. Money stays in store units
 * (bigint, 1e-10): a day's spend, its median (halved once), their difference, the MAD and the
 * verdict are exact, as are a run's sums; the rule's text and figures (anomalies/stats.ts
 * ruleFigures) are rounded once from them.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { ANOMALIES_NEED } from './need.ts';
import { dailySeries, examinationReadFrom, followRunsBack, judgeable, seriesKey, trailingDaysWithData, type StartCut } from './follow-back.ts';
import { type AnomalyRule, configMoneyText, configNumberText, halfWidthText, judgeUnits, type DayVerdict } from './stats.ts';
import { divideRounded } from '../../lib/money.ts';
import { addDays, billingDaySpan, dayRange, resolveAsOf } from '../billing-calendar.ts';
import { endedBefore, endedBeforeReason, readExaminedStart } from './range-start.ts';
import { allDaysProvisional, type DeliveryHorizon } from '../provisional-wording.ts';
import type { AnomaliesConfig } from '../trends-config.ts';
import { ascending } from '../../lib/order.ts';

export type AnomalyDimension = 'service' | 'account';
export const ANOMALY_DIMENSIONS: readonly AnomalyDimension[] = ['service', 'account'];

/** Which cost column is judged: BilledCost (the invoice) or EffectiveCost (amortized). */
export type CostMeasure = 'billed' | 'effective';
export const COST_MEASURES: readonly CostMeasure[] = ['billed', 'effective'];
export const COST_COLUMN: Record<CostMeasure, string> = { billed: 'BilledCost', effective: 'EffectiveCost' };

/** Options of {@link detectSpendAnomalies}. */
export interface AnomalyOptions {
  /** The last day examined (default: the latest charge day in the store). */
  asOf?: string;
  /** How many days, ending at as-of, are examined (default 14). */
  days?: number;
  /** Dimensions to judge (default: service and account). */
  by?: readonly AnomalyDimension[];
  /** Default billed. */
  cost?: CostMeasure;
  /** Examine the provisional days too (default: they are left out, treated as provisional: src/analyze/provisional-wording.ts). */
  includeProvisional?: boolean;
  /**
   * Follow a run flagged on the first examined day back to the day it began, judging the days before
   * the range by the same rule, at most `trailingDays` days (anomalies/follow-back.ts); one more read,
   * only when a run needs it. Default true; false (the day rows of `--by-day`) reads no day before
   * the range, and such a run keeps the first examined day as its start (startCut `range`, or
   * `history` when the day before has no full trailing window).
   */
  followBack?: boolean;
}

export type SpendStatus = 'anomaly' | 'normal' | 'not judged';

/**
 * Why an examined day was not judged: `missing`, the store holds no billing data that day;
 * `history`, some of its trailing days have none, so it has no full window to be judged against;
 * `ended`, its trailing days hold the data of a delivery that has ended before it (range-start.ts, endedBefore).
 */
export type NotJudgedCause = 'missing' | 'history' | 'ended';

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

/** What {@link detectSpendAnomalies} found, with the rule and the days it could not judge. */
export interface AnomalyReport {
  asOf: string;
  /** The first examined day. */
  from: string;
  cost: CostMeasure;
  rule: AnomaliesConfig;
  lastBillingDay: string;
  firstProvisionalDay: string | null;
  /** The delivery whose data horizon the provisional days count back from when it is not the store's (provisional-from.ts); else null. */
  provisionalHorizon: DeliveryHorizon | null;
  /** Examined days that were not judged, why in words (`reason`) and as a code (`cause`). */
  notJudged: { day: string; cause: NotJudgedCause; reason: string }[];
  /** Every examined (day, value) with any spend in it or its window. */
  rows: JudgedSpend[];
  /** The flagged rows. */
  anomalies: JudgedSpend[];
  /** Consecutive flagged days of one service or account, one run each (anomalies/events.ts explains them). */
  runs: FlaggedRun[];
  /**
   * The flagged days before `from` that runs flagged on it were followed back over (earliest first),
   * part of `runs` but not of `rows` and `anomalies`, which hold the examined days only.
   */
  followedBack: JudgedSpend[];
  /** Provisional days left out of the examination (none with includeProvisional). */
  skippedProvisional: string[];
  /** The days examined, first and last (the provisional ones between them left out); null when none was: every day from `from` to `asOf` is provisional. */
  examined: { from: string; to: string } | null;
  /** Why no day was examined, in words (`examined` is null), else null. */
  noDayExamined: string | null;
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
  /** The run is still flagged on the last examined day. */
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

/**
 * Judges each examined day's spend per service and per account against its trailing window.
 * A value absent on a day with billing data spent 0 that day (so new spend is judged against a
 * median of 0, and vanished spend is a drop). A day is judged only when every one of its
 * `trailingDays` preceding days has billing data in the store.
 */
export async function detectSpendAnomalies(engine: Engine, config: AnomaliesConfig, options: AnomalyOptions = {}): Promise<AnomalyReport> {
  const span = await billingDaySpan(engine, ANOMALIES_NEED);
  const asOf = resolveAsOf(options.asOf, span);
  const days = options.days ?? 14;
  const cost = options.cost ?? 'billed';
  // From the store's first day, or the delivery's after a gap; provisional up to that delivery's data horizon, not the store's.
  const { from, provisional, ended } = await readExaminedStart(engine, span, asOf, days, config.provisionalDays);
  const provisionalFrom = provisional?.from ?? null;
  const provisionalHorizon = provisional && provisional.to !== span.lastDay ? { lastDay: provisional.to, sources: provisional.sources } : null;
  const isProvisional = (day: string) => provisional !== null && day >= provisional.from && day <= provisional.to;
  // The provisional days of the range are left out; the days after them (a partial day, a gap after a delivery's end) are examined.
  const skippedProvisional = options.includeProvisional ? [] : dayRange(from, asOf).filter(isProvisional);
  const lastExamined = skippedProvisional.at(-1) === asOf ? addDays(skippedProvisional[0], -1) : asOf;
  const examinedDays = dayRange(from, lastExamined).filter((day) => !skippedProvisional.includes(day));
  const params = { from: examinationReadFrom(from, config.trailingDays), to: addDays(asOf, 1) };
  const column = `${config.charges === 'all' ? '' : 'usage_'}${cost}_cost` as const;

  const rows: JudgedSpend[] = [];
  const notJudged = new Map<string, { cause: NotJudgedCause; reason: string }>();
  const daily = await runQuery(engine, 'trends/daily_spend_by_service_and_account', params);
  const dataDays = new Set(daily.map((r) => r.day!));
  const dimensions = options.by ?? ANOMALY_DIMENSIONS;
  for (const dimension of dimensions) {
    const series = dailySeries(daily, dimension, column);
    for (const day of examinedDays) {
      if (!dataDays.has(day)) {
        notJudged.set(day, { cause: 'missing', reason: 'no billing data that day' });
        continue;
      }
      const trailing = dayRange(addDays(day, -config.trailingDays), addDays(day, -1));
      const withData = trailingDaysWithData(day, dataDays, config.trailingDays);
      // A delivery that has ended inside its trailing days: its end would read as a drop (range-start.ts, endedBefore).
      const endedInWindow = endedBefore(ended, day, config.trailingDays);
      const judged = withData === config.trailingDays && !endedInWindow;
      const reason = endedInWindow ? `not judged: ${endedBeforeReason(endedInWindow)}` : `not judged: ${withData} of the ${config.trailingDays} trailing days have billing data`;
      if (endedInWindow) notJudged.set(day, { cause: 'ended', reason: endedBeforeReason(endedInWindow) });
      else if (!judged) notJudged.set(day, { cause: 'history', reason: `fewer than ${config.trailingDays} trailing days of billing data` });
      for (const [value, { name, byDay }] of series) {
        const actual = byDay.get(day) ?? 0n;
        const window = trailing.map((d) => byDay.get(d) ?? 0n);
        if (actual === 0n && window.every((v) => v === 0n)) continue;
        const provisional = isProvisional(day);
        if (!judged) {
          rows.push({ day, dimension, value, name, actual, status: 'not judged', provisional, rule: reason });
          continue;
        }
        const verdict = judgeUnits(window, actual, config);
        rows.push({ day, dimension, value, name, actual, verdict, provisional, status: verdict.flagged ? 'anomaly' : 'normal', rule: dayRuleText(config, verdict) });
      }
    }
  }
  rows.sort(compareRows(dimensions));
  const anomalies = rows.filter((r) => r.status === 'anomaly');
  const examinedRuns = groupRuns(anomalies, lastExamined, dimensions);
  const cutAtFrom = examinedRuns.filter((run) => run.start === from);
  // Not followed back, a run flagged on `from` began before the days read if the day before could be judged, else no range could tell.
  const unfollowedCut: StartCut = judgeable(addDays(from, -1), dataDays, config.trailingDays) ? 'range' : 'history';
  const followed = options.followBack === false || cutAtFrom.length === 0
    ? { days: [], cuts: new Map(cutAtFrom.map((run) => [seriesKey(run), unfollowedCut])) }
    : await followRunsBack(cutAtFrom, { engine, daily, rule: config, column, from, firstDay: span.firstDay, notJudged: (day) => endedBefore(ended, day, config.trailingDays) !== undefined });
  const followedBack = followed.days.map(({ day, dimension, value, name, actual, verdict }): JudgedSpend => ({
    day, dimension, value, name, actual, status: 'anomaly', verdict, provisional: isProvisional(day), rule: dayRuleText(config, verdict),
  }));
  const runs = followedBack.length > 0 ? groupRuns([...followedBack, ...anomalies], lastExamined, dimensions) : examinedRuns;
  for (const run of runs) {
    // A run that holds the first examined day was followed back (or not); any other began inside the range.
    run.startCut = run.start <= from ? followed.cuts.get(seriesKey(run)) ?? null : notJudged.has(addDays(run.start, -1)) ? 'history' : null;
  }
  return {
    asOf,
    from,
    cost,
    rule: config,
    lastBillingDay: span.lastDay,
    firstProvisionalDay: provisionalFrom,
    provisionalHorizon,
    notJudged: [...notJudged].sort(([a], [b]) => ascending(a, b)).map(([day, why]) => ({ day, ...why })),
    rows,
    anomalies,
    runs,
    followedBack,
    skippedProvisional,
    examined: examinedDays.length > 0 ? { from: examinedDays[0], to: examinedDays.at(-1)! } : null,
    noDayExamined: examinedDays.length > 0 ? null : allDaysProvisional(from, asOf, config.provisionalDays, provisionalHorizon),
  };
}

const magnitude = (units: bigint): bigint => (units < 0n ? -units : units);

/**
 * Groups consecutive flagged days of one (dimension, value) into runs, largest |impact| first within
 * a start day. A run's expected spend is the sum of its days' doubled medians, halved once.
 */
export function groupRuns(anomalies: readonly JudgedSpend[], lastExamined: string, dimensions: readonly AnomalyDimension[]): FlaggedRun[] {
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
    run.ongoing = run.end === lastExamined;
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

function compareRows(dimensions: readonly AnomalyDimension[]) {
  return (a: JudgedSpend, b: JudgedSpend): number =>
    ascending(a.day, b.day) ||
    dimensions.indexOf(a.dimension) - dimensions.indexOf(b.dimension) ||
    ascending(magnitude(b.verdict?.delta ?? b.actual), magnitude(a.verdict?.delta ?? a.actual)) ||
    ascending(a.value, b.value);
}
