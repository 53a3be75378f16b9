/**
 * Percentages, hours and other quantities (GB-months) as a terminal table's cells: each rounded once
 * for display, half away from zero on the exact decimal (src/lib/money.ts `roundDecimal`, as DuckDB's
 * `round(x, 2)`), never through binary `toFixed`. Percentages keep two decimals on every row
 * (`75.00`, `0.00`, `100.00`); quantities two decimals at most, trailing zeros dropped, with
 * thousands separators (`2,396.98`, `720`). csv and json keep the exact figures: only terminal
 * tables go through here (`costlens commitments`, `costlens kpi`).
 */
import { groupedDecimal, roundDecimal, withoutTrailingZeros } from './money.ts';

/** A percentage (a number of a report, two decimals at most) with two decimals: `75.00`, `89.29`; null stays null (a blank cell). */
export function percentCell(value: number | null): string | null {
  return value === null ? null : roundDecimal(String(value), 2);
}

/**
 * A percentage held as a number (a share, a threshold, a utilisation), as the pages and the e-mail
 * write one: `%` straight after, `decimals` places rounded half away from zero on its decimal text
 * (`18.2%`, `88.05%`), all its digits when `decimals` is not given (a threshold `100%`), `−` for a
 * negative that does not round to zero (never `−0.0%`).
 */
export function percentText(value: number, decimals?: number): string {
  const body = decimals === undefined ? String(Math.abs(value)) : roundDecimal(String(Math.abs(value)), decimals);
  return value < 0 && /[1-9]/.test(body) ? `−${body}%` : `${body}%`;
}

/** A decimal as text rounded to two decimals at most, trailing zeros dropped, with thousands separators: `2,396.98`, `720`, `-1,196.1`. */
export function quantityText(value: number | string): string {
  return groupedDecimal(withoutTrailingZeros(roundDecimal(String(value), 2)));
}

/** Hours for people: two decimals at most, with thousands separators and the unit, `2,880 h`, `335.32 h`; null stays null. */
export function hoursCell(hours: number | null): string | null {
  return hours === null ? null : `${quantityText(hours)} h`;
}
