/**
 * UTC calendar arithmetic on `YYYY-MM-DD` strings: days, months, ISO weeks and spans, with the
 * labels every surface shows ("30 Nov 2026", "1–30 Nov 2026"). One copy for the whole code base.
 */

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The hours of "a month" in every monthly figure (a run-rate, a saving, a commitment's cost a
 * month, a window's cost as a month): 730, the average month (8,760 h ÷ 12), as AWS's price lists
 * and Compute Optimizer count one. The SQL's one copy is `hours_per_month` in
 * queries/optimisation/current_hourly_rates.cte.sql (tests/optimisation/query-fragments.test.ts
 * checks they agree).
 */
export const HOURS_PER_MONTH = 730;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** True for a real calendar date written YYYY-MM-DD, years 1000–9999 (no 30 February): a day a user gives. */
export function isIsoDay(value: string): boolean {
  return value >= '1000' && isCalendarDay(value);
}

/** True for a real calendar date written YYYY-MM-DD, any year from 0001 (the queries' open bounds are 0001-01-01 and 9999-12-31). */
export function isCalendarDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** How a calendar period is written: a month `2026-11`, a quarter `2026-Q4`, a year `2026`. */
export type PeriodForm = 'month' | 'quarter' | 'year';

/** A calendar period: its form, its label as written canonically, and its days from `first` to `end` (exclusive). */
export interface CalendarPeriod {
  form: PeriodForm;
  label: string;
  first: string;
  end: string;
}

/** The period `text` writes (`YYYY-MM`, `YYYY-Qn` or `YYYY`), when it is one of `forms`; undefined otherwise. */
export function calendarPeriod(text: string, forms: readonly PeriodForm[] = ['month']): CalendarPeriod | undefined {
  const written = periodWritten(text);
  if (written === undefined || !forms.includes(written.form) || written.year < '1000') return undefined;
  return periodOf(written.form, written.year, written.month);
}

/** The period of `form` that holds `day`. */
export function calendarPeriodContaining(form: PeriodForm, day: string): CalendarPeriod {
  return periodOf(form, day.slice(0, 4), Number(day.slice(5, 7)));
}

const MONTHS_OF: Record<PeriodForm, number> = { month: 1, quarter: 3, year: 12 };

/** The period of `form` in `year` that holds `month` (1–12). */
function periodOf(form: PeriodForm, year: string, month: number): CalendarPeriod {
  const months = MONTHS_OF[form];
  const firstMonth = Math.floor((month - 1) / months) * months + 1;
  const first = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const label = form === 'month' ? first.slice(0, 7) : form === 'quarter' ? `${year}-Q${(firstMonth + 2) / 3}` : year;
  return { form, label, first, end: addMonths(first, months) };
}

function periodWritten(text: string): { form: PeriodForm; year: string; month: number } | undefined {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (month) return { form: 'month', year: month[1], month: Number(month[2]) };
  const quarter = /^(\d{4})-[Qq]([1-4])$/.exec(text);
  if (quarter) return { form: 'quarter', year: quarter[1], month: (Number(quarter[2]) - 1) * 3 + 1 };
  return /^\d{4}$/.test(text) ? { form: 'year', year: text, month: 1 } : undefined;
}

/** The day `n` days after `day` (before, for negative n). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The latest of `YYYY-MM-DD` days (or `YYYY-MM` periods, or timestamps of one form): they order as text. */
export function laterDay(first: string, ...others: string[]): string {
  return others.reduce((later, day) => (day > later ? day : later), first);
}

/** The earliest of `YYYY-MM-DD` days (or `YYYY-MM` periods, or timestamps of one form): they order as text. */
export function earlierDay(first: string, ...others: string[]): string {
  return others.reduce((earlier, day) => (day < earlier ? day : earlier), first);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** A run of days, both ends included. */
export interface DayRun {
  first: string;
  last: string;
}

/** The days of a half-open range (`endExclusive` not in it) as a run, both ends included. */
export function runOfRange(start: string, endExclusive: string): DayRun {
  return { first: start, last: addDays(endExclusive, -1) };
}

/** Ascending days as runs of consecutive days. */
export function runsOfDays(days: readonly string[]): DayRun[] {
  const runs: DayRun[] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && addDays(run.last, 1) === day) run.last = day;
    else runs.push({ first: day, last: day });
  }
  return runs;
}

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

/** The first day of the month containing `day`. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The last day of the month containing `day`. */
export function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The first day of the month `n` months after the month of `day`. */
export function addMonths(day: string, n: number): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 10);
}

/** The last month (YYYY-MM) whose every day is on or before `day`: `day`'s own month when `day` is its last day, else the one before. */
export function lastWholeMonthUpTo(day: string): string {
  return (monthEnd(day) === day ? day : addMonths(day, -1)).slice(0, 7);
}

/** The first day of the month after the month of `day`. */
export function nextMonthStart(day: string): string {
  return addMonths(day, 1);
}

