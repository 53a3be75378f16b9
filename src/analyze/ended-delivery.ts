/**
 * What a delivery that has ended (source-spans.ts, SourceSpans.ended: its data horizon more than
 * LAGGING_DAYS days behind the store's latest data) changes where its days are told: the day its
 * data ends is no data horizon (the store's runs on) but where that delivery's data ends, in
 * billing-calendar.ts's words (dataEndsOn's `sources`: `the data of aws/123412340534 ends on 13 Nov
 * 2023`), and its days after that day that hold its lines are partial days, as the store's days after
 * its own horizon are (the legacy CUR's 14 Nov 2023, usage to 04:00, beside the FOCUS sample of Sept 2024).
 */
import { addDays, addMonths, monthLabel, shortDay } from '../lib/calendar.ts';
import { andList, pluralNoun } from '../lib/text.ts';
import { dataEndsOn } from './billing-calendar.ts';
import type { BillingDaySpan } from './billing-day-span.ts';
import { sameDelivery, sameSources } from './fees-delivery.ts';
import { LAGGING_DAYS, type SourceSpans } from './source-spans.ts';

/**
 * The sources of the delivery whose span is `own` (one of `spans`' ofSource, ofBill or ofRange gave) when
 * that delivery has ended ({@link SourceSpans.ended}), so that the day its data ends on is named as
 * where its data ends, not as the data horizon (billing-calendar.ts, dataEndsOn's `sources`): `status`,
 * `invoice`, `commitments`, the e-mail's Commitments section and budgets' notes tell 13 Nov 2023 as
 * `the data of aws/123412340534 ends on 13 Nov 2023` beside the FOCUS sample of Sept 2024. Undefined
 * for the store's own span, a delivery that has not ended, or one of fees only.
 */
export function endedSourcesOfSpan(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>, own: BillingDaySpan): string[] | undefined {
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
  return allEndedDeliveries(spans).filter((own) => own.lastChargeDay > own.lastDay).map((own) => ({ day: addDays(own.lastDay, 1), lastDay: own.lastDay, sources: own.sources }));
}

/**
 * `partial day (the data of aws/123412340534 ends on 13 Nov 2023)`: the one wording of a partial day of a
 * delivery that has ended (billing-calendar.ts's dataEndsOn), which `forecast`'s note (`2023-11-14 is a
 * partial day (…): counted in usage_actual and mtd_provisional, not fitted.`), `unit-cost`'s rows,
 * `anomalies` (a day or a series not judged) and the weekly e-mail (its daily chart and month) say.
 */
export function partialDayWords(p: Pick<EndedPartialDay, 'lastDay' | 'sources'>): string {
  return `partial day (${endedDataEnds(p)})`;
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
 * it: the weekly report compares a week without its lines (src/report/week-source-end.ts, EndedAroundWeek), the
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
 * endedAroundWeek), `explain`, Explore and the Overview compare spans (ended-comparison.ts) and the forecasts
 * fit and project only the other deliveries ({@link endedLeftOutOfFit}).
 */
export function endedBeforeDay(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>, day: string): EndedDelivery[] {
  return allEndedDeliveries(spans).filter((own) => own.lastDay < day);
}

/**
 * Each delivery that has ended ({@link allEndedDeliveries}) as the monthly queries take it (their `ended`:
 * queries/calendar/month_days_in_store.cte.sql): its data horizon, a space and its sources joined by ', '
 * (`2018-11-13 aws/836060457634`), so that they count its partial day apart and say which month it stops inside.
 */
export function endedDeliveryTexts(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>): string[] {
  return allEndedDeliveries(spans).map((own) => `${own.lastDay} ${own.sources.join(', ')}`);
}

/** Every delivery that has ended ({@link SourceSpans.ended}), earliest data horizon first. */
export function allEndedDeliveries(spans: Pick<SourceSpans, 'ended' | 'sourcesOf'>): EndedDelivery[] {
  return spans.ended().map((own) => ({ firstDay: own.firstDay, lastDay: own.lastDay, lastChargeDay: own.lastChargeDay, sources: spans.sourcesOf(own) }));
}

/**
 * The first charge day of the deliveries other than `ended` (fees-delivery.ts sameSources: a delivery is its
 * sources) that hold the months from `days.first` to `days.last`, begin by `days.last` and whose data runs to
 * `runsFrom` or later: where the data that runs on beside `ended` begins; null when none does. The one rule of the
 * weekly report's weeks (`runsFrom` this week's Monday), of the spans `explain`, Explore and the Overview compare
 * (the later span's first day) and of the days a forecast reads (their first day: {@link endedLeftOutOfFit}).
 */
export function othersFrom(spans: Pick<SourceSpans, 'sourcesOf' | 'holding'>, ended: readonly EndedDelivery[], days: { first: string; last: string }, runsFrom: string): string | null {
  const months: string[] = [];
  for (let m = `${days.first.slice(0, 7)}-01`; m <= days.last; m = addMonths(m, 1)) months.push(m.slice(0, 7));
  const [first = null] = months.flatMap((period) => spans.holding(period))
    .filter((own) => own.firstDay <= days.last && own.lastDay >= runsFrom && !ended.some((end) => sameSources(end.sources, spans.sourcesOf(own))))
    .map((own) => own.firstDay).sort();
  return first;
}

