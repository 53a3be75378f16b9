/**
 * Following a run back. A run of flagged days that is flagged on the first examined day may have
 * begun before it: cut there, its start, impact and id would depend on the days a caller examines
 * (14 for `costlens anomalies` and the Overview, the report week for the e-mail). So each day
 * before it is judged by the same rule, against its own trailing days, until a day is not flagged
 * (the run began the day after), a day cannot be judged (no full trailing window of billing data:
 * the run may have begun earlier, `history`), or `trailingDays` days have been followed (the run
 * began before the days read, `range`; `history` when the next earlier day cannot be judged). The days before the range are read once, for every run
 * that needs them (trends/daily_spend_by_service_and_account, the query the rule reads).
 */
import type { Engine } from '../../engine/engine.ts';
import type { AnomaliesConfig } from '../trends-config.ts';
import { runQuery } from '../../engine/query-types.ts';
import { addDays, dayRange, daySpan, laterDay, shortDay } from '../../lib/calendar.ts';
import { judgeUnits, type AnomalyRule, type DayVerdict } from './stats.ts';
import { endedHeldBy, notJudgedForEnded } from './ended-series.ts';
import { dailySeries, type DailySpendRow, type SpendColumn } from './daily-series.ts';

export { dailySeries, type DailySpendRow, type Series, type SpendColumn } from './daily-series.ts';
import type { EndedDelivery } from '../ended-delivery.ts';

/**
 * Why a run's first day may not be the day it began: `history`, the day before it has no full
 * trailing window of billing data (it is before the store's first judgeable day, or after a gap),
 * so no range can judge it; `ended`, the run's series was not judged the day before, its trailing
 * days holding the data of a delivery that has ended (anomalies/ended-series.ts); `range`, the run
 * is flagged on every day followed back (or was not followed back), so it began before the days read.
 */
export type StartCut = 'history' | 'ended' | 'range';

/** How many of `day`'s `trailingDays` preceding days have billing data. */
export function trailingDaysWithData(day: string, dataDays: ReadonlySet<string>, trailingDays: number): number {
  return dayRange(addDays(day, -trailingDays), addDays(day, -1)).filter((d) => dataDays.has(d)).length;
}

/** Whether the rule can judge `day`: it and each of its trailing days have billing data. */
export function judgeable(day: string, dataDays: ReadonlySet<string>, trailingDays: number): boolean {
  return dataDays.has(day) && trailingDaysWithData(day, dataDays, trailingDays) === trailingDays;
}

/** A day before the range on which the run is flagged, with its spend and the rule's verdict. */
export interface FollowedDay {
  day: string;
  actual: bigint;
  verdict: DayVerdict;
}

/** What following one series back from `from` found. */
export interface FollowedBack {
  /** The flagged days before `from`, earliest first (the run's days before the range). */
  days: FollowedDay[];
  /** null: the day before the earliest of them (or before `from`) was judged and not flagged, so the run began on its first day. */
  cut: StartCut | null;
}

/**
 * Follows one series back from the day before `from` (a day it is flagged on): each day is judged
 * by the rule against its own trailing `trailingDays` days (a day without spend spent 0), at most
 * `maxDays` days (0: none, as `--by-day` reads). Stopped there, the run began before the days read
 * (`range`) only if the next earlier day could be judged; if not, no range could tell (`history`;
 * `ended` when the series is not judged on it for `endedOn`, its trailing days holding the data of a delivery that has ended).
 * Pure: `byDay` and `dataDays` must hold the days from `from − maxDays − 1 − trailingDays` on.
 */
