/**
 * A delivery that has ended (SourceSpans.ended) leaves unjudged only the series that held its data.
 * After its data horizon its spend stops arriving: a service or an account whose trailing days hold
 * that spend would read its end as a drop (the real 2018 CUR cut after 13 Nov 2018 beside a FOCUS
 * export to 30 Nov: AWS Glue "dropped" $1,352.67 from 14 Nov), so such a series is not judged on the
 * days whose trailing days hold it. Every other series is judged as before: a FOCUS export of about
 * $20 ending on 29 Oct 2018 beside the 2018 CURs no longer leaves 17–26 Nov unjudged for AWS Glue,
 * which it never held. A series holds a delivery's data when one of its daily rows
 * (trends/daily_spend_by_service_and_account, whose `source` is the line's x_Source) is of one of
 * the delivery's sources and not zero in the column judged.
 */
import { addDays, dayRange } from '../../lib/calendar.ts';
import { endedDeliveriesPhrase, partialDayWords, type EndedDelivery } from '../ended-delivery.ts';
import type { AnomalyDimension, DailySpendRow, SpendColumn } from './daily-series.ts';

/** Per series value (the service, or the account id), the days it holds spend of each delivery that has ended, with that spend (store units). */
export type EndedHeld = ReadonlyMap<string, ReadonlyMap<EndedDelivery, ReadonlyMap<string, bigint>>>;

/** The days each series of `dimension` holds spend (not zero in `column`) of each delivery of `ended`; an empty map when none has ended. */
export function endedHeldBy(rows: readonly DailySpendRow[], dimension: AnomalyDimension, column: SpendColumn, ended: readonly EndedDelivery[]): EndedHeld {
  const held = new Map<string, Map<EndedDelivery, Map<string, bigint>>>();
  if (ended.length === 0) return held;
  const valueColumn = dimension === 'service' ? 'service' : 'account_id';
  for (const r of rows) {
    const spend = r[column] ?? 0n;
    if (spend === 0n) continue;
    const own = ended.find((e) => e.sources.includes(r.source!));
    if (own === undefined) continue;
    const byDelivery = held.get(r[valueColumn]!) ?? new Map<EndedDelivery, Map<string, bigint>>();
    const days = byDelivery.get(own) ?? new Map<string, bigint>();
    byDelivery.set(own, days.set(r.day!, (days.get(r.day!) ?? 0n) + spend));
    held.set(r[valueColumn]!, byDelivery);
  }
  return held;
}

/**
 * The delivery that has ended before `day` (its data horizon earlier, `ended` earliest first) whose
 * spend the series (`held`, its entry of {@link endedHeldBy}) holds on one of `day`'s `trailingDays`
 * trailing days: judged against them, `day` would read that delivery's end as a drop. Undefined when none.
 */
export function endedInSeriesWindow(held: ReadonlyMap<EndedDelivery, ReadonlyMap<string, bigint>> | undefined, day: string, trailingDays: number): EndedDelivery | undefined {
  if (held === undefined) return undefined;
  const trailing = dayRange(addDays(day, -trailingDays), addDays(day, -1));
  let earliest: EndedDelivery | undefined;
  for (const [own, days] of held) {
    if (own.lastDay < day && (earliest === undefined || own.lastDay < earliest.lastDay) && trailing.some((d) => days.has(d))) earliest = own;
  }
  return earliest;
}

/**
 * The delivery that has ended whose partial day `day` is (the day after its data horizon: its lines stop
 * inside it, the legacy CUR's 14 Nov 2023, usage to 04:00) when the series (`held`, its entry of
 * {@link endedHeldBy}) holds its spend that day: judged against full days, the part of the day the store
 * holds would read as a drop. Undefined when none.
 */
export function partialInSeries(held: ReadonlyMap<EndedDelivery, ReadonlyMap<string, bigint>> | undefined, day: string): EndedDelivery | undefined {
  for (const [own, days] of held ?? []) if (addDays(own.lastDay, 1) === day && days.has(day)) return own;
  return undefined;
}

/**
 * The delivery that has ended whose partial day `day` is when every line the store holds that day
 * (`rows`, the daily read's) is of that delivery: no series holds a complete day of data then, so the
 * day itself is not judged. Undefined when none.
 */
export function endedOwningPartialDay(rows: readonly DailySpendRow[], day: string, ended: readonly EndedDelivery[]): EndedDelivery | undefined {
  const onDay = rows.filter((r) => r.day === day);
  return onDay.length === 0 ? undefined : ended.find((own) => addDays(own.lastDay, 1) === day && onDay.every((r) => own.sources.includes(r.source!)));
}

/** Whether the series (`held`) is left unjudged on `day` for a delivery that has ended: its trailing days hold its spend ({@link endedInSeriesWindow}), or `day` is its partial day holding its lines ({@link partialInSeries}). */
export function notJudgedForEnded(held: ReadonlyMap<EndedDelivery, ReadonlyMap<string, bigint>> | undefined, day: string, trailingDays: number): boolean {
  return partialInSeries(held, day) !== undefined || endedInSeriesWindow(held, day, trailingDays) !== undefined;
}

/** `partial day (the data of aws/123412340534 ends on 13 Nov 2023): not all of its usage is in the store`: why a day, or a series on it, was not judged (partialDayWords' one wording). */
export function partialDayReason(own: EndedDelivery): string {
  return `${partialDayWords(own)}: not all of its usage is in the store`;
}

/** `its trailing days hold the data of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018, …)`: why a series was not judged on a day. */
export function seriesEndedReason(own: EndedDelivery): string {
  return `its trailing days hold the data of ${endedDeliveriesPhrase([own], true)}`;
}

/** The spend of `own` a series holds (`held`, its entry of {@link endedHeldBy}) over the days read, each day's taken whole (|spend|): how much of it its trailing days held. */
export function endedSpendHeld(held: ReadonlyMap<EndedDelivery, ReadonlyMap<string, bigint>> | undefined, own: EndedDelivery): bigint {
  return [...(held?.get(own)?.values() ?? [])].reduce((sum, units) => sum + (units < 0n ? -units : units), 0n);
}
