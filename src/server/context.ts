import { addDays, addMonths, type DayRun, gapsBetween, monthEnd, monthStart, type StoreDays, utcToday } from '../lib/calendar.ts';
import type { QueryRunner } from './query-service.ts';

/**
 * The days a dashboard is about, worked out from the data: `as_of` is the data horizon (the last
 * complete charge day of usage in the store, queries/calendar/data_horizon.sql), never the wall
 * clock; the rest follow from it. Chart specs refer to these as `{{name}}` in their parameters.
 */
export interface ReportContext {
  /** The clock's date, UTC: only invoice status (provisional billing periods) is judged against it. */
  today: string;
  /** The last day shown: the data horizon (or today when the store holds no usage). */
  as_of: string;
  /** The day after as_of: the exclusive end of "up to as_of". */
  as_of_next: string;
  /** The first day of as_of's month. */
  month_start: string;
  /** The first day of the month before as_of's. */
  prev_month_start: string;
  /** The first of the last 30 complete days ending at as_of. */
  last_30_start: string;
  /** The last complete month (YYYY-MM): as_of's month when as_of is its last day, else the one before. */
  last_complete_month: string;
  /** The first and last charge day in the store; undefined when it has no line items. */
  first_day?: string;
  /** The runs of days between them that no billing period covers (gapsBetween). */
  data_gaps: DayRun[];
  last_day?: string;
  /** The data horizon: the last complete charge day of usage; undefined without usage lines. */
  horizon?: string;
  /** When the last successful ingest of line items finished (UTC, as the store prints it). */
  last_ingest?: string;
  /** Line items in the store. */
  lines: number;
}

/** The names a chart's parameters may use as `{{name}}`. */
export const CONTEXT_NAMES = ['today', 'as_of', 'as_of_next', 'month_start', 'prev_month_start', 'last_30_start'] as const;

/** The data range, horizon and billing periods (three cached queries) and the context derived from them. */
export async function reportContext(run: QueryRunner, now: Date): Promise<ReportContext> {
  const [range, horizon, periods] = await Promise.all([run('overview/data_range'), run('calendar/data_horizon'), run('calendar/billing_period_days')]);
  const [first_day, last_day, lines, last_ingest] = range.rows[0] ?? [];
  const horizonDay = horizon.rows[0]?.[horizon.columns.indexOf('horizon')] ?? undefined;
  return contextFor(utcToday(now), {
    first_day: first_day ?? undefined,
    data_gaps: gapsBetween(periods.rows.map((row) => ({ first: row[periods.columns.indexOf('first_day')]!, last: row[periods.columns.indexOf('last_day')]! }))),
    last_day: last_day ?? undefined,
    horizon: horizonDay ?? undefined,
    last_ingest: last_ingest ?? undefined,
    lines: Number(lines ?? 0),
  });
}

/** The context for a given today and data range (pure: tests and pages can call it directly). */
export function contextFor(today: string, data: Pick<ReportContext, 'first_day' | 'last_day' | 'horizon' | 'last_ingest' | 'lines'> & Partial<Pick<ReportContext, 'data_gaps'>>, asOf?: string): ReportContext {
  const as_of = asOf ?? data.horizon ?? (data.last_day && data.last_day < today ? data.last_day : today);
  return {
    today,
    as_of,
    as_of_next: addDays(as_of, 1),
    month_start: monthStart(as_of),
    prev_month_start: addMonths(as_of, -1),
    last_30_start: addDays(as_of, -29),
    last_complete_month: lastCompleteMonth(as_of),
    first_day: data.first_day,
    data_gaps: data.data_gaps ?? [],
    last_day: data.last_day,
    horizon: data.horizon,
    last_ingest: data.last_ingest,
    lines: data.lines,
  };
}

/** The last month whose every day is on or before `day` (YYYY-MM). */
export function lastCompleteMonth(day: string): string {
  return (monthEnd(day) === day ? day : addMonths(day, -1)).slice(0, 7);
}

/**
 * What the store's billing data covers, for daysNotInStore: from its first charge day to the data
 * horizon (the last complete day; the last charge day without usage lines), less its gaps. A day
 * after the horizon is not in the store, so a span reaching past it is not compared as if complete.
 * Undefined when the store holds no billing data.
 */
export function storeDaysOf(context: Pick<ReportContext, 'first_day' | 'data_gaps' | 'horizon' | 'last_day'>): StoreDays | undefined {
  return context.first_day ? { firstDay: context.first_day, gaps: context.data_gaps, lastDay: context.horizon ?? context.last_day } : undefined;
}
