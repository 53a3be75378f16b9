/**
 * The days a month-to-date chart compares, in its own words: a spec of `dashboards/` may write
 * `{{current_days}}` and `{{previous_days}}` in its title, series names and legend, and the bound
 * spec names the spans its query compared as of its `as_of` (`1–6 Dec 2026`, `1–6 Nov 2026`), as
 * the Overview's caption and cards do; a fixed text ("days of this month", "as many days before")
 * named no day.
 */
import { monthToDateSpans } from '../analyze/explain/index.ts';
import { daySpan, isIsoDay } from '../lib/calendar.ts';

/**
 * The spec with `{{current_days}}` and `{{previous_days}}` replaced, in every string it holds, by
 * the spans compared as of `params.as_of` (its query's parameters as run); a spec without them, or
 * parameters without a day, is returned as it is.
 */
export function withSpanLabels(spec: Record<string, unknown>, params: Record<string, unknown>): Record<string, unknown> {
  const asOf = typeof params.as_of === 'string' ? params.as_of.slice(0, 10) : '';
  if (!isIsoDay(asOf) || !JSON.stringify(spec).includes('{{current_days}}')) return spec;
  const { current, previous } = monthToDateSpans(asOf);
  const labels: Record<string, string> = { current_days: daySpan(current.first, current.last), previous_days: daySpan(previous.first, previous.last) };
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
