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
import { dailySeries, examinationReadFrom, followRunsBack, seriesKey, trailingDaysWithData, unjudgedCut, type StartCut } from './follow-back.ts';
import { judgeUnits } from './stats.ts';
import { addDays, billingDaySpan, dayRange, resolveAsOf } from '../billing-calendar.ts';
import { readExaminedStart, trailingEndedReason } from './range-start.ts';
import { endedHeldBy, endedInSeriesWindow, type EndedHeld, endedSpendHeld, notJudgedForEnded, endedOwningPartialDay, partialDayReason, partialInSeries, seriesEndedReason } from './ended-series.ts';
import { compareRows, dayRuleText, type FlaggedRun, groupRuns, type JudgedSpend } from './runs.ts';
import type { AnomalyDimension } from './daily-series.ts';
import { type EndedSeriesDays, seriesNotJudged, type SeriesNotJudged } from './unjudged-series.ts';
import { allDaysProvisional, type DeliveryHorizon } from '../provisional-wording.ts';
import type { AnomaliesConfig } from '../trends-config.ts';
import { ascending } from '../../lib/order.ts';

export type { AnomalyDimension } from './daily-series.ts';
export type { FlaggedRun, JudgedSpend, SpendStatus } from './runs.ts';
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

/**
 * Why an examined day was not judged: `missing`, the store holds no billing data that day;
 * `history`, some of its trailing days have none, so it has no full window to be judged against;
 * `ended`, every series with spend in it or its window holds in its trailing days the data of a
 * delivery that has ended before it (anomalies/ended-series.ts), so none got a verdict; `partial`, the
 * day after the data horizon of a delivery that has ended, its lines stopping inside it, holds no other
 * delivery's data (or no series holding another's got a verdict): not judged against full days.
 */
