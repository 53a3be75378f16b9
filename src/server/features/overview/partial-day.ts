/**
 * The partial day that ends the days the store holds of this month up to the Overview's as-of day:
 * the day after the store's data horizon whose usage does not reach midnight (the legacy CUR of Nov
 * 2023 alone: 14 Nov, usage to 04:00; billSpan's `lastUsageDay`), or the partial day of a delivery that
 * has ended (ended-delivery.ts endedPartialDays: the same 14 Nov beside the FOCUS sample of Sept 2024),
 * when the store holds no day after it up to as-of. Usage is compared over complete days only, so the
 * Overview compares the days before it and names it, in the one wording of a partial day
 * (partialDayWords; `forecast` says `13 of 30 days complete and 1 partial (2023-11-14)`): as of 20 Nov
 * 2023 it counted 14 Nov's $0.0091 of usage in a card of `1–13 Nov 2023 (13 days)`, or called the
 * day complete, `1–14 Nov 2023 (14 days)`.
 */
import type { BillingDaySpan } from '../../../analyze/billing-day-span.ts';
import { endedPartialDays, partialDayWords } from '../../../analyze/ended-delivery.ts';
import type { SourceSpans } from '../../../analyze/source-spans.ts';
import { addDays, shortDay } from '../../../lib/calendar.ts';
import { daysHeldOf, type StoreDays } from '../../../lib/store-days.ts';

/** A partial day and why it is partial: `partial day (the data of aws/123412340534 ends on 13 Nov 2023)`. */
export interface PartialDay {
  day: string;
  words: string;
}

/**
 * The partial day ending this month's days up to `asOf` (after `monthStart`, at most `asOf`, and no
 * day the store holds after it up to `asOf`), or null when none does. `span` is the store's
 * (billSpan: a horizon held back by a lagging delivery has complete days of others after it, so its
 * next day is not taken as partial); `deliveries`, the store's deliveries.
 */
export function partialDayEndingMonth(span: BillingDaySpan | undefined, deliveries: Pick<SourceSpans, 'ended' | 'sourcesOf'> | undefined,
  days: { monthStart: string; asOf: string; store: StoreDays | undefined }): PartialDay | null {
  const { monthStart, asOf, store } = days;
  const candidates: PartialDay[] = [
    ...span && !span.heldBack && !span.wholeBillsOnly && span.lastUsageDay && span.lastUsageDay > span.lastDay
      ? [{ day: span.lastUsageDay, words: `partial day (the data ends on ${shortDay(span.lastDay, true)}, the data horizon)` }] : [],
    ...(deliveries ? endedPartialDays(deliveries) : []).map((p) => ({ day: p.day, words: partialDayWords(p) })),
  ];
  return candidates.find((p) => p.day > monthStart && p.day <= asOf && (p.day === asOf || daysHeldOf(addDays(p.day, 1), asOf, store).runs.length === 0)) ?? null;
}

/** `14 Nov 2023 is a partial day (the data ends on 13 Nov 2023, the data horizon): not all of its usage is in the store, so it is not compared.` */
export function partialDaySentence(p: PartialDay): string {
  return `${shortDay(p.day, true)} is a ${p.words}: not all of its usage is in the store, so it is not compared.`;
}