/** The months (YYYY-MM) that the days [from, to) touch. */
export function monthsTouched(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = monthStart(from); m < to; m = nextMonthStart(m)) out.push(m.slice(0, 7));
  return out;
}

/** Days in the month containing `day`. */
export function daysInMonth(day: string): number {
  return Number(monthEnd(day).slice(8));
}

/** The Monday of the ISO week containing `day`. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The UTC day `YYYY-MM-DD` of an instant. */
export function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** An ISO week as a half-open range of UTC days. */
export interface IsoWeek {
  /** `2026-W45`. */
  label: string;
  /** The Monday (included), `YYYY-MM-DD`. */
  start: string;
  /** The Sunday: the last day of the week. */
  last: string;
  /** The next Monday (excluded): `[start, end)` is the week. */
  end: string;
}

/** The ISO week that contains `day`. */
export function weekOf(day: string): IsoWeek {
  const start = weekStart(day);
  const thursday = addDays(start, 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursday = weekStart(`${year}-01-04`);
  const number = daysBetween(firstThursday, start) / 7 + 1;
  return { label: `${year}-W${String(number).padStart(2, '0')}`, start, last: addDays(start, 6), end: addDays(start, 7) };
}

/** The ISO week `YYYY-Www` names (`2026-W45`), or undefined for any other text or a week its year does not have. */
export function isoWeek(text: string): IsoWeek | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!match || match[2] === '00') return undefined;
  const week = weekOf(addDays(weekStart(`${match[1]}-01-04`), (Number(match[2]) - 1) * 7));
  return week.label === text ? week : undefined;
}

/** Today's UTC date. */
export function utcToday(now: Date = new Date()): string {
  return dayOf(now);
}

/** `2 Nov`, or `2 Nov 2026` with the year. */
export function shortDay(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]}${withYear ? ` ${y}` : ''}`;
}

/** `Nov 2026` for `2026-11` or any day of it. */
export function monthLabel(dayOrPeriod: string): string {
  const [y, m] = dayOrPeriod.split('-').map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

/**
 * A span of days, both included: `2–8 Nov 2026`, `28 Sep – 4 Oct 2026`, `29 Dec 2025 – 4 Jan 2026`,
 * `1 Nov 2026`; without `withYear` (a column head whose year the page already says), `2–8 Nov`,
 * `28 Sep – 4 Oct`, `29 Dec – 4 Jan`, `1 Nov`.
 */
export function daySpan(first: string, last: string, withYear = true): string {
  if (first === last) return shortDay(first, withYear);
  if (first.slice(0, 7) === last.slice(0, 7)) return `${Number(first.slice(8))}–${shortDay(last, withYear)}`;
  if (first.slice(0, 4) === last.slice(0, 4) || !withYear) return `${shortDay(first)} – ${shortDay(last, withYear)}`;
  return `${shortDay(first, true)} – ${shortDay(last, true)}`;
}

/**
 * A span of days as the time of a clause (both days included), so that a span across months does
 * not read as one date: `on 9 Nov 2018` (one day), `on 10–12 Nov 2018` (inside one month), `from 30
 * Oct to 2 Nov 2018`, `from 1 Dec 2018 to 31 Oct 2023` (across months or years).
 */
export function onDaySpan(first: string, last: string): string {
  if (first.slice(0, 7) === last.slice(0, 7)) return `on ${daySpan(first, last)}`;
  return `from ${shortDay(first, first.slice(0, 4) !== last.slice(0, 4))} to ${shortDay(last, true)}`;
}

/**
 * Two half-open spans of unequal length as a comparison says it, `31 days against 30` (the first
 * span's days, then the second's); null when they hold as many days (or either is missing).
 */
export function unequalSpans(start: string | null, end: string | null, otherStart: string | null, otherEnd: string | null): string | null {
  if (!start || !end || !otherStart || !otherEnd) return null;
  const [days, other] = [daysBetween(start, end), daysBetween(otherStart, otherEnd)];
  return days === other ? null : `${days} day${days === 1 ? '' : 's'} against ${other}`;
}

/** A span of days just before another, as a comparison names it: `the 31 days before`. */
export function theDaysBefore(start: string, endExclusive: string): string {
  return `the ${daysBetween(start, endExclusive)} days before`;
}

/**
 * How a month to date's earlier span is named when the month before has fewer days than it holds
 * and it is compared with as many days just before it instead (1–31 October against 31 August –
 * 30 September, queries/calendar/month_to_date_spans.cte.sql): `the 31 days before`; null when it
 * is compared with the same days of the month before (or a span is missing).
 */
export function daysJustBeforeName(currentStart: string | null, previousStart: string | null, previousEnd: string | null): string | null {
  if (!currentStart || !previousStart || !previousEnd) return null;
  return previousStart === addMonths(currentStart, -1) ? null : theDaysBefore(previousStart, previousEnd);
}
