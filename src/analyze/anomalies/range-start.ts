/**
 * The first day `costlens anomalies` examines. A range reaching back before the store's billing data
 * begins at its first day: the days before it hold no data and are not examined. A range reaching
 * back into a gap between deliveries is read the same way, from the first day of the delivery whose
 * data it is judged on (SourceSpans.ofRange): in a store of the real 2018 CUR, the legacy CUR of
 * 1–13 Nov 2023 and the FOCUS sample of Sept 2024, `anomalies --as-of 2023-11-13` examines from
 * 1 Nov 2023, as in a store of the legacy file alone, and does not name 31 Oct 2023, a day the store
 * holds no billing data of (1 Dec 2018 to 31 Oct 2023), as a day not judged.
 */
import type { Engine } from '../../engine/engine.ts';
import { addDays, laterDay } from '../../lib/calendar.ts';
import type { BillingDaySpan } from '../billing-day-span.ts';
import { provisionalFromOf } from '../provisional-from.ts';
import { allEndedDeliveries, endedDeliveriesPhrase, type EndedDelivery } from '../ended-delivery.ts';
import { readSourceSpans, type SourceSpans } from '../source-spans.ts';

/**
 * The first examined day of `days` days ending at `asOf`: the range's first day, or the first day of
 * the store's data (`span`), or of the delivery holding the range's days (`spans.ofRange`) when the
 * days before it reach no billing period a delivery holds (a gap between deliveries: no delivery's
 * data is left out) and it is not after `asOf` (a range wholly in a gap keeps its days, each without
 * billing data).
 */
function examinedFrom(span: Pick<BillingDaySpan, 'firstDay'>, spans: Pick<SourceSpans, 'ofRange' | 'sourcesOf'>, asOf: string, days: number): string {
  const from = laterDay(addDays(asOf, -(days - 1)), span.firstDay);
  const deliveryBegins = spans.ofRange(from, asOf).firstDay;
  if (deliveryBegins <= from || deliveryBegins > asOf) return from;
  const inGap = spans.sourcesOf(spans.ofRange(from, addDays(deliveryBegins, -1))).length === 0;
  return inGap ? deliveryBegins : from;
}

/** What {@link readExaminedStart} reads of the store's deliveries for an examination. */
export interface ExaminedStart {
  /** The first examined day ({@link examinedFrom}). */
  from: string;
  /**
   * The provisional days, the last `provisionalDays` complete days up to the data horizon of the delivery
   * holding the days examined (provisional-from.ts), not the store's: first and last, and that delivery's
   * sources (none for the store's); null when none are. The days after them hold none of its complete data
   * (a partial day, a gap): they are not provisional.
   */
  provisional: { from: string; to: string; sources: string[] } | null;
  /** The deliveries that have ended, earliest first: a series whose trailing days hold such a delivery's data is not judged after its horizon (anomalies/ended-series.ts). */
  ended: EndedDelivery[];
}

/**
 * {@link examinedFrom} on the store's deliveries (readSourceSpans of `span`, billingDaySpan's), with the
 * provisional days of the days from it to `asOf` and the deliveries that have ended ({@link ExaminedStart}).
 */
export async function readExaminedStart(engine: Engine, span: BillingDaySpan, asOf: string, days: number, provisionalDays: number): Promise<ExaminedStart> {
  const spans = await readSourceSpans(engine, span);
  const from = examinedFrom(span, spans, asOf, days);
  const first = provisionalDays > 0 ? provisionalFromOf(spans, from, asOf, provisionalDays) : null;
  const ended = allEndedDeliveries(spans);
  const sources = spans.sourcesOf(spans.ofRange(from, asOf));
  return { from, provisional: first === null ? null : { from: first, to: addDays(first, provisionalDays - 1), sources }, ended };
}

/**
 * `trailing days holding the data of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018, more
 * than 7 days before the store's latest data)`: why no series was judged on a day (every one holding that data:
 * anomalies/ended-series.ts), in ended-delivery.ts's words.
 */
export function trailingEndedReason(own: EndedDelivery): string {
  return `trailing days holding the data of ${endedDeliveriesPhrase([own], true)}`;
}
