/**
 * The calendar of billing data, shared by anomalies, forecast and unit cost: UTC day arithmetic
 * on `YYYY-MM-DD` strings, the span of charge days in the store, provisional days, and money
 * formatting for output.
 */
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a `YYYY-MM-DD` day given by a user; the error names the flag. */
export function parseDay(flag: string, value: string): string {
  if (!ISO_DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new CostlensError('usage', `--${flag} must be a day YYYY-MM-DD; got "${value}"`);
  }
  return value;
}

/** The day `n` days after `day` (before, for negative n). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
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

/** The Monday of the ISO week containing `day`. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The charge days of the billing data in the store. */
export interface BillingDaySpan {
  firstDay: string;
  lastDay: string;
}

/** Reads the span of charge days in the store; a store without billing data is a not_found error. */
export async function billingDaySpan(engine: Engine): Promise<BillingDaySpan> {
  const { rows } = await engine.run('trends/billing_day_span');
  const row = rows[0];
  if (!row?.first_day || !row.last_day) {
    throw new CostlensError('not_found', 'the store holds no billing data', { hint: 'ingest a CUR, CUR 2.0 or FOCUS export first: costlens ingest PATH' });
  }
  return { firstDay: row.first_day, lastDay: row.last_day };
}

/**
 * Resolves the as-of day: the given one, else the latest charge day in the store. As-of must
 * lie within the billing data, else a usage error saying where the data lies.
 */
export function resolveAsOf(asOf: string | undefined, span: BillingDaySpan): string {
  if (asOf === undefined) return span.lastDay;
  if (asOf < span.firstDay || asOf > span.lastDay) {
    throw new CostlensError('usage', `--as-of ${asOf} is outside the billing data in the store (${span.firstDay} to ${span.lastDay})`, {
      hint: `give a day from ${span.firstDay} to ${span.lastDay}, or leave --as-of out for the latest (${span.lastDay})`,
    });
  }
  return asOf;
}

/**
 * The first provisional day: the last `provisionalDays` days of billing data in the store
 * (up to its latest charge day) are provisional, as AWS restates them. Null when none are.
 */
export function firstProvisionalDay(span: BillingDaySpan, provisionalDays: number): string | null {
  return provisionalDays > 0 ? addDays(span.lastDay, -(provisionalDays - 1)) : null;
}

/** Money for output: 6 decimal places (totals reconcile to the store to 1e-6), never "-0.000000". */
export function formatMoney(value: number): string {
  const text = value.toFixed(6);
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}

/** Parses a money or quantity cell of a query result (NULL → 0). */
export function numberOf(cell: string | null | undefined): number {
  return cell === null || cell === undefined ? 0 : Number(cell);
}
