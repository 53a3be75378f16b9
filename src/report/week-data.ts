/**
 * What the store holds around a report's week: the data status its alerts read, the days its daily
 * chart draws, and where its data ends for the week (the horizon, or the day before a gap that
 * begins inside the week: days in a gap are not in the store, like days after the horizon).
 */
import { roundToCents } from '../analyze/attribution/index.ts';
import { addDays, dayRange, firstProvisionalDay, type BillingDaySpan } from '../analyze/billing-calendar.ts';
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { listParam } from '../engine/duckdb.ts';
import { dayInStore, daysNotInStore, type StoreDays } from '../lib/store-days.ts';
import { laterDay } from '../lib/calendar.ts';
import { type EndedPartialDay, endedHeldIn } from '../analyze/ended-delivery.ts';
import type { DataStatus, DayPoint } from './model.ts';
import { type IsoWeek, lastReportedDay, shiftWeek } from './week.ts';
import { type EndedAroundWeek, gapEndingWeek, sourcesLeftOut, type WeekSourceEnd } from './week-source-end.ts';

/** The days of an ISO week, Monday first, as the report abbreviates them. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The store's days as the report on `week` reads them: when the week's last day (or the horizon)
 * lies in a gap that begins inside the week, its data ends the day before the gap, as it ends at
 * the horizon, so month to date, drivers and sections stop there; or earlier, at the data horizon
 * of the delivery whose data the gap follows (`sourceEnd`, weekSourceEnd), so that its partial day
 * is not read as a whole one. A gap the week's data resumes after leaves the span as it is (its
 * days are named by the week's alert).
 */
export function spanForWeek(span: BillingDaySpan, store: StoreDays, week: IsoWeek, sourceEnd: WeekSourceEnd | null = null): BillingDaySpan {
  const gap = gapEndingWeek(span, store, week);
  if (!gap) return span;
  return { ...span, lastDay: sourceEnd?.lastDay ?? addDays(gap.first, -1) };
}

/**
 * How many days of each week the report compares, from Monday: all 7, or, when the week's data
 * ends before its Sunday (`reported`: the horizon, or the day before a gap), the days it holds, so
 * that this week and last week are equal spans (Monday–Wednesday against Monday–Wednesday). A week
 * whose data ends before its Monday (a delivery's horizon on the Sunday before, its Monday a partial
 * day: weekSourceEnd) holds none of its days and compares nothing: 7, as for a week in a gap, so that
 * the weeks before it are shown whole; its own days read are {@link weekDaysRead}'s, none.
 */
export function comparedDaysOf(week: IsoWeek, reported: { lastDay: string }): number {
  const last = lastReportedDay(week, reported);
  return last >= week.start && last < week.last ? dayRange(week.start, last).length : 7;
}

/**
 * The days of `week` whose spend the report reads (its totals, cuts and coverage): from Monday up to
 * the day its data ends (`reported`: the horizon, the day before a gap, or a delivery's data horizon
 * before it), none (an empty span from Monday) when that is before the week: a partial day after
 * the reported last day is neither read nor counted as spend of the week.
 */
export function weekDaysRead(week: IsoWeek, reported: { lastDay: string }): IsoWeek {
  const last = lastReportedDay(week, reported);
  return last < week.start ? sameDays(week, 0) : sameDays(week, dayRange(week.start, last).length);
}

/** The first `days` days of `week` (the whole week for 7): the span a comparison reads. */
export function sameDays(week: IsoWeek, days: number): IsoWeek {
  return days === 7 ? week : { ...week, last: addDays(week.start, days - 1), end: addDays(week.start, days) };
}

/** Weeks averaged for "vs the 4-week average". */
export const AVERAGE_WEEKS = 4;

/**
 * The spans the 4-week average may take, earliest first: the compared days of each of the
 * {@link AVERAGE_WEEKS} weeks before `week` that lie wholly in the store (after its first charge
 * day and outside any gap: days not in the store are not $0.00); {@link dataStatus} leaves out those
 * holding the data of a delivery that has ended before the week that the others' data does not cover whole.
 */
