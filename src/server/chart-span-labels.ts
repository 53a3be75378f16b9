/**
 * The days a month-to-date chart compares, in its own words: a spec of `dashboards/` may write
 * `{{current_days}}` and `{{previous_days}}` in its title, series names and legend, and the bound
 * spec names the spans its query compared as of its `as_of` (`1–6 Dec 2026`, `1–6 Nov 2026`), as
 * the Overview's caption and cards do; a fixed text ("days of this month", "as many days before")
 * named no day.
 */
import { addDays, addMonths, daysInMonth, daySpan, earlierDay, isIsoDay, monthStart } from '../lib/calendar.ts';

/** A half-open span of days. */
export interface DaySpan {
  start: string;
  end: string;
}

/**
 * The two equal spans month to date as of `asOf` compares, as queries/calendar/month_to_date_spans.cte.sql
 * takes them: this month's days through `asOf`, and the same days of the month before, or, when
 * the month before has fewer days than this month holds, as many days just before this month.
 */
export function monthToDateSpans(asOf: string): { current: DaySpan; previous: DaySpan } {
  const currentStart = monthStart(asOf);
  const previousMonthStart = addMonths(currentStart, -1);
  const lastOfMonthBefore = daysInMonth(previousMonthStart);
  const over = Number(asOf.slice(8, 10)) - lastOfMonthBefore;
  const previousStart = over >= 1 && over <= 3 ? addDays(previousMonthStart, -over) : previousMonthStart;
  // asOf − 1 month (the month before's last day when it has no such day), + 1 day; never past this month's first.
  const sameDayBefore = `${previousMonthStart.slice(0, 8)}${String(Math.min(Number(asOf.slice(8, 10)), lastOfMonthBefore)).padStart(2, '0')}`;
  return {
    current: { start: currentStart, end: addDays(asOf, 1) },
    previous: { start: previousStart, end: earlierDay(addDays(sameDayBefore, 1), currentStart) },
  };
}

/** `1–6 Dec 2026` for a half-open span. */
function spanText(span: DaySpan): string {
  return daySpan(span.start, addDays(span.end, -1));
}

/**
 * The spec with `{{current_days}}` and `{{previous_days}}` replaced, in every string it holds, by
 * the spans compared as of `params.as_of` (its query's parameters as run); a spec without them, or
 * parameters without a day, is returned as it is.
 */
export function withSpanLabels(spec: Record<string, unknown>, params: Record<string, unknown>): Record<string, unknown> {
  const asOf = typeof params.as_of === 'string' ? params.as_of.slice(0, 10) : '';
  if (!isIsoDay(asOf) || !JSON.stringify(spec).includes('{{current_days}}')) return spec;
  const spans = monthToDateSpans(asOf);
  const labels: Record<string, string> = { current_days: spanText(spans.current), previous_days: spanText(spans.previous) };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/\{\{(current_days|previous_days)\}\}/g, (_, name: string) => labels[name]);
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, fill(v)]));
    return value;
  };
  return fill(spec) as Record<string, unknown>;
}

/**
 * A chart's title as `GET /api/charts` lists it: its `{{current_days}}` and `{{previous_days}}`
 * filled as its spec is for the page ({@link withSpanLabels}, as of `params.as_of`); without a day
 * to fill them from (a store without data), in words ("this month's days against as many days of
 * the month before"), never the placeholders themselves.
 */
export function listedTitle(title: string, params: Record<string, unknown>): string {
  const filled = withSpanLabels({ title }, params).title as string;
  return filled.replace('{{current_days}}', "this month's days").replace('{{previous_days}}', 'as many days of the month before');
}
