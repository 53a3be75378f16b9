/**
 * How a month counted from its first day up to a day (the data horizon, an as-of day, a report
 * week's last day) is named, in one set of words for the pages, the e-mails and the CLI. A month
 * counted to its last day is over: it is named as a month (`Nov 2018`), never "to date", "so far"
 * or "in progress", with the same figures.
 */
import { daySpan, earlierDay, laterDay, monthEnd, monthLabel, monthStart, nextMonthStart } from '../lib/calendar.ts';

/** Whether `through` is the last day of its month: the days from the 1st up to it are the whole month, which is over. */
export function wholeMonthThrough(through: string): boolean {
  return through === monthEnd(through);
}

/** The month of `through`, counted up to it: `Nov 2018` when `through` is its last day, else `Nov 2018 so far`. */
export function monthSoFar(through: string): string {
  return wholeMonthThrough(through) ? monthLabel(through) : `${monthLabel(through)} so far`;
}

/** What the days from the 1st up to `through` are called: `month to date`, or the month itself (`Nov 2018`) once `through` is its last day. */
export function monthToDateName(through: string): string {
  return wholeMonthThrough(through) ? monthLabel(through) : 'month to date';
}

/**
 * The months that the days `first` to `last` (both included) hold only part of (a bill starting
 * after the 1st, a month cut at the data horizon), each as its days (`1–13 Nov 2023`), oldest first;
 * none when every month is whole.
 */
export function partMonths(first: string, last: string): string[] {
  const parts: string[] = [];
  for (let start = monthStart(first); start <= last; start = nextMonthStart(start)) {
    const from = laterDay(first, start);
    const to = earlierDay(last, monthEnd(start));
    if (from !== start || to !== monthEnd(start)) parts.push(daySpan(from, to));
  }
  return parts;
}

/**
 * A chart's words on its lighter bars, for months of `first` to `last` (both included):
 * `Lighter bars: part of a month (1–13 Nov 2023).`, or `Every bar is a whole month.` when none is part of one.
 */
export function lighterBarsNote(first: string, last: string): string {
  const parts = partMonths(first, last);
  return parts.length ? `Lighter bars: part of a month (${parts.join('; ')}).` : 'Every bar is a whole month.';
}