export function averagedSpans(week: IsoWeek, comparedDays: number, store: StoreDays): IsoWeek[] {
  return Array.from({ length: AVERAGE_WEEKS }, (_, i) => sameDays(shiftWeek(week, i - AVERAGE_WEEKS), comparedDays))
    .filter((w) => daysNotInStore(w.start, w.end, store) === null);
}

/**
 * What the store holds around the week: the horizon, provisional days, the days of the week after the
 * horizon (partial up to the span's last usage day, then not in the store yet), and the days of the week and
 * of the compared days of the week before not in it; `sourceEnd`, where the week's data ends at its
 * source's data horizon before a gap (its days after it are not held: partial days). The provisional
 * days are the last `provisionalDays` complete days up to the store's horizon, or from
 * `provisionalFrom` when given (counted back from the horizon of the delivery holding the week:
 * provisional-from.ts, as forecast and anomalies count them). `ended`: the deliveries that have ended
 * before the week or inside it (endedAroundWeek): this week, last week and the weeks averaged are compared
 * without their lines when the others' data covers them whole, else this week or last week is not compared
 * and the 4-week average leaves them out (`endedBefore`; its amounts left out are the caller's).
 */
export function dataStatus(span: BillingDaySpan, store: StoreDays, week: IsoWeek, provisionalDays: number, comparedDays: number, sourceEnd: WeekSourceEnd | null = null,
  provisionalFrom = firstProvisionalDay(span, provisionalDays), ended: EndedAroundWeek = { deliveries: [], othersFrom: null }): DataStatus {
  const days = dayRange(week.start, week.last);
  const thisWeek = sameDays(week, comparedDays);
  const lastWeek = sameDays(shiftWeek(week, -1), comparedDays);
  // A week holding the data of a delivery that has ended before this one would read its end as a drop in spend:
  // it is compared without that delivery's lines, on the others' data, or not at all when theirs does not cover it.
  const holdsEnded = (w: IsoWeek) => endedHeldIn(w.start, w.last, ended.deliveries).length > 0;
  const without = (w: IsoWeek) => sourcesLeftOut(w, ended).length > 0;
  const inStore = averagedSpans(week, comparedDays, store);
  const weeksLeftOut = inStore.filter((w) => holdsEnded(w) && !without(w));
  const endedHeld = ended.deliveries.filter((own) => [thisWeek, lastWeek, ...inStore].some((w) => endedHeldIn(w.start, w.last, [own]).length > 0));
  const held = (d: string) => d <= span.lastDay && dayInStore(d, store) && !sourceEnd?.partialDays.includes(d);
  const lastUsageDay = span.lastUsageDay ?? span.lastDay;
  const provisionalTo = provisionalFrom === null ? null : addDays(provisionalFrom, provisionalDays - 1);
  // The last provisional day, named when before the store's horizon (the data horizon of the delivery holding the week).
  const bound = provisionalTo !== null && provisionalTo < span.lastDay ? { provisionalTo } : {};
  const provisional = { provisionalFrom, lastDay: span.lastDay, ...bound };
  return {
    firstDay: span.firstDay,
    gaps: [...store.gaps],
    lastDay: span.lastDay,
    provisionalFrom,
    ...bound,
    provisionalDays: days.filter((d) => isProvisionalDay(provisional, d)),
    // A day after the horizon that holds usage (its lines stop before midnight) is partial, not missing.
    partialDays: days.filter((d) => d > span.lastDay && d <= lastUsageDay),
    missingDays: days.filter((d) => d > laterDay(span.lastDay, lastUsageDay)),
    weekDaysHeld: days.filter(held).length,
    comparedDays,
    comparedNotInStore: daysNotInStore(week.start, sameDays(week, comparedDays).end, store),
    lastWeekNotInStore: daysNotInStore(lastWeek.start, lastWeek.end, store),
    weekNotInStore: daysNotInStore(week.start, week.end, store),
    sourceEnd,
    endedBefore: endedHeld.length > 0 ? {
      deliveries: endedHeld,
      othersFrom: ended.othersFrom,
      thisWeek: null,
      lastWeekWhole: null,
      // Not covered from its Monday, this week holds their end (or the others' start): compared with or without them it would read it as a change.
      thisWeekHolds: !holdsEnded(thisWeek) ? null : without(thisWeek) ? 'without' : 'not compared',
      lastWeek: !holdsEnded(lastWeek) ? null : without(lastWeek) ? 'without' : 'not compared',
      weeksLeftOut,
      averagedWithout: inStore.filter((w) => !weeksLeftOut.includes(w) && without(w)),
      usageLeftOut: { thisWeek: null, lastWeek: null, averaged: null },
    } : null,
    averaged: inStore.filter((w) => !weeksLeftOut.includes(w)),
  };
}

