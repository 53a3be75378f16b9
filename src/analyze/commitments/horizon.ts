/**
 * What a commitments run reads of the store's calendar, once per run (the command's default period
 * is chosen from it too): the data horizon the expiry windows and the advice count from, the
 * store's span of charge days, what a store without daily usage holds, and where its usage ends in
 * each billing period (the point at which queries/commitments/utilisation_until.sql cuts an RIFee
 * the data does not complete, passed to it as `data_ends_at` so that it does not scan line_items for
 * it), and the gaps between its billing periods (days no period covers: a month never ingested
 * between two that were); and, in a store of several deliveries (source-spans.ts), the span each
 * billing period is judged against: its own delivery's, not the store's latest data.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import type { AttributionRange } from '../attribution/index.ts';
import { type BillingDaySpan, billSpanOf } from '../billing-calendar.ts';
import { addDays, addMonths, type DayRun } from '../../lib/calendar.ts';
import { gapsBetween, type StoreDays } from '../../lib/store-days.ts';
import { pluralNoun } from '../../lib/text.ts';
import type { WholeBillsOnly } from '../monthly-bills.ts';
import { sameDelivery } from '../fees-delivery.ts';
import { endedWords, notCompleteWords, readSourceSpans, type SourceSpans } from '../source-spans.ts';

/** Where the usage of one billing period ends: the latest end of its usage lines of at most a day (`YYYY-MM-DD HH:MM:SS`). */
export interface UsageEnd {
  /** Its BillingPeriodStart (`YYYY-MM-DD HH:MM:SS`). */
  billingPeriod: string;
  end: string;
}

/** The store's calendar as commitments read it. */
export interface CommitmentsCalendar {
  /** `YYYY-MM-DD`: the data horizon; in a store without daily usage, the last day of its last complete bill. */
  horizon: string;
  /** In a store without daily usage, what it holds; else null. */
  bills: WholeBillsOnly | null;
  /** The store's first charge day; null when unknown. */
  firstDay: string | null;
  /** The latest day holding any line (default: the horizon). */
  lastChargeDay: string;
  /** Per billing period holding usage of at most a day, where it ends (queries/commitments/data_horizon.sql). */
  usageEnds: UsageEnd[];
  /** The runs of days between the store's billing periods that none covers (lib/store-days.ts, gapsBetween). */
  gaps: DayRun[];
  /** The store's span of charge days as billing-calendar.ts's billSpan reads it (a store without daily usage: its bills'). */
  span: BillingDaySpan;
  /** The span each billing period is judged against (readSourceSpans: its own delivery's; the store's `span` in a store of one). */
  spans: SourceSpans;
}

/** What a store's billing data covers (billing-calendar.ts's storeDays), from a calendar read once. */
export function calendarStoreDays(calendar: Pick<CommitmentsCalendar, 'span' | 'gaps'>): StoreDays {
  return { firstDay: calendar.span.firstDay, gaps: calendar.gaps };
}

/**
 * Reads the calendar, each query once and in parallel: queries/commitments/data_horizon.sql (the
 * horizon, the day before the UTC day on which the latest usage line of at most a day ends; and each
 * billing period's end of usage), queries/calendar/data_horizon.sql (the store's span, billSpanOf:
 * its first and last charge days; in a store without daily usage what makes its bill span, read
 * then from calendar/bills_by_class) and queries/calendar/billing_period_days.sql (the days each
 * billing period covers, for the gaps between them), then each delivery's span (readSourceSpans). An
 * empty store is the not_found error "the store holds no billing data".
 */
export async function readCommitmentsCalendar(engine: Engine): Promise<CommitmentsCalendar> {
  const [periods, [calendar], periodDays] = await Promise.all([
    runQuery(engine, 'commitments/data_horizon'), runQuery(engine, 'calendar/data_horizon'), runQuery(engine, 'calendar/billing_period_days'),
  ]);
  const span = await billSpanOf(engine, calendar);
  const daily = latest(periods.map((p) => p.horizon));
  // A lagging delivery holding the store's horizon back (source-spans.ts, heldBackSpan) holds the commitments' back too.
  const { horizon, bills } = daily && !span.heldBack ? { horizon: daily.slice(0, 10), bills: null } : { horizon: span.lastDay, bills: span.wholeBillsOnly ?? null };
  const usageEnds = periods.flatMap((p) => (p.billing_period && p.latest_end ? [{ billingPeriod: p.billing_period, end: p.latest_end }] : []));
  const gaps = gapsBetween(periodDays.map((p) => ({ first: p.first_day!, last: p.last_day! })));
  const spans = await readSourceSpans(engine, span);
  return { horizon, bills, firstDay: calendar?.first_day ?? null, lastChargeDay: calendar?.last_charge_day ?? horizon, usageEnds, gaps, span, spans };
}

/** The data a billing period's or a range's days are judged on, in a store of several deliveries: its horizon and the sources it is of. */
export interface PeriodData {
  /** `YYYY-MM-DD`: the data horizon of the period's own delivery, or of the range's (source-spans.ts). */
  horizon: string;
  /** The sources of that delivery (provider/billing account), sorted. */
  sources: string[];
  /**
   * Of a range of charge days, the other billing periods it reaches that their own delivery does not
   * complete inside it (source-spans.ts, notCompleteIn), each in words: `2023-11 is not complete: the
   * data of aws/123412340534 ends on 2023-11-13`; absent when none.
   */
  notComplete?: string[];
}

