/**
 * The report's weeks: `--week YYYY-Www` read with its errors, the days a report covers, and the
 * default week — the last complete one on or before the latest billing day. ISO 8601 weeks
 * themselves (Monday to Sunday, UTC days) are src/lib/calendar.ts's.
 */
import { addDays, daySpan, isoWeek, weekOf, type IsoWeek } from '../lib/calendar.ts';
import { CostlensError } from '../errors.ts';

export { weekOf, type IsoWeek } from '../lib/calendar.ts';

/**
 * The last day a report on `week` covers: the week's Sunday, or the last billing day the store
 * holds when the data ends earlier.
 */
export function lastReportedDay(week: IsoWeek, span: { lastDay: string }): string {
  return week.last < span.lastDay ? week.last : span.lastDay;
}

/** Parses `YYYY-Www` (e.g. `2026-W45`); a week the year does not have is a usage error. */
export function parseIsoWeek(text: string): IsoWeek {
  const match = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!match) throw new CostlensError('usage', `--week must be an ISO week YYYY-Www (e.g. 2026-W45); got "${text}"`);
  const [year, number] = [Number(match[1]), Number(match[2])];
  const week = isoWeek(text);
  if (week === undefined) {
    throw new CostlensError('usage', `--week ${text}: ${year} has no ISO week ${number}`, { hint: `ISO years have 52 or 53 weeks; ${weekOf(`${year}-12-28`).label} is ${year}'s last` });
  }
  return week;
}

/** The week `n` weeks after `week` (before, for negative n). */
export function shiftWeek(week: IsoWeek, n: number): IsoWeek {
  return weekOf(addDays(week.start, 7 * n));
}

/** The last ISO week whose Sunday is on or before `lastBillingDay` (a week with data on every day, if the data has no gaps). */
export function lastCompleteWeek(lastBillingDay: string): IsoWeek {
  const current = weekOf(lastBillingDay);
  return current.last === lastBillingDay ? current : shiftWeek(current, -1);
}

/**
 * Refuses a week that holds no day of the billing data: one that ends before its first day or
 * begins after its last (a report on it would compare nothing and list $0.00 everywhere).
 */
export function checkWeekInData(week: IsoWeek, span: { firstDay: string; lastDay: string }): void {
  if (week.last >= span.firstDay && week.start <= span.lastDay) return;
  const side = week.last < span.firstDay ? `ends before the billing data begins (${span.firstDay})` : `begins after the last billing day (${span.lastDay})`;
  throw new CostlensError('usage', `--week ${week.label} (${weekSpan(week)}) ${side}: the store holds ${span.firstDay} to ${span.lastDay}`, {
    hint: `give a week from ${weekOf(span.firstDay).label} to ${weekOf(span.lastDay).label}, or leave --week out for the last complete week (${lastCompleteWeek(span.lastDay).label})`,
  });
}

/** `2–8 Nov 2026`, `28 Sep – 4 Oct 2026`, `29 Dec 2025 – 4 Jan 2026`. */
export function weekSpan(week: IsoWeek): string {
  return daySpan(week.start, week.last);
}
