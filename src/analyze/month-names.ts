/**
 * How a month counted from its first day up to a day (the data horizon, an as-of day, a report
 * week's last day) is named, in one set of words for the pages, the e-mails and the CLI. A month
 * counted to its last day is over: it is named as a month (`Nov 2018`), never "to date", "so far"
 * or "in progress", with the same figures.
 */
import { type DayRun, daySpan, earlierDay, laterDay, monthEnd, monthLabel, monthStart, nextMonthStart } from '../lib/calendar.ts';

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

/** The days of each month that `first` to `last` (both included) touch: its first day, and the first and last of them. */
function monthPieces(first: string, last: string): { month: string; from: string; to: string }[] {
  const pieces: { month: string; from: string; to: string }[] = [];
  for (let start = monthStart(first); start <= last; start = nextMonthStart(start)) {
    pieces.push({ month: start, from: laterDay(first, start), to: earlierDay(last, monthEnd(start)) });
  }
  return pieces;
}

/**
 * The months that the days `first` to `last` (both included) hold only part of (a bill starting
 * after the 1st, a month cut at the data horizon), each as its days (`1–13 Nov 2023`), oldest first;
 * none when every month is whole.
 */
export function partMonths(first: string, last: string): string[] {
  return monthPieces(first, last).filter((p) => p.from !== p.month || p.to !== monthEnd(p.month)).map((p) => daySpan(p.from, p.to));
}

/**
 * A chart's words on its lighter bars, for the months of the runs of days it draws (`runs`, oldest
 * first: the days a store holds of a span, which a gap may cut anywhere): each month held only in
 * part, by its days, `Lighter bars: part of a month (1–13 Nov 2023).`, a month cut inside by a gap
 * by each of its runs, `(1–9 Nov 2018 and 13–30 Nov 2018)`; or `Every bar is a whole month.` when
 * none is part of one.
 */
export function lighterBarsNote(runs: readonly DayRun[]): string {
  const byMonth = new Map<string, { spans: string[]; whole: boolean }>();
  for (const piece of runs.flatMap((run) => monthPieces(run.first, run.last))) {
    const month = byMonth.get(piece.month) ?? { spans: [], whole: false };
    month.spans.push(daySpan(piece.from, piece.to));
    month.whole = month.spans.length === 1 && piece.from === piece.month && piece.to === monthEnd(piece.month);
    byMonth.set(piece.month, month);
  }
  const parts = [...byMonth.values()].filter((m) => !m.whole).map((m) => m.spans.join(' and '));
  return parts.length ? `Lighter bars: part of a month (${parts.join('; ')}).` : 'Every bar is a whole month.';
}
