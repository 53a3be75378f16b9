/**
 * How the weekly report words its comparison with last week: whether the two spans are compared
 * (only equal spans of complete days in the store are), what the week is compared against, and
 * how the coverage trend labels a week the store holds only in part, and the days a table's
 * week columns and the 4-week average hold.
 */
import type { DataStatus, WeeklyReport } from './model.ts';
import { addDays, daySpan, daysBetween, shortDay } from '../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreAre } from '../lib/store-days.ts';
import { type IsoWeek, shiftWeek, weekOf, weekSpan } from './week.ts';
import { sameDays, WEEKDAYS } from './week-data.ts';
import { andList } from '../lib/text.ts';
import { endedDeliveriesPhrase, type EndedDelivery, endedHeldIn } from '../analyze/ended-delivery.ts';

/**
 * A coverage-trend week as labelled: `2023-W44 (from 1 Nov)` when it begins before the data,
 * `2023-W46 (2 of 7 days)` when a gap takes some of its days or the report week is read only to
 * the horizon (`read`, its days read).
 */
export function trendWeekLabel(read: IsoWeek, status: DataStatus): string {
  const week = weekOf(read.start);
  if (read.end < week.end) return `${week.label} (${daysBetween(read.start, read.end)} of 7 days)`;
  const missing = daysNotInStore(week.start, week.end, status);
  if (!missing) return week.label;
  return missing.gaps.length ? `${week.label} (${7 - missing.days} of 7 days)` : `${week.label} (from ${shortDay(status.firstDay)})`;
}

/** Why this week is not compared with last week: which week lacks days, and in words. */
export interface NotCompared {
  side: 'this week' | 'last week';
  why: string;
}

/**
 * Why this week is not compared with last week, or null when it is: only two equal spans of
 * complete days in the store are compared (days before the billing data or in a gap are not $0.00),
 * holding the data of the same deliveries (a week holding the data of a delivery that has ended is
 * compared without its lines, when the others' data covers it: its end is no drop in spend; else
 * not at all: {@link endedNotCompared}).
 */
export function notComparedBecause(report: WeeklyReport): NotCompared | null {
  const { weekDaysHeld, comparedNotInStore, lastWeekNotInStore, comparedDays } = report.status;
  if (weekDaysHeld === 0) return { side: 'this week', why: 'this week has no billing data in the store' };
  if (lastWeekNotInStore?.all) return { side: 'last week', why: comparedDays === 7 ? 'last week is not in the store' : 'the same days of last week are not in the store' };
  if (comparedNotInStore) return { side: 'this week', why: "this week's days are not all in the store" };
  const ended = endedNotCompared(report.week, report.status);
  if (ended) return ended;
  if (lastWeekNotInStore) return { side: 'last week', why: `last week holds ${lastWeekHeld(report)} in the store` };
  return null;
}

/**
 * Why the end of a delivery keeps this week from being compared (DataStatus.endedBefore), or null when it
 * does not: this week holds its data and the other deliveries' data does not cover the week from its Monday
 * (`this week holds the data of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018),
 * and the other deliveries' data begins on 13 Nov 2018, after its Monday`: read with its lines, its end would
 * read as a drop; without them, the others' start as a rise), or last week holds it where the others' data
 * does not cover last week.
 */
export function endedNotCompared(week: IsoWeek, status: Pick<DataStatus, 'endedBefore' | 'comparedDays'>): NotCompared | null {
  const ended = status.endedBefore;
  if (!ended) return null;
  const othersFrom = (after: string) => (ended.othersFrom === null ? 'no other delivery\'s data holds it' : `the other deliveries' data begins on ${shortDay(ended.othersFrom, true)}, after ${after}`);
  if (ended.thisWeekHolds === 'not compared') {
    const held = endedHeldIn(week.start, sameDays(week, status.comparedDays).last, ended.deliveries);
    return { side: 'this week', why: `this week holds the data of ${endedDeliveriesPhrase(held)}, and ${othersFrom('its Monday')}` };
  }
  if (ended.lastWeek === 'not compared') return { side: 'last week', why: `${lastWeekEndedWhy(ended.deliveries, ended.thisWeekHolds !== null)}; ${othersFrom('its first day')}` };
  return null;
}