/** Those of `ended` whose data (a complete day of theirs, from their first day to their data horizon) the days from `first` to `last` hold. */
export function endedHeldIn(first: string, last: string, ended: readonly EndedDelivery[]): EndedDelivery[] {
  return ended.filter((own) => first <= own.lastDay && own.firstDay <= last);
}

/** The deliveries a forecast leaves out of its run-rate ({@link endedLeftOutOfFit}), and where the data of the others begins. */
export interface LeftOutOfFit {
  /** Those deliveries, earliest data horizon first (empty: none is left out). */
  ended: EndedDelivery[];
  /** The first charge day of the deliveries that run on beside them in the days read (null when none is left out): a day before it holds none of the data fitted. */
  othersFrom: string | null;
}

/**
 * The deliveries a forecast as of `asOf` leaves out of its run-rate ({@link endedBeforeDay} of `asOf`)
 * whose lines lie in the days it reads (`from` to `asOf`), when a delivery that has not ended holds
 * usage of a day from `from` to `asOf` ({@link othersFrom}): the run-rate is that delivery's, and the ended ones' lines
 * count in what the month holds but are neither fitted nor projected, nothing more coming from them
 * (the legacy CUR of Nov 2023, data to 13 Nov, beside a FOCUS export of 1–30 Nov: as of 20 Nov the
 * trend of 1–20 Nov read its end as falling usage). None when no such delivery runs on beside them
 * (a month only they hold, its days after their end in a gap of the store: projected as before).
 * `costlens forecast` (src/analyze/forecast/month-end.ts) and the budgets' forecast read it alike.
 */
export function endedLeftOutOfFit(spans: Pick<SourceSpans, 'ended' | 'sourcesOf' | 'holding'>, from: string, asOf: string): LeftOutOfFit {
  const ended = endedBeforeDay(spans, asOf).filter((own) => own.firstDay <= asOf && own.lastChargeDay >= from);
  const others = ended.length === 0 ? null : othersFrom(spans, ended, { first: from, last: asOf }, from);
  return others === null ? { ended: [], othersFrom: null } : { ended, othersFrom: others };
}

/** What the words of a delivery that has ended name: its sources and its data horizon. */
type EndedNamed = Pick<EndedDelivery, 'sources' | 'lastDay'>;

/** `the data of aws/123412340534 ends on 13 Nov 2023`: where the data of a delivery that has ended ends, no data horizon (billing-calendar.ts dataEndsOn's `sources`). */
function endedDataEnds(own: EndedNamed): string {
  return dataEndsOn({ lastDay: own.lastDay, lastChargeDay: own.lastDay }, null, 'in the store', own.sources);
}

/**
 * `the data of aws/123412340534 ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery
 * has ended)`, each further one joined by ` and `: the one clause that says deliveries have ended, after which each
 * surface says what it does with their lines (`Delivery ended: …` of the weekly e-mail, `costlens forecast` and
 * budgets' notes, the budgets' basis).
 */
export function deliveryEndedClause(ended: readonly EndedNamed[]): string {
  return `${ended.map(endedDataEnds).join(' and ')}, more than ${LAGGING_DAYS} days before the store's latest data `
    + `(${pluralNoun(ended.length, 'that delivery has', 'those deliveries have')} ended)`;
}

/** The money of a delivery's fees and tax not expected again ({@link endedFeesClause}), as a surface writes it; absent: none. */
export interface EndedFeesMoney {
  fees?: string;
  tax?: string;
}

/**
 * `the fees of aws/836060457634 ($149.78) posted in Oct 2018 are not expected again`: the one wording of the recurring fees
 * and tax of a delivery that has ended whose lines lie only in the month before (`month`, its first day), which a forecast
 * would otherwise expect again and leaves out, said after {@link deliveryEndedClause} (`that delivery has ended`): `costlens
 * forecast`'s note (src/analyze/forecast/ended-sources.ts endedSourceSentence) and the budgets' notes (budgets/ended-fit.ts),
 * `money` written as each surface writes money. Its tax is named beside its fees (`the fees of … ($149.78) and its tax
 * ($12.40) posted in …`), or alone (`the tax of aws/123412340534 ($0.08) posted in Nov 2023 is not expected again`).
 */
export function endedFeesClause(own: Pick<EndedDelivery, 'sources'>, month: string, money: EndedFeesMoney): string {
  const sources = own.sources.join(', ');
  const posted = `posted in ${monthLabel(month)}`;
  if (money.fees === undefined) return `the tax of ${sources} (${money.tax}) ${posted} is not expected again`;
  return `the fees of ${sources} (${money.fees})${money.tax === undefined ? '' : ` and its tax (${money.tax})`} ${posted} are not expected again`;
}

/**
 * `aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)`, and each further one likewise
 * (with `lag`: `(its data ends on 13 Nov 2018, more than 7 days before the store's latest data)`): the one naming of
 * a delivery that has ended inside a sentence, where a comparison leaves its lines out or is not made for it (the
 * weekly e-mail's warnings and notes, the Overview's month to date, Explore's comparison, `costlens explain`), where
 * `anomalies` leaves a series unjudged, and where a forecast fits none of its lines.
 */
export function endedDeliveriesPhrase(ended: readonly EndedNamed[], lag = false): string {
  const after = lag ? `, more than ${LAGGING_DAYS} days before the store's latest data` : '';
  return andList(ended.map((own) => `${own.sources.join(', ')}, a delivery that has ended (its data ends on ${shortDay(own.lastDay, true)}${after})`));
}
