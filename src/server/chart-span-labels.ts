/**
 * The days a month-to-date chart compares, in its own words: a spec of `dashboards/` may write
 * `{{current_days}}` and `{{previous_days}}` in its title, series names and legend, and the bound
 * spec names the spans its query compared as of its `as_of` (`1–6 Dec 2026`, `1–6 Nov 2026`), as
 * the Overview's caption and cards do; a fixed text ("days of this month", "as many days before")
 * named no day.
 */
import { monthToDateSpans } from '../analyze/explain/index.ts';
import { addDays, daySpan, isIsoDay } from '../lib/calendar.ts';
import { ascending } from '../lib/order.ts';
import { daysNotInStore, type DaysNotInStore, type StoreDays } from '../lib/store-days.ts';
import { capitalised } from '../lib/text.ts';

/**
 * The spec with `{{current_days}}` and `{{previous_days}}` replaced, in every string it holds, by
 * the spans compared as of `params.as_of` (its query's parameters as run); a spec without them, or
 * parameters without a day, is returned as it is. Given the store's days (`store`), a span it names with days
 * it does not hold, whose bars are left out (its query gives them no cost), is said under the title
 * ({@link notInStoreLines}), as the Overview says "no data" of them, not drawn as if it spent nothing.
 */
export function withSpanLabels(spec: Record<string, unknown>, params: Record<string, unknown>, store?: StoreDays): Record<string, unknown> {
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
  const filled = fill(spec) as Record<string, unknown>;
  // Only the spans the spec names draw bars (a chart of this month's days alone names no compared span).
  const named = JSON.stringify(spec).includes('{{previous_days}}') ? [current, previous] : [current];
  const missing = named.map((span) => daysNotInStore(span.first, addDays(span.last, 1), store)).filter((m): m is DaysNotInStore => m !== null);
  if (missing.length === 0 || typeof filled.title !== 'string') return filled;
  return { ...filled, title: { text: filled.title, subtitle: notInStoreLines(missing) } };
}

/**
 * What a month-to-date chart says under its title of the days of its spans the store does not hold:
 * `No data for 1–15 Feb 2024 or 1–15 Mar 2024.` and why, `The store holds no billing data on 15 Nov
 * 2023 – 31 Aug 2024.` (one pair per reason), and, when both spans draw bars but not of all their
 * days, that they are not compared.
 */
function notInStoreLines(missing: DaysNotInStore[]): string[] {
  const lines: string[] = [];
  // Oldest days first: the compared span's, then this month's.
  const runs = missing.flatMap((m) => m.runs.map((run) => ({ ...run, why: m.why }))).sort((a, b) => ascending(a.first, b.first));
  for (const why of new Set(runs.map((r) => r.why))) {
    lines.push(`No data for ${runs.filter((r) => r.why === why).map((r) => daySpan(r.first, r.last)).join(' or ')}.`, `${capitalised(why)}.`);
  }
  if (missing.every((m) => !m.all)) lines.push('Not compared: a day not in the store is not a day of no spend.');
  return lines;
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
