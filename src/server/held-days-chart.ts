/**
 * A page's monthly chart (Storage, Data transfer) over the days the store holds of its months: its
 * days and caption from daysHeldOf / daysHeldWords (src/lib/store-days.ts), its lighter bars named by
 * the months held only in part, wherever a gap cuts them (lighterBarsNote), as its rows draw them
 * (their query's days: queries/calendar/month_days_in_store.cte.sql).
 */
import { lighterBarsNote } from '../analyze/month-names.ts';
import { addDays } from '../lib/calendar.ts';
import { type DaysHeld, daysHeldWords } from '../lib/store-days.ts';
import { chartFigure, type Html } from './html/index.ts';

/**
 * Chart `name` over the days the store holds of a span (`held`, daysHeldOf's): drawn from the first
 * held day to the last (over `span`, half-open, when it holds none), with `params`, and captioned
 * `${what}, ${the days held} (why the others are not). ${lighter bars}`: `Monthly storage billed cost
 * by service, 1–14 Nov 2023 and 1–30 Sep 2024 (the store holds no billing data from 1 Dec 2018 to 31
 * Oct 2023 and from 15 Nov 2023 to 31 Aug 2024). Lighter bars: part of a month (1–14 Nov 2023).`;
 * `…, no data (…).` when it holds none.
 */
export function heldDaysChart(name: string, what: string, held: DaysHeld, span: { from: string; to: string }, params: Record<string, string>): Html {
  const [first, last] = [held.runs[0]?.first, held.runs.at(-1)?.last];
  const drawn = first && last ? { from: first, to: addDays(last, 1) } : span;
  const bars = held.runs.length ? ` ${lighterBarsNote(held.runs)}` : '';
  return chartFigure(name, { ...drawn, ...params }, `${what}, ${daysHeldWords(held)}.${bars}`);
}