/**
 * Why last week is not compared when it holds the data of deliveries that have ended before this week
 * (`ended`, DataStatus.endedBefore's): `last week holds the data of aws/836060457634, a delivery that has
 * ended (its data ends on 13 Nov 2018), and this week none of it`; `… and this week only up to its end` when
 * one stops inside this week (`thisWeekHolds`).
 */
function lastWeekEndedWhy(ended: readonly EndedDelivery[], thisWeekHolds = false): string {
  return `last week holds the data of ${endedDeliveriesPhrase(ended)}, and this week ${thisWeekHolds ? 'only up to its end' : 'none of it'}`;
}

/** What a full or cut-short week is compared against, as the headline says it. */
export function againstText(report: WeeklyReport, whole: string): string {
  const { comparedDays } = report.status;
  if (comparedDays === 7) return whole;
  return `the same ${comparedDays === 1 ? 'day' : `${comparedDays} days`} of the week before (${weekSpan(sameDays(shiftWeek(report.week, -1), comparedDays))})`;
}

/** How many of last week's compared days are in the store, as the report says it: `5 of its 7 days`. */
export function lastWeekHeld(report: WeeklyReport): string {
  const { comparedDays, lastWeekNotInStore } = report.status;
  const held = comparedDays - (lastWeekNotInStore?.days ?? 0);
  return comparedDays === 7 ? `${held} of its 7 days` : `${held} of the ${comparedDays} days compared`;
}

/**
 * The note under a table with a Last week column when last week holds only some of its days in
 * the store: `Last week's column is its 5 days in the store (30–31 Oct 2023 are not), shown but not
 * compared.`; null when it holds them all, or none (its cells then read "no data").
 */
export function lastWeekColumnNote(status: Pick<DataStatus, 'lastWeekNotInStore' | 'comparedDays'>): string | null {
  const lastWeek = status.lastWeekNotInStore;
  if (!lastWeek || lastWeek.all) return null;
  return `Last week's column is its ${status.comparedDays - lastWeek.days} days in the store (${daysNotInStoreAre(lastWeek)} not), shown but not compared.`;
}

/** The heads of a cut's this-week and last-week columns, each with the days it holds (the compared days): `This week (30 Nov – 6 Dec)`. */
export function weekColumns(report: WeeklyReport): [string, string] {
  const days = (w: IsoWeek) => {
    const span = sameDays(w, report.status.comparedDays);
    return daySpan(span.start, span.last, false);
  };
  return [`This week (${days(report.week)})`, `Last week (${days(shiftWeek(report.week, -1))})`];
}

/**
 * The days the 4-week average takes, in words: `2–29 Nov 2026` (weeks that follow each other are
 * one span), `5–11 Oct and 19 Oct – 1 Nov 2026` around a week not in the store, `Mon–Wed of each
 * week of 2–29 Nov 2026` for a week compared on its first days; without `withYear`, `2–29 Nov`.
 * Null when it takes no week.
 */
export function averagedDays(status: Pick<DataStatus, 'averaged' | 'comparedDays'>, withYear: boolean): string | null {
  const weeks = status.averaged.map((w) => weekOf(w.start));
  if (weeks.length === 0) return null;
  const runs: { first: string; last: string }[] = [];
  for (const w of weeks) {
    const run = runs.at(-1);
    if (run && addDays(run.last, 1) === w.start) run.last = w.last;
    else runs.push({ first: w.start, last: w.last });
  }
  // With the year: a span's year is said once, after the last span of that year.
  const yearOf = (day: string) => day.slice(0, 4);
  const spans = runs.map((r, i) => (withYear && (i === runs.length - 1 || yearOf(r.last) !== yearOf(runs[i + 1].first) || yearOf(r.first) !== yearOf(r.last))
    ? daySpan(r.first, r.last) : daySpan(r.first, r.last, false)));
  const listed = andList(spans);
  const { comparedDays } = status;
  if (comparedDays === 7) return listed;
  const weekdays = comparedDays === 1 ? WEEKDAYS[0] : `${WEEKDAYS[0]}–${WEEKDAYS[comparedDays - 1]}`;
  return `${weekdays} of ${weeks.length === 1 ? '' : 'each week of '}${listed}`;
}