/**
 * Whose data the days of a billing period or a range are judged on ({@link PeriodData}), the one wording
 * of `costlens commitments`' period line and the Commitments page: `the data of aws/836060457634, its
 * source` (`…, its sources` of several).
 */
export function ownDataWords(own: Pick<PeriodData, 'sources'>): string {
  return `the data of ${own.sources.join(', ')}, ${pluralNoun(own.sources.length, 'its source', 'its sources')}`;
}

/**
 * The billing periods a range of charge days (`range`, with an end) reaches that their own delivery does
 * not complete inside it, but for those of the delivery its days are judged on (`own`, ownSpanOf's: the
 * range's words say where its data ends already), in words ({@link PeriodData.notComplete}):
 * `commitments --from 2018-11-01 --to 2024-09-30` names 2023-11 as `invoice` with the same flags does;
 * of a billing period, the deliveries of fees only beside `own` whose bill of it is not invoiced yet (the
 * legacy CUR's 2023-11 beside another account's RI fees without an InvoiceId). A delivery is told by its
 * sources (fees-delivery.ts, sameDelivery), not by the span object: a bill whose first day another
 * delivery moves back is a copy of its delivery's span. Empty for an open end, a store of one delivery.
 */
export function periodsNotComplete(calendar: Pick<CommitmentsCalendar, 'span' | 'spans'>, range: AttributionRange, own: BillingDaySpan): string[] {
  const [first, end] = range.billingFrom !== undefined ? [range.billingFrom, range.billingTo] : [range.chargeFrom ?? calendar.span.firstDay, range.chargeTo];
  if (end === undefined) return [];
  return calendar.spans.notCompleteIn(first, addDays(end, -1))
    .filter(({ span }) => !sameDelivery(calendar.spans, span, own))
    .map(({ period, span }) => notCompleteWords(calendar.spans, period, span));
}

/**
 * The span the days of `range` are judged against in a store of several deliveries: a billing period's
 * (billing bounds: the month its last day is in) own delivery's (source-spans.ts, ofBill), as `status`
 * and `invoice` judge it, so that the legacy CUR's 2023-11, beside the FOCUS sample of Sept 2024, is
 * not complete (its data ends on 13 Nov 2023) as in a store of its file alone; a range of charge days
 * with an end, that of the latest billing period it reaches (ofRange), so that 1–14 Nov 2023 is not
 * complete either. Null for a range with an open end (it runs to the store's horizon), a store of one
 * delivery and a period or range the spans do not know: the store's horizon then, as before.
 */
export function ownSpanOf(calendar: Pick<CommitmentsCalendar, 'span' | 'spans'>, range: AttributionRange): BillingDaySpan | null {
  const own = range.billingFrom !== undefined && range.billingTo !== undefined ? calendar.spans.ofBill(addDays(range.billingTo, -1).slice(0, 7))
    : range.chargeTo !== undefined ? calendar.spans.ofRange(range.chargeFrom ?? calendar.span.firstDay, addDays(range.chargeTo, -1))
    : calendar.span;
  return own === calendar.span ? null : own;
}

/**
 * The deliveries that have ended inside the days of `range` (a billing period, or charge days; an open end runs to the
 * store's data horizon) whose data ends inside them, before their last day, each in source-spans.ts's words (endedWords): `Nov 2018 holds the data of aws/836060457634 only
 * through 13 Nov 2018, where it ends (…: that delivery has ended)`. Their figures stop there while the others' run
 * on, so those days are not complete (days.ts, coveredDays's `ended`). Empty when none does.
 */
export function endedInsideWords(calendar: Pick<CommitmentsCalendar, 'span' | 'spans'>, range: AttributionRange): string[] {
  const isPeriod = range.billingFrom !== undefined && range.billingTo !== undefined;
  const first = isPeriod ? range.billingFrom! : (range.chargeFrom ?? calendar.span.firstDay);
  const last = addDays(isPeriod ? range.billingTo! : (range.chargeTo ?? addDays(calendar.span.lastDay, 1)), -1);
  const words: string[] = [];
  for (let month = `${first.slice(0, 7)}-01`; month <= last; month = addMonths(month, 1)) {
    words.push(...endedWords(calendar.spans, month.slice(0, 7), { first, last }));
  }
  return words;
}

/** `data_ends_at` when the billing periods read hold no usage line of at most a day: no RIFee hour is cut. */
export const NO_DATA_END = '9999-12-31 00:00:00';

/**
 * commitments/utilisation_until's `data_ends_at` for a range: where the usage of the billing periods
 * it reads ends (the latest end among them; all periods for a range of charge days), as
 * commitments/utilisation reads it itself; {@link NO_DATA_END} when those periods hold no usage line
 * of at most a day.
 */
export function dataEndParam(usageEnds: readonly UsageEnd[], range: Pick<AttributionRange, 'billingFrom' | 'billingTo'> = {}): { data_ends_at: string } {
  const from = range.billingFrom === undefined ? null : `${range.billingFrom} 00:00:00`;
  const to = range.billingTo === undefined ? null : `${range.billingTo} 00:00:00`;
  const end = latest(usageEnds.filter((u) => (from === null || u.billingPeriod >= from) && (to === null || u.billingPeriod < to)).map((u) => u.end));
  return { data_ends_at: end ?? NO_DATA_END };
}

/** The latest of timestamps or days in one text form (they sort as text), or null. */
function latest(values: readonly (string | null)[]): string | null {
  return values.reduce<string | null>((best, v) => (v !== null && (best === null || v > best) ? v : best), null);
}
