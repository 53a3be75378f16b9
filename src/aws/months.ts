/** UTC calendar helpers on `YYYY-MM-DD` strings. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}


/** The first day of the month of `date`. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month after the month of `date`. */
export function nextMonthStart(date: string): string {
  const d = new Date(`${monthStart(date)}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/** Today's UTC date. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The calendar months (YYYY-MM) that [from, to) touches. */
export function monthsTouched(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = monthStart(from); m < to; m = nextMonthStart(m)) out.push(m.slice(0, 7));
  return out;
}