export function followSeriesBack(byDay: ReadonlyMap<string, bigint>, dataDays: ReadonlySet<string>, from: string, rule: AnomalyRule & { trailingDays: number }, maxDays: number,
  endedOn: (day: string) => boolean = () => false): FollowedBack {
  const days: FollowedDay[] = [];
  for (let back = 1; back <= maxDays; back += 1) {
    const day = addDays(from, -back);
    const cut = unjudgedCut(day, dataDays, rule.trailingDays, endedOn);
    if (cut) return { days: days.reverse(), cut };
    const window = dayRange(addDays(day, -rule.trailingDays), addDays(day, -1)).map((d) => byDay.get(d) ?? 0n);
    const actual = byDay.get(day) ?? 0n;
    const verdict = judgeUnits(window, actual, rule);
    if (!verdict.flagged) return { days: days.reverse(), cut: null };
    days.push({ day, actual, verdict });
  }
  return { days: days.reverse(), cut: unjudgedCut(addDays(from, -maxDays - 1), dataDays, rule.trailingDays, endedOn) ?? 'range' };
}

/** Why a series gets no verdict on `day`: `history` (no full trailing window of billing data), `ended` (`endedOn`); null when it is judged. */
export function unjudgedCut(day: string, dataDays: ReadonlySet<string>, trailingDays: number, endedOn: (day: string) => boolean): 'history' | 'ended' | null {
  return !judgeable(day, dataDays, trailingDays) ? 'history' : endedOn(day) ? 'ended' : null;
}

/**
 * The daily rows of the days before the examination's read (which begins at `from − 1 − trailingDays`,
 * {@link examinationReadFrom}) that following back up to `maxDays` days needs (their trailing windows
 * and the next earlier day's included), [from − maxDays − 1 − trailingDays, from − 1 − trailingDays),
 * never before the store's first day; none when no day before `from` can be judged (its window would begin before the data).
 */
export async function readDaysBefore(engine: Engine, from: string, firstDay: string, trailingDays: number, maxDays: number): Promise<DailySpendRow[]> {
  const to = examinationReadFrom(from, trailingDays);
  if (to <= firstDay) return [];
  return runQuery(engine, 'trends/daily_spend_by_service_and_account', { from: laterDay(addDays(to, -maxDays), firstDay), to });
}

/**
 * The first day the examination from `from` reads: the trailing window of its first day, and one day
 * more, so that whether the day before `from` can be judged is known without following back (`--by-day`).
 */
export function examinationReadFrom(from: string, trailingDays: number): string {
  return addDays(from, -1 - trailingDays);
}

/** A service or an account, as a run names it. */
export interface SeriesName {
  dimension: 'service' | 'account';
  value: string;
  name: string | null;
}

/** The key of a series in the maps below: its dimension and value. */
export const seriesKey = (s: Pick<SeriesName, 'dimension' | 'value'>): string => `${s.dimension}\u0000${s.value}`;

/** What following back needs of the examination: the rows it read, its rule and money column, its first day. */
export interface FollowContext {
  engine: Engine;
  /** The rows the examination read, [from − 1 − trailingDays, as-of] (examinationReadFrom). */
  daily: readonly DailySpendRow[];
  rule: AnomaliesConfig;
  column: SpendColumn;
  /** The first examined day. */
  from: string;
  /** The store's first day of billing data. */
  firstDay: string;
  /** The deliveries that have ended: a series is not judged on a day whose trailing days hold its spend of one (anomalies/ended-series.ts). */
  ended?: readonly EndedDelivery[];
}

/**
 * Follows the runs flagged on the first examined day back, at most `trailingDays` days, over the
 * days before the range read once for all of them: their flagged days before `from` (each with its
 * series), and each run's cut by its series key (a run absent from `cuts` began on its first flagged day).
 */
