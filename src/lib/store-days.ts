/**
 * The days a store's billing data covers (from its first charge day, to its last day when it has one,
 * less the gaps no billing period covers) and the days of a span that are not in it, in words.
 */
import { addDays, dayRange, type DayRun, daySpan, onDaySpan, runsOfDays, shortDay } from './calendar.ts';
import { ascending } from './order.ts';

/**
 * What a store's billing data covers: every day from its first charge day on, except the gaps
 * that no billing period of any source covers (gapsBetween).
 */
export interface StoreDays {
  firstDay: string;
  gaps: readonly DayRun[];
  /**
   * The last day that counts as in the store (the dashboards' data horizon): later days are not in
   * it either. Undefined: no upper bound (the weekly report names days after the horizon itself).
   */
  lastDay?: string;
}

/**
 * The runs of days between the first and the last of `covered` (each a run of days a billing
 * period covers, queries/calendar/billing_period_days.sql) that none of them covers.
 */
export function gapsBetween(covered: readonly DayRun[]): DayRun[] {
  const gaps: DayRun[] = [];
  let through: string | null = null;
  for (const run of [...covered].sort((a, b) => ascending(a.first, b.first))) {
    if (through !== null && run.first > addDays(through, 1)) gaps.push({ first: addDays(through, 1), last: addDays(run.first, -1) });
    if (through === null || run.last > through) through = run.last;
  }
  return gaps;
}

function gapHolding(day: string, gaps: readonly DayRun[]): DayRun | undefined {
  return gaps.find((g) => g.first <= day && day <= g.last);
}

/** Whether a day is in the store: on or after its first charge day, not after its last day (when it has one) and in no gap. */
export function dayInStore(day: string, store: StoreDays): boolean {
  return day >= store.firstDay && (store.lastDay === undefined || day <= store.lastDay) && gapHolding(day, store.gaps) === undefined;
}

/** The days of a span that are not in the store: their runs, how many, whether they are all of the span, and why, in words. */
export interface DaysNotInStore {
  /** The runs of consecutive days among them (one, unless the store holds days in between). */
  runs: DayRun[];
  days: number;
  all: boolean;
  /** The store's first charge day, when some of the days precede it. */
  dataBegins: string | null;
  /** The gaps the days fall in. */
  gaps: DayRun[];
  /** `the store's billing data begins on 1 Nov 2023`, `the store holds no billing data from 1 Dec 2018 to 31 Oct 2023`. */
  why: string;
  /** Where the days are, for a label: `before the store's billing data`, or `not in the store` (in a gap). */
  where: string;
}

/**
 * The days of the half-open span `start` to `endExclusive` that are not in the store: before its
 * first charge day, or in a gap between its billing periods. They are missing data, not days
 * without spend. Null when every day is in the store, or without a span or store days.
 */
export function daysNotInStore(start: string | null, endExclusive: string | null, store: StoreDays | undefined): DaysNotInStore | null {
  if (!start || !endExclusive || !store || start >= endExclusive) return null;
  const span = dayRange(start, addDays(endExclusive, -1));
  const missing = span.filter((d) => !dayInStore(d, store));
  if (missing.length === 0) return null;
  const runs = runsOfDays(missing);
  const dataBegins = missing[0] < store.firstDay ? store.firstDay : null;
  const dataEnds = store.lastDay !== undefined && missing.at(-1)! > store.lastDay ? store.lastDay : null;
  const gaps = [...new Set(missing.map((d) => gapHolding(d, store.gaps)).filter((g): g is DayRun => g !== undefined))];
  const why = [
    ...(dataBegins ? [`the store's billing data begins on ${shortDay(dataBegins, true)}`] : []),
    ...(gaps.length ? [`${dataBegins ? 'it' : 'the store'} holds no billing data ${onRunsText(gaps)}`] : []),
    ...(dataEnds ? [`${dataBegins || gaps.length ? 'it' : "the store's billing data"} ends on ${shortDay(dataEnds, true)}`] : []),
  ].join(' and ');
  const where = gaps.length ? 'not in the store' : dataBegins || !dataEnds ? "before the store's billing data" : "after the store's billing data";
  return { runs, days: missing.length, all: missing.length === span.length, dataBegins, gaps, why, where };
}

/** The days not in the store as the subject of a sentence, with its verb: `30–31 Oct 2023 are`, `28–30 Sep 2018 and 2 Oct 2018 are`, `1 Nov 2023 is`. */
export function daysNotInStoreAre(missing: Pick<DaysNotInStore, 'runs' | 'days'>): string {
  return `${runsText(missing.runs)} ${missing.days === 1 ? 'is' : 'are'}`;
}

/** Runs of days as a list: `1–13 Nov 2023 and 1–30 Sep 2024`. */
export function runsText(runs: readonly DayRun[]): string {
  return runs.map((r) => daySpan(r.first, r.last)).join(' and ');
}

/**
 * Runs of days as the time of a clause (calendar.ts onDaySpan): `on 20 Oct 2018 and 10–12 Nov 2018`
 * when each lies inside a month, else each with its own words, `on 10–12 Nov 2018 and from 30 Dec
 * 2018 to 2 Jan 2019`.
 */
export function onRunsText(runs: readonly DayRun[]): string {
  if (runs.every((r) => r.first.slice(0, 7) === r.last.slice(0, 7))) return `on ${runsText(runs)}`;
  return runs.map((r) => onDaySpan(r.first, r.last)).join(' and ');
}

/** The days the store holds of a span: their runs, oldest first, and the span's days it does not hold (null: it holds every one). */
export interface DaysHeld {
  runs: DayRun[];
  notHeld: DaysNotInStore | null;
}

/** The days the store holds of `first` to `last` (both included): every one of them without store days. */
export function daysHeldOf(first: string, last: string, store: StoreDays | undefined): DaysHeld {
  const days = dayRange(first, last);
  return { runs: runsOfDays(store ? days.filter((d) => dayInStore(d, store)) : days), notHeld: daysNotInStore(first, addDays(last, 1), store) };
}

/**
 * The days held, in words, with why the others are not: `1–30 Sep 2024 (the store holds no billing
 * data from 15 Nov 2023 to 31 Aug 2024)`, `1 Oct – 30 Nov 2018` (every day held), `no data (…)` (none).
 */
export function daysHeldWords(held: DaysHeld): string {
  const why = held.notHeld ? ` (${held.notHeld.why})` : '';
  return `${heldRunsWords(held)}${why}`;
}

/** The days held alone, without why the others are not: `1–30 Sep 2024`, `no data` when none. */
export function heldRunsWords(held: Pick<DaysHeld, 'runs'>): string {
  return held.runs.length ? runsText(held.runs) : 'no data';
}

/** What a report's JSON says of the days not in the store: how many, their runs, and why. */
export type DaysNotInStoreField = Pick<DaysNotInStore, 'days' | 'runs' | 'why'>;

/** The JSON field of {@link DaysNotInStoreField}s: `{ notInStore }`, or nothing when every day is in the store. */
export function notInStoreField(missing: DaysNotInStore | null): { notInStore?: DaysNotInStoreField } {
  return missing ? { notInStore: { days: missing.days, runs: missing.runs, why: missing.why } } : {};
}

/** `1–30 Nov 2018 are not in the store (the store holds no billing data on 1–30 Nov 2018)`. */
export function daysNotInStoreSentence(missing: Pick<DaysNotInStore, 'runs' | 'days' | 'why'>): string {
  return `${daysNotInStoreAre(missing)} not in the store (${missing.why})`;
}
