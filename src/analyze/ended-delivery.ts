/**
 * What a delivery that has ended (source-spans.ts, SourceSpans.ended: its data horizon more than
 * LAGGING_DAYS days behind the store's latest data) changes where its days are told: the day its
 * data ends is no data horizon (the store's runs on) but where that delivery's data ends, in
 * billing-calendar.ts's words (dataEndsOn's `sources`: `the data of aws/123412340534 ends on 13 Nov
 * 2023`), and its days after that day that hold its lines are partial days, as the store's days after
 * its own horizon are (the legacy CUR's 14 Nov 2023, usage to 04:00, beside the FOCUS sample of Sept 2024).
 */
import { addDays, addMonths, shortDay } from '../lib/calendar.ts';
import { andList } from '../lib/text.ts';
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
  return endedDeliveriesOf(spans).filter((own) => own.lastChargeDay > own.lastDay).map((own) => ({ day: addDays(own.lastDay, 1), lastDay: own.lastDay, sources: own.sources }));
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

/**
 * A delivery that has ended ({@link SourceSpans.ended}): the days holding its data, and its sources. The one type of
 * it: the weekly report compares a week without its lines (src/report/week-source-end.ts, EndedBefore), the
 * forecasts leave it out of their run-rate ({@link endedLeftOutOfFit}) and `anomalies` leaves unjudged a series
 * whose trailing days hold its data (src/analyze/anomalies/ended-series.ts).
 */
export interface EndedDelivery {
  /** Its first charge day and its data horizon (the last complete day of its data). */
  firstDay: string;
  lastDay: string;
  /** The latest day holding a line of it (its partial day, a fee dated ahead). */
  lastChargeDay: string;
  /** Its sources, sorted. */
  sources: string[];
}

/**
 * The deliveries that have ended ({@link SourceSpans.ended}: their data horizon more than LAGGING_DAYS days
 * behind the store's latest data) before `day` (their data horizon before it), earliest first: the one
 * rule by which the weekly report compares a week without their lines (src/report/week-source-end.ts,
 * endedBeforeWeek) and the forecasts fit and project only the other deliveries ({@link endedLeftOutOfFit}).
 */
export function endedBefore(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>, day: string): EndedDelivery[] {
  return endedDeliveriesOf(spans).filter((own) => own.lastDay < day);
}

/** The deliveries that have ended ({@link SourceSpans.ended}), earliest data horizon first. */
export function endedDeliveriesOf(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>): EndedDelivery[] {
  return spans.ended().map((own) => ({ firstDay: own.firstDay, lastDay: own.lastDay, lastChargeDay: own.lastChargeDay, sources: spans.sourcesOf(own) }));
}

/** Whether the delivery whose span is `own` is one of `ended` (the same sources, as fees-delivery.ts sameDelivery judges two spans). */
export function isOneOf(spans: Pick<SourceSpans, 'sourcesOf'>, ended: readonly EndedDelivery[], own: BillingDaySpan): boolean {
  const sources = spans.sourcesOf(own).join();
  return ended.some((end) => end.sources.join() === sources);
}

/** The deliveries a forecast leaves out of its run-rate ({@link endedLeftOutOfFit}), and where the data of the others begins. */
export interface LeftOutOfFit {
  /** Those deliveries, earliest data horizon first (empty: none is left out). */
  ended: EndedDelivery[];
  /** The first charge day of the deliveries that run on beside them in the days read (null when none is left out): a day before it holds none of the data fitted. */
  othersFrom: string | null;
}

/**
 * The deliveries a forecast as of `asOf` leaves out of its run-rate ({@link endedBefore} of `asOf`)
 * whose lines lie in the days it reads (`from` to `asOf`), when a delivery that has not ended holds
 * usage of a day from `from` to `asOf`: the run-rate is that delivery's, and the ended ones' lines
 * count in what the month holds but are neither fitted nor projected, nothing more coming from them
 * (the legacy CUR of Nov 2023, data to 13 Nov, beside a FOCUS export of 1–30 Nov: as of 20 Nov the
 * trend of 1–20 Nov read its end as falling usage). None when no such delivery runs on beside them
 * (a month only they hold, its days after their end in a gap of the store: projected as before).
 * `costlens forecast` (src/analyze/forecast/month-end.ts) and the budgets' forecast read it alike.
 */
export function endedLeftOutOfFit(spans: Pick<SourceSpans, 'ended' | 'sourcesOf' | 'holding'>, from: string, asOf: string): LeftOutOfFit {
  const none = { ended: [], othersFrom: null };
  const ended = endedBefore(spans, asOf).filter((own) => own.firstDay <= asOf && own.lastChargeDay >= from);
  if (ended.length === 0) return none;
  const months: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= asOf; m = addMonths(m, 1)) months.push(m.slice(0, 7));
  const [othersFrom] = months.flatMap((period) => spans.holding(period))
    .filter((own) => !isOneOf(spans, ended, own) && own.firstDay <= asOf && own.lastChargeDay >= from).map((own) => own.firstDay).sort();
  return othersFrom === undefined ? none : { ended, othersFrom };
}

/**
 * `aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)`, and each further one likewise: the one
 * naming of a delivery that has ended where a comparison leaves its lines out or is not made for it (the weekly
 * e-mail's warnings and notes, the Overview's month to date, Explore's comparison, `costlens explain`).
 */
export function endedDeliveries(ended: readonly Pick<EndedDelivery, 'sources' | 'lastDay'>[]): string {
  return andList(ended.map((own) => `${own.sources.join(', ')}, a delivery that has ended (its data ends on ${shortDay(own.lastDay, true)})`));
}