export type NotJudgedCause = 'missing' | 'history' | 'ended' | 'partial';

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
  /**
   * The series (services, accounts) left unjudged on examined days that others were judged on: their
   * trailing days hold the data of a delivery that has ended, or they hold its lines on its partial day
   * (anomalies/ended-series.ts); empty when none.
   */
  notJudgedSeries: SeriesNotJudged[];
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
  // The provisional days of the range are left out; the days after them are examined: a gap after a delivery's end has no billing data,
  // and a partial day of a delivery that has ended is not judged for the series holding its lines (anomalies/ended-series.ts).
  const skippedProvisional = options.includeProvisional ? [] : dayRange(from, asOf).filter(isProvisional);
  const examinedDays = dayRange(from, asOf).filter((day) => !skippedProvisional.includes(day));
  const params = { from: examinationReadFrom(from, config.trailingDays), to: addDays(asOf, 1) };
  const column = `${config.charges === 'all' ? '' : 'usage_'}${cost}_cost` as const;

  const rows: JudgedSpend[] = [];
  const notJudged = new Map<string, { cause: NotJudgedCause; reason: string }>();
  const daily = await runQuery(engine, 'trends/daily_spend_by_service_and_account', params);
  const dataDays = new Set(daily.map((r) => r.day!));
  const dimensions = options.by ?? ANOMALY_DIMENSIONS;
  // Per series, the examined days it was left unjudged on for a delivery that has ended (anomalies/ended-series.ts), and the days any series got a verdict.
  const endedSeries = new Map<string, EndedSeriesDays>();
  const verdictDays = new Set<string>();
  const held = new Map<AnomalyDimension, EndedHeld>();
  for (const dimension of dimensions) {
    const series = dailySeries(daily, dimension, column);
    held.set(dimension, endedHeldBy(daily, dimension, column, ended));
    for (const day of examinedDays) {
      if (!dataDays.has(day)) {
        notJudged.set(day, { cause: 'missing', reason: 'no billing data that day' });
        continue;
      }
      const trailing = dayRange(addDays(day, -config.trailingDays), addDays(day, -1));
      const withData = trailingDaysWithData(day, dataDays, config.trailingDays);
      const judged = withData === config.trailingDays;
      // A partial day holding only the lines of a delivery that has ended is no full day, whatever its trailing days.
      const partialDay = endedOwningPartialDay(daily, day, ended);
      if (partialDay) notJudged.set(day, { cause: 'partial', reason: partialDayReason(partialDay) });
      else if (!judged) notJudged.set(day, { cause: 'history', reason: `fewer than ${config.trailingDays} trailing days of billing data` });
      for (const [value, { name, byDay }] of series) {
        const actual = byDay.get(day) ?? 0n;
        const window = trailing.map((d) => byDay.get(d) ?? 0n);
        if (actual === 0n && window.every((v) => v === 0n)) continue;
        const provisional = isProvisional(day);
        const ownHeld = held.get(dimension)!.get(value);
        // A series holding the lines of a delivery that has ended on its partial day, or its spend in its trailing days, would read that end as a drop: not judged.
        const partialIn = partialDay ?? partialInSeries(ownHeld, day);
        const endedIn = judged && !partialIn ? endedInSeriesWindow(ownHeld, day, config.trailingDays) : undefined;
        if (!judged || partialIn || endedIn) {
          const why = partialIn ? partialDayReason(partialIn) : endedIn ? seriesEndedReason(endedIn) : `${withData} of the ${config.trailingDays} trailing days have billing data`;
          rows.push({ day, dimension, value, name, actual, status: 'not judged', provisional, rule: `not judged: ${why}` });
          const key = seriesKey({ dimension, value });
          const own = partialIn ?? endedIn;
          if (own) endedSeries.set(key, endedSeries.get(key) ?? { dimension, value, name, days: new Map(), held: (of) => endedSpendHeld(ownHeld, of) }).get(key)!.days.set(day, { own, cause: partialIn ? 'partial' : 'ended' });
          continue;
        }
        verdictDays.add(day);
        const verdict = judgeUnits(window, actual, config);
        rows.push({ day, dimension, value, name, actual, verdict, provisional, status: verdict.flagged ? 'anomaly' : 'normal', rule: dayRuleText(config, verdict) });
      }
    }
  }
  // A day no series got a verdict on, every one holding a delivery's data that has ended (or its partial day's lines): named as a day, that delivery's.
  for (const day of examinedDays.filter((d) => !notJudged.has(d) && !verdictDays.has(d))) {
    const why = [...endedSeries.values()].find((s) => s.days.has(day))?.days.get(day);
    if (why) notJudged.set(day, why.cause === 'partial' ? { cause: 'partial', reason: partialDayReason(why.own) } : { cause: 'ended', reason: trailingEndedReason(why.own) });
  }
  rows.sort(compareRows(dimensions));
  const anomalies = rows.filter((r) => r.status === 'anomaly');
  // A series gets a verdict on a day judged (a day not wholly unjudged) unless a delivery's end in its trailing days left it out.
  const judgedDays = examinedDays.filter((day) => !notJudged.has(day));
  const endedOn = (run: Pick<FlaggedRun, 'dimension' | 'value'>, day: string) => endedSeries.get(seriesKey(run))?.days.has(day) ?? false;
  const judgedAfter = (run: FlaggedRun) => judgedDays.some((day) => day > run.end && !endedOn(run, day));
  const examinedRuns = groupRuns(anomalies, judgedAfter, dimensions);
  const cutAtFrom = examinedRuns.filter((run) => run.start === from);
  // Not followed back, a run flagged on `from` began before the days read if the day before could be judged for its series, else no range could tell.
  const unfollowedCut = (run: FlaggedRun): StartCut =>
    unjudgedCut(addDays(from, -1), dataDays, config.trailingDays, (day) => notJudgedForEnded(held.get(run.dimension)!.get(run.value), day, config.trailingDays)) ?? 'range';
  const followed = options.followBack === false || cutAtFrom.length === 0
    ? { days: [], cuts: new Map(cutAtFrom.map((run) => [seriesKey(run), unfollowedCut(run)])) }
    : await followRunsBack(cutAtFrom, { engine, daily, rule: config, column, from, firstDay: span.firstDay, ended });
  const followedBack = followed.days.map(({ day, dimension, value, name, actual, verdict }): JudgedSpend => ({
    day, dimension, value, name, actual, status: 'anomaly', verdict, provisional: isProvisional(day), rule: dayRuleText(config, verdict),
  }));
  const runs = followedBack.length > 0 ? groupRuns([...followedBack, ...anomalies], judgedAfter, dimensions) : examinedRuns;
  for (const run of runs) {
    // A run that holds the first examined day was followed back (or not); any other began inside the range, cut when its series got no verdict the day before.
    const before = addDays(run.start, -1);
    const cause = notJudged.get(before)?.cause;
    run.startCut = run.start <= from ? followed.cuts.get(seriesKey(run)) ?? null : cause === 'ended' || cause === 'partial' || endedOn(run, before) ? 'ended' : cause ? 'history' : null;
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
    notJudgedSeries: seriesNotJudged(endedSeries, judgedDays, dimensions),
    rows,
    anomalies,
    runs,
    followedBack,
    skippedProvisional,
    examined: examinedDays.length > 0 ? { from: examinedDays[0], to: examinedDays.at(-1)! } : null,
    noDayExamined: examinedDays.length > 0 ? null : allDaysProvisional(from, asOf, config.provisionalDays, provisionalHorizon),
  };
}
