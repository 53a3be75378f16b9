import type { QueryRunner } from './query-service.ts';

/**
 * The days a dashboard is about, worked out from the clock and the data: `as_of` is the last
 * charge day in the store (or today, when the data runs past it or there is none), and the rest
 * follow from it. Chart specs refer to these as `{{name}}` in their parameters.
 */
export interface ReportContext {
  /** The clock's date, UTC: provisional periods are judged against it. */
  today: string;
  /** The last day shown: the last charge day in the store, at most today. */
  as_of: string;
  /** The day after as_of: the exclusive end of "up to as_of". */
  as_of_next: string;
  /** The first day of as_of's month. */
  month_start: string;
  /** The first day of the month before as_of's. */
  prev_month_start: string;
  /** The first and last charge day in the store; undefined when it has no line items. */
  first_day?: string;
  last_day?: string;
  /** When the last successful ingest of line items finished (UTC, as the store prints it). */
  last_ingest?: string;
  /** Line items in the store. */
  lines: number;
}

/** The names a chart's parameters may use as `{{name}}`. */
export const CONTEXT_NAMES = ['today', 'as_of', 'as_of_next', 'month_start', 'prev_month_start'] as const;

/** Reads the data range (one cached query) and derives the context for `now`. */
export async function reportContext(run: QueryRunner, now: Date): Promise<ReportContext> {
  const range = await run('overview/data_range');
  const [first_day, last_day, lines, last_ingest] = range.rows[0] ?? [];
  return contextFor(now.toISOString().slice(0, 10), { first_day: first_day ?? undefined, last_day: last_day ?? undefined, last_ingest: last_ingest ?? undefined, lines: Number(lines ?? 0) });
}

/** The context for a given today and data range (pure: tests and pages can call it directly). */
export function contextFor(today: string, data: Pick<ReportContext, 'first_day' | 'last_day' | 'last_ingest' | 'lines'>, asOf?: string): ReportContext {
  const as_of = asOf ?? (data.last_day && data.last_day < today ? data.last_day : today);
  const [y, m] = as_of.split('-').map(Number);
  return {
    today,
    as_of,
    as_of_next: addDays(as_of, 1),
    month_start: isoDate(Date.UTC(y, m - 1, 1)),
    prev_month_start: isoDate(Date.UTC(y, m - 2, 1)),
    first_day: data.first_day,
    last_day: data.last_day,
    last_ingest: data.last_ingest,
    lines: data.lines,
  };
}

/** `YYYY-MM-DD` plus n days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return isoDate(Date.UTC(y, m - 1, d + n));
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
