/**
 * The charge days of each billing period's lines: a billing period's days are its month and any day
 * before or after it that its lines are charged on (the FOCUS 1.0 sample's one Oracle line of
 * billing period 2024-10, charged on 30 Sep 2024). invoice-days.ts reads a selection against them,
 * and so does attribution/posted.ts (whether a range cuts a period), which is why they stand alone.
 */
import type { Engine } from '../engine/engine.ts';
import { type QueryRowTypes, runQuery } from '../engine/query-types.ts';
import { type DayRun, earlierDay, laterDay, monthEnd } from '../lib/calendar.ts';
import { gapsBetween } from '../lib/store-days.ts';

/** The first and last charge day of the lines of each billing period (`YYYY-MM`) in the store, from every source. */
export type ChargedDays = ReadonlyMap<string, { first: string; last: string }>;

/** {@link ChargedDays} of the store (queries/calendar/billing_period_days.sql: each period's runs of charge days). */
export async function readChargedDays(engine: Engine): Promise<ChargedDays> {
  return chargedDaysOf(await runQuery(engine, 'calendar/billing_period_days'));
}

/** The charge days of each billing period's lines and the store's gaps (days no billing period covers: lib/store-days.ts gapsBetween). */
export interface PeriodDays {
  charged: ChargedDays;
  gaps: readonly DayRun[];
}

/** {@link PeriodDays} of the store, from one read of queries/calendar/billing_period_days.sql. */
export async function readPeriodDays(engine: Engine): Promise<PeriodDays> {
  const rows = await runQuery(engine, 'calendar/billing_period_days');
  return { charged: chargedDaysOf(rows), gaps: gapsBetween(rows.map((p) => ({ first: p.first_day!, last: p.last_day! }))) };
}

/** {@link ChargedDays} from the rows of queries/calendar/billing_period_days.sql a caller has read already. */
export function chargedDaysOf(rows: readonly QueryRowTypes['calendar/billing_period_days'][]): ChargedDays {
  const days = new Map<string, { first: string; last: string }>();
  for (const row of rows) {
    if (row.billing_period === null || row.first_day === null || row.last_day === null) continue;
    const held = days.get(row.billing_period);
    days.set(row.billing_period, held ? { first: earlierDay(held.first, row.first_day), last: laterDay(held.last, row.last_day) } : { first: row.first_day, last: row.last_day });
  }
  return days;
}

/**
 * The charge days of billing period `period` (`YYYY-MM`), both included: its month, widened to the
 * days its lines are charged on before or after it (`charged`).
 */
export function billingPeriodDays(period: string, charged: ChargedDays): { first: string; last: string } {
  const month = { first: `${period}-01`, last: monthEnd(`${period}-01`) };
  const lines = charged.get(period);
  return lines ? { first: earlierDay(month.first, lines.first), last: laterDay(month.last, lines.last) } : month;
}
