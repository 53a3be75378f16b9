/**
 * The spans `costlens explain` compares, and the span before one: a month's full bill, a run of
 * charge days, and month to date against the same days of the month before (the rule the Overview's
 * month-to-date chart names too). spans.ts resolves --from and --to into two of them.
 */
import { addDays, addMonths, daySpan, daysBetween, daysInMonth, monthEnd, monthLabel, monthStart } from '../../lib/calendar.ts';
import { plural } from '../../lib/text.ts';
import type { AttributionRange } from '../attribution/index.ts';
import type { BillingDaySpan } from '../billing-calendar.ts';

/** One span of a comparison. */
export interface ExplainSpan {
  /** `month`: lines of one billing period (the full bill); `days`: lines charged on the days. */
  kind: 'month' | 'days';
  /** First and last day covered, both included. */
  first: string;
  last: string;
  days: number;
  /** How output names it: `Nov 2018 (full bill, 30 days)`, `1–14 Nov 2018 (14 days)`. */
  label: string;
  /** Query bounds: billing bounds for a month, charge bounds for days (half-open). */
  range: AttributionRange;
}

/** A month span: the billing period's full bill. */
export function monthSpan(period: string): ExplainSpan {
  const first = `${period}-01`;
  const last = monthEnd(first);
  const days = daysInMonth(first);
  return { kind: 'month', first, last, days, label: `${monthLabel(period)} (full bill, ${days} days)`, range: { billingFrom: first, billingTo: addMonths(first, 1) } };
}

/** A span of charge days, both included. */
export function daysSpan(first: string, last: string): ExplainSpan {
  const days = daysBetween(first, last) + 1;
  return { kind: 'days', first, last, days, label: `${daySpan(first, last)} (${plural(days, 'day')})`, range: { chargeFrom: first, chargeTo: addDays(last, 1) } };
}

/** The span right before `span` with as many days: the previous month, the same days of the previous month for month to date, else the preceding days. */
export function previousSpan(span: ExplainSpan, data: BillingDaySpan): ExplainSpan {
  if (span.kind === 'month') return monthSpan(addMonths(span.first, -1).slice(0, 7));
  const monthToDate = span.first === monthStart(span.first) && span.last === data.lastDay && span.last.slice(0, 7) === span.first.slice(0, 7);
  return monthToDate ? sameDaysOfMonthBefore(span) : daysJustBefore(span);
}

/**
 * Month to date as of `asOf` and the span it is compared with, as {@link previousSpan} takes them
 * and queries/calendar/month_to_date_spans.cte.sql bounds them (each span's `range`, half-open):
 * this month's days through `asOf`, and the same days of the month before, or, when the month
 * before has fewer days than this month holds, as many days just before this month.
 */
export function monthToDateSpans(asOf: string): { current: ExplainSpan; previous: ExplainSpan } {
  const current = daysSpan(monthStart(asOf), asOf);
  return { current, previous: sameDaysOfMonthBefore(current) };
}

/** For month to date: the same days of the month before, or as many days just before the month when the month before is shorter. */
function sameDaysOfMonthBefore(span: ExplainSpan): ExplainSpan {
  const first = addMonths(span.first, -1);
  return span.days <= daysInMonth(first) ? daysSpan(first, addDays(first, span.days - 1)) : daysJustBefore(span);
}

/** As many days as `span` just before it. */
function daysJustBefore(span: ExplainSpan): ExplainSpan {
  return daysSpan(addDays(span.first, -span.days), addDays(span.first, -1));
}

