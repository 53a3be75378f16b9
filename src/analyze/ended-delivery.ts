/**
 * What a delivery that has ended (source-spans.ts, SourceSpans.ended: its data horizon more than
 * LAGGING_DAYS days behind the store's latest data) changes where its days are told: the day its
 * data ends is no data horizon (the store's runs on) but where that delivery's data ends, in
 * billing-calendar.ts's words (dataEndsOn's `sources`: `the data of aws/123412340534 ends on 13 Nov
 * 2023`), and its days after that day that hold its lines are partial days, as the store's days after
 * its own horizon are (the legacy CUR's 14 Nov 2023, usage to 04:00, beside the FOCUS sample of Sept 2024).
 */
import { addDays } from '../lib/calendar.ts';
import { dataEndsOn } from './billing-calendar.ts';
import type { BillingDaySpan } from './billing-day-span.ts';
import { sameDelivery } from './fees-delivery.ts';
import type { SourceSpans } from './source-spans.ts';

/**
 * The sources of the delivery whose span is `own` (one of `spans`' ofSource, ofBill or ofRange gave) when
 * that delivery has ended ({@link SourceSpans.ended}), so that the day its data ends on is named as
 * where its data ends, not as the data horizon (billing-calendar.ts, dataEndsOn's `sources`): `status`,
 * `invoice`, `commitments`, the e-mail's Commitments section and budgets' notes tell 13 Nov 2023 as
 * `the data of aws/123412340534 ends on 13 Nov 2023` beside the FOCUS sample of Sept 2024. Undefined
 * for the store's own span, a delivery that has not ended, or one of fees only.
 */
export function endedSources(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>, own: BillingDaySpan): string[] | undefined {
  if (own.wholeBillsOnly || spans.sourcesOf(own).length === 0) return undefined;
  return spans.ended().some((ended) => sameDelivery(spans, ended, own)) ? spans.sourcesOf(own) : undefined;
}

/** A day after the data horizon of a delivery that has ended holding some of its lines: it is partial, as the store's days after its own horizon are. */
export interface EndedPartialDay {
  day: string;
  /** The data horizon of that delivery: the last complete day of its data. */
  lastDay: string;
  /** Its sources, sorted. */
  sources: string[];
}

/**
 * The partial days of the deliveries that have ended ({@link SourceSpans.ended}): the day after a
 * delivery's data horizon when the delivery holds lines dated after it (the legacy CUR's 14 Nov 2023, its
 * usage to 04:00, its horizon 13 Nov 2023), whatever the other deliveries hold that day, as the store's
 * day after its own horizon is partial when it holds a line; empty when none has one.
 */
export function endedPartialDays(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>): EndedPartialDay[] {
  return spans.ended().filter((own) => own.lastChargeDay > own.lastDay).map((own) => ({ day: addDays(own.lastDay, 1), lastDay: own.lastDay, sources: spans.sourcesOf(own) }));
}

/**
 * `partial day (the data of aws/123412340534 ends on 13 Nov 2023)`: the one wording of a partial day of a
 * delivery that has ended (billing-calendar.ts's dataEndsOn), which `forecast`'s note (`2023-11-14 is a
 * partial day (…): counted in usage_actual and mtd_provisional, not fitted.`), `unit-cost`'s rows,
 * `anomalies` (a day or a series not judged) and the weekly e-mail (its daily chart and month) say.
 */
export function partialDayWords(p: Pick<EndedPartialDay, 'lastDay' | 'sources'>): string {
  return `partial day (${dataEndsOn({ lastDay: p.lastDay, lastChargeDay: p.lastDay }, null, 'in the store', p.sources)})`;
}

/**
 * `14 Nov 2023 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023)` ({@link partialDayWords}),
 * one clause per day joined by `; `, `dayText` writing a day as the surface does; '' when none.
 */
export function partialDaysClause(days: readonly EndedPartialDay[], dayText: (day: string) => string): string {
  return days.map((p) => `${dayText(p.day)} is a ${partialDayWords(p)}`).join('; ');
}
