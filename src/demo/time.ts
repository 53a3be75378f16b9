/** UTC date helpers for billing periods and the generation window. */

const HOUR = 3_600_000;

/** One billing period (calendar month, UTC). */
export interface Period {
  /** `YYYY-MM`. */
  key: string;
  index: number;
  start: Date;
  end: Date;
  /** First hour index (from the window start) of the period. */
  startHour: number;
  /** Hours of the period that fall inside the generation window. */
  windowHours: number;
  hoursInMonth: number;
  daysInMonth: number;
}

/** The generation window: whole months before as-of, plus the current month up to as-of. */
export interface Window {
  start: Date;
  /** Exclusive end: as-of at 00:00 UTC (usage up to the end of the day before). */
  end: Date;
  hours: number;
  periods: Period[];
}

/** Parses `YYYY-MM-DD` as a UTC midnight, or throws with a readable message. */
export function parseIsoDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`expected a date as YYYY-MM-DD, got "${text}"`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new Error(`not a calendar date: "${text}"`);
  }
  return d;
}

/** `YYYY-MM-DD` of a UTC date. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `2026-09-01T00:00:00Z`. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20260901T000000.000Z` (legacy CUR manifest billingPeriod). */
export function compactTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '');
}

/** `20260901` (legacy CUR folder names). */
export function compactDate(d: Date): string {
  return isoDate(d).replace(/-/g, '');
}

/** First day of the month `offset` months from the month of `d`. */
export function monthStart(d: Date, offset = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
}

/** Builds the window of `months` billing periods ending with the month containing `asOf`. */
export function buildWindow(asOf: Date, months: number): Window {
  const start = monthStart(asOf, -(months - 1));
  const end = asOf;
  const hours = Math.round((end.getTime() - start.getTime()) / HOUR);
  const periods: Period[] = [];
  for (let i = 0; i < months; i++) {
    const pStart = monthStart(start, i);
    const pEnd = monthStart(start, i + 1);
    const hoursInMonth = Math.round((pEnd.getTime() - pStart.getTime()) / HOUR);
    const startHour = Math.round((pStart.getTime() - start.getTime()) / HOUR);
    const windowHours = Math.max(0, Math.min(hoursInMonth, hours - startHour));
    periods.push({
      key: isoDate(pStart).slice(0, 7),
      index: i,
      start: pStart,
      end: pEnd,
      startHour,
      windowHours,
      hoursInMonth,
      daysInMonth: hoursInMonth / 24,
    });
  }
  return { start, end, hours, periods };
}

/** Adds hours to a date. */
export function addHours(d: Date, h: number): Date {
  return new Date(d.getTime() + h * HOUR);
}