/**
 * Whether `day` is one of the provisional days of `status` (dataStatus'): from `provisionalFrom` up to the
 * data horizon they count back from, that of the delivery holding the week (`provisionalTo`) or the store's
 * (`lastDay`). The days after it hold none of that delivery's complete data: a partial day (the legacy
 * CUR's 14 Nov 2023, usage to 04:00) or a gap, not provisional ones.
 */
export function isProvisionalDay(status: Pick<DataStatus, 'provisionalFrom' | 'provisionalTo' | 'lastDay'>, day: string): boolean {
  return status.provisionalFrom !== null && day >= status.provisionalFrom && day <= (status.provisionalTo ?? status.lastDay);
}

/**
 * Usage BilledCost per day of the week and of the week before (each day rounded to cents): fees
 * posted on a day are not daily spend; days not in the store (before its first charge day, in a
 * gap, or after `through`, the last day the report reads) get no point rather than $0.00. A day is
 * provisional as `status` says ({@link isProvisionalDay}). Each week is drawn without the lines of its
 * `ended.leftOut` sources (a delivery that has ended, as the comparison reads the week: sourcesLeftOut),
 * each point naming them; a partial day of a delivery that has ended (`ended.partialDays`, ended-delivery.ts:
 * its lines stop inside the day) is marked so when its bar holds that delivery's lines, not when it leaves them out.
 */
export async function dailyPoints(engine: Engine, week: IsoWeek, status: Pick<DataStatus, 'provisionalFrom' | 'provisionalTo' | 'lastDay'>, store: StoreDays, through: string,
  ended: { partialDays?: readonly EndedPartialDay[]; leftOut?: { thisWeek: readonly string[]; lastWeek: readonly string[] } } = {}): Promise<DayPoint[]> {
  const { partialDays = [], leftOut = { thisWeek: [], lastWeek: [] } } = ended;
  const previous = shiftWeek(week, -1);
  const read = async (from: string, to: string, sources: readonly string[]) => runQuery(engine, 'trends/daily_spend', { from, to, exclude_sources: listParam(sources) });
  const same = leftOut.thisWeek.join('\n') === leftOut.lastWeek.join('\n');
  const rows = same ? await read(previous.start, week.end, leftOut.thisWeek)
    : (await Promise.all([read(previous.start, week.start, leftOut.lastWeek), read(week.start, week.end, leftOut.thisWeek)])).flat();
  const byDay = new Map(rows.map((r) => [r.day!, r.usage_billed_cost ?? 0n]));
  const points = (w: IsoWeek, series: DayPoint['series'], sources: readonly string[]) => dayRange(w.start, w.last).map((day, i): DayPoint => ({
    day, series, weekday: WEEKDAYS[i],
    billed: roundToCents({ num: byDay.get(day) ?? 0n, den: 1n }),
    provisional: isProvisionalDay(status, day) && byDay.has(day),
    partial: byDay.has(day) ? partialDays.find((p) => p.day === day && p.sources.some((source) => !sources.includes(source))) ?? null : null,
    leftOut: [...sources],
  }));
  return [...points(previous, 'last week', leftOut.lastWeek), ...points(week, 'this week', leftOut.thisWeek)].filter((p) => p.day <= through && dayInStore(p.day, store));
}
