/**
 * The days a commitments report covers in a store without daily usage (a CUR at monthly time
 * granularity, fees only: billSpan's `wholeBillsOnly`), in whole-bill words. Such a store has no
 * data horizon: its lines are dated to the first of their month and every period's figures are its
 * whole bill, so a period or range is named by the bills it holds, and the latest bill while it is
 * not invoiced is said to be so (`Nov 2018, not invoiced yet, so it may still change`), never
 * "after the data horizon" nor "to the data horizon".
 */
import type { AttributionRange } from '../attribution/index.ts';
import { addDays, type DayRun, daySpan, daysBetween, earlierDay, laterDay, monthEnd, monthLabel } from '../../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreSentence, type DaysNotInStoreField, gapsBetween, notInStoreField, type StoreDays } from '../../lib/store-days.ts';
import type { WholeBillsOnly } from '../monthly-bills.ts';

/**
 * The charge days a report covers (days.ts's CoveredDays): on a daily store up to the data horizon,
 * on a store of whole monthly bills the days its bills hold.
 */
export interface BillDays {
  /** First and last day covered (`YYYY-MM-DD`); null when the range holds no day of the store. */
  first: string | null;
  last: string | null;
  /** The days from `first` to `last` the store holds (the days not in it left out). */
  count: number;
  /** Whether every day of the period or range is in the store and complete. */
  complete: boolean;
  description: string;
  /** The days the store does not hold (absent when it holds them all): how many, their runs, and why. */
  notInStore?: DaysNotInStoreField;
}

/** The runs of days of the months between the store's bills that no bill covers (each bill covers its month). */
function monthsNotBilled(periods: readonly string[]): DayRun[] {
  return gapsBetween(periods.map((period) => ({ first: `${period}-01`, last: monthEnd(`${period}-01`) })));
}

/** The first and last day from `first` to `last` that a bill holds: a missing month at either end is left out. */
function billedEnds(first: string, last: string, gaps: readonly DayRun[]): { first: string; last: string } {
  const gapHolding = (day: string) => gaps.find((g) => g.first <= day && day <= g.last);
  const [head, tail] = [gapHolding(first), gapHolding(last)];
  return { first: head ? addDays(head.last, 1) : first, last: tail ? addDays(tail.first, -1) : last };
}

/**
 * The days the bills are told against: those of the bills alone (`held`, from the first bill's first
 * day to the last bill's last, less the months no bill covers); or, for one delivery's bills among the
 * store's several, the store's (`store`), reaching at least over the bills.
 */
function billedDays(held: { first: string; last: string }, periods: readonly string[], store: StoreDays | undefined): Required<StoreDays> {
  if (!store) return { firstDay: held.first, gaps: monthsNotBilled(periods), lastDay: held.last };
  return { firstDay: earlierDay(store.firstDay, held.first), gaps: store.gaps, lastDay: laterDay(store.lastDay ?? held.last, held.last) };
}

/** The latest bill said not invoiced yet: `Nov 2018, not invoiced yet, so it may still change`. */
function notInvoiced(period: string): string {
  return `${monthLabel(period)}, not invoiced yet, so it may still change`;
}

/**
 * The days of a billing period or a range of charge days (on month bounds: a range cut inside a
 * month is refused before) that the store's bills hold: a period is its bill (`1–30 Nov 2018,
 * complete`, `Nov 2018, not invoiced yet, so it may still change`); a range the bills it spans
 * (`1 Oct – 30 Nov 2018`, an open end `…, to the latest bill in the store`), naming the latest
 * bill when it is not invoiced yet and the days of the range no bill of the store holds: before its
 * first bill, after its last, or a month between two bills that the store lacks (`; 1–30 Nov 2018 are
 * not in the store (the store holds no billing data on 1–30 Nov 2018)`). As on a daily
 * store (days.ts, coveredDays), those days are not counted, `first` and `last` are days a bill holds,
 * and `notInStore` gives how many, their runs and why (1 Oct – 31 Dec 2018 without November: 62 days).
 * The bills of one delivery among the store's several (a delivery of fees only, source-spans.ts) are
 * told against the store's days (`store`: its first charge day, the gaps between its billing periods,
 * its latest charge day): a range reaching the legacy CUR's Nov 2023 before a delivery of fees of
 * Dec 2023 covers `1 Nov – 31 Dec 2023`, its days the store holds counted, never "not in the store
 * (the store's billing data begins on 1 Dec 2023)"; the month the other delivery does not complete is
 * named beside them (horizon.ts, periodsNotComplete).
 */
export function billDays(range: AttributionRange, bills: WholeBillsOnly, store?: StoreDays): BillDays {
  const isPeriod = range.billingFrom !== undefined && range.billingTo !== undefined;
  const held = { first: `${bills.periods[0]}-01`, last: monthEnd(`${bills.periods.at(-1)!}-01`) };
  const told = billedDays(held, bills.periods, store);
  const given = isPeriod ? range.billingFrom! : (range.chargeFrom ?? told.firstDay);
  const lastDay = addDays(isPeriod ? range.billingTo! : (range.chargeTo ?? addDays(held.last, 1)), -1);
  const missing = daysNotInStore(given, addDays(lastDay, 1), told);
  const notInStore = notInStoreField(missing);
  const notHeld = missing ? daysNotInStoreSentence(missing) : '';
  if (missing?.all) return { first: null, last: null, count: 0, complete: false, description: notHeld, ...notInStore };
  const { first, last } = billedEnds(laterDay(given, told.firstDay), earlierDay(lastDay, told.lastDay), told.gaps);
  const open = bills.incomplete !== null && bills.incomplete.period >= first.slice(0, 7) && bills.incomplete.period <= last.slice(0, 7) ? bills.incomplete.period : null;
  const complete = open === null && missing === null;
  const days = daySpan(first, last);
  const description = isPeriod ? (open ? notInvoiced(open) : `${days}, complete`)
    : `${days}${range.chargeTo === undefined ? ', to the latest bill in the store' : ''}${open ? `; ${notInvoiced(open)}` : ''}`;
  const count = daysBetween(given, addDays(lastDay, 1)) - (missing?.days ?? 0);
  return { first, last, count, complete, description: missing ? `${description}; ${notHeld}` : description, ...notInStore };
}