export async function followRunsBack(runs: readonly SeriesName[], c: FollowContext): Promise<{ days: (SeriesName & FollowedDay)[]; cuts: Map<string, StartCut> }> {
  const maxDays = c.rule.trailingDays;
  const all = [...(await readDaysBefore(c.engine, c.from, c.firstDay, c.rule.trailingDays, maxDays)), ...c.daily];
  const dataDays = new Set(all.map((r) => r.day!));
  const days: (SeriesName & FollowedDay)[] = [];
  const cuts = new Map<string, StartCut>();
  for (const dimension of (['service', 'account'] as const).filter((d) => runs.some((run) => run.dimension === d))) {
    const series = dailySeries(all, dimension, c.column);
    const held = endedHeldBy(all, dimension, c.column, c.ended ?? []);
    for (const run of runs.filter((r) => r.dimension === dimension)) {
      // Not judged on a day its trailing days hold a delivery that has ended, nor on that delivery's partial day holding its lines (detect.ts).
      const endedOn = (day: string) => notJudgedForEnded(held.get(run.value), day, c.rule.trailingDays);
      const found = followSeriesBack(series.get(run.value)!.byDay, dataDays, c.from, c.rule, maxDays, endedOn);
      if (found.cut) cuts.set(seriesKey(run), found.cut);
      days.push(...found.days.map((d) => ({ dimension, value: run.value, name: run.name, ...d })));
    }
  }
  return { days, cuts };
}

/**
 * Why an event whose start is cut (`cut`) may have begun before it, in the words of every surface
 * (the notes of `costlens anomalies`, the Overview, the weekly e-mail): `history`, a clause; `range`,
 * a predicate (`flagged on each of the 28 days followed back before 2026-11-03`) its caller gives a
 * subject. `fromText` is the first examined day as the surface writes it.
 */
export function startCutReason(cut: StartCut, trailingDays: number, fromText: string): string {
  if (cut === 'history') return `the day before has fewer than ${trailingDays} trailing days of billing data`;
  if (cut === 'ended') return 'its service or account was not judged the day before: its trailing days hold the data of a delivery that has ended (the "Not judged" note names it)';
  return `flagged on each of the ${trailingDays} days followed back before ${fromText}`;
}

/**
 * The sentence beside a list of events (the Overview, the weekly e-mail) about their starts: the
 * events flagged on the first examined day `from` that were followed back to the day they began,
 * and what "perhaps begun before" after an event's days means (startsBeforeRange, {@link eventDaysText}) and why; '' when neither applies.
 * `dayText` writes a day as the surface does (`23 Nov 2026`).
 */
export function eventStartSentence(events: readonly { start: string; startCut: StartCut | null }[], from: string, trailingDays: number, dayText: (day: string) => string): string {
  const followed = events.filter((e) => e.start < from && e.startCut === null).length;
  const sentences = followed === 0 ? [] : [
    `${followed === 1 ? 'An event' : `${followed} events`} already flagged on ${dayText(from)} ${followed === 1 ? 'is' : 'are'} shown from the day ${followed === 1 ? 'it' : 'they'} began, each earlier day judged against its own trailing ${trailingDays} days.`,
  ];
  const causes = [
    ...(['history', 'ended'] as const).filter((cut) => events.some((e) => e.startCut === cut)).map((cut) => startCutReason(cut, trailingDays, dayText(from))),
    ...(events.some((e) => e.startCut === 'range') ? [`it was ${startCutReason('range', trailingDays, dayText(from))}`] : []),
  ];
  if (causes.length > 0) sentences.push(`“Perhaps begun before”: the event was already flagged on the first day that could be judged (${causes.join('; or ')}), so its first day may not be the day it began.`);
  return sentences.join(' ');
}

/**
 * An event's days as the Overview and the weekly e-mail write them (daySpan's house style):
 * `3–5 Nov 2026`, `28 Oct – 3 Nov 2026`, `23 Nov 2026 – ongoing`; one that may have begun before its
 * first day (startsBeforeRange: {@link eventStartSentence} says why) in the same span, then so:
 * `3–5 Nov 2026, perhaps begun before 3 Nov`. `withYear` false where the year is said already (the
 * e-mail's week): `3–5 Nov, perhaps begun before 3 Nov`.
 */
export function eventDaysText(event: { start: string; end: string | null; startsBeforeRange: boolean }, withYear = true): string {
  const days = event.end === null ? `${shortDay(event.start, withYear)} – ongoing` : daySpan(event.start, event.end, withYear);
  return event.startsBeforeRange ? `${days}, perhaps begun before ${shortDay(event.start)}` : days;
}
