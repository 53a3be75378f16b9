/**
 * The series (services, accounts) an examination left unjudged on days it judged others on: their
 * trailing days hold the data of a delivery that has ended, or they hold its lines on its partial day,
 * the day after its data horizon (anomalies/ended-series.ts). The text
 * output, the Overview and the weekly e-mail name them in one sentence per delivery, and the JSON
 * lists them (`unjudgedSeries`), so that no series reads as free of anomalies on days it got no verdict.
 */
import type { AnomalyDimension } from './daily-series.ts';
import { partialDayReason, seriesEndedReason } from './ended-series.ts';
import { endedDeliveriesPhrase, partialDayWords, type EndedDelivery } from '../ended-delivery.ts';
import { ascending, descending } from '../../lib/order.ts';
import { andList, plural } from '../../lib/text.ts';
import { daySpan } from '../../lib/calendar.ts';

/** The examined days one series was left unjudged on for a delivery that has ended, as detect.ts records them. */
export interface EndedSeriesDays {
  dimension: AnomalyDimension;
  value: string;
  name: string | null;
  /** Each day, the delivery whose data its trailing days hold (`ended`) or whose partial day it is, the series holding its lines that day (`partial`). */
  days: Map<string, { own: EndedDelivery; cause: SeriesNotJudged['cause'] }>;
  /** The spend (|each day's|, store units) the series holds of each such delivery over the days read: the sentences name the largest first. */
  held: (own: EndedDelivery) => bigint;
}

/** A series left unjudged, for one delivery that has ended, on days other series were judged on. */
export interface SeriesNotJudged {
  dimension: AnomalyDimension;
  value: string;
  name: string | null;
  /** The first and last such day, and how many (a day no series was judged on is the day's own note, not counted). */
  from: string;
  to: string;
  days: number;
  /** `ended`: its trailing days hold the data of a delivery that has ended; `partial`: it holds that delivery's lines on its partial day. */
  cause: 'ended' | 'partial';
  delivery: EndedDelivery;
  /**
   * `its trailing days hold the data of aws/1234567890123, …, a delivery that has ended (its data ends on 29 Oct 2018, …)`;
   * `partial day (the data of aws/123412340534 ends on 13 Nov 2023): not all of its usage is in the store`.
   */
  reason: string;
  /** The spend of that delivery the series holds over the days read (store units, each day's |spend|). */
  heldSpend: bigint;
}

/**
 * The series of `endedSeries` on the days of `judgedDays` (those some series got a verdict on), one
 * entry per series, delivery and cause: the most of that delivery's spend first, then services before accounts (`dimensions`' order), then by value.
 */
export function seriesNotJudged(endedSeries: ReadonlyMap<string, EndedSeriesDays>, judgedDays: readonly string[], dimensions: readonly AnomalyDimension[]): SeriesNotJudged[] {
  const judged = new Set(judgedDays);
  const found: SeriesNotJudged[] = [];
  for (const { dimension, value, name, days, held } of endedSeries.values()) {
    const byDelivery = new Map<EndedDelivery, Map<SeriesNotJudged['cause'], string[]>>();
    for (const [day, { own, cause }] of days) {
      if (!judged.has(day)) continue;
      const causes = byDelivery.get(own) ?? new Map<SeriesNotJudged['cause'], string[]>();
      byDelivery.set(own, causes.set(cause, [...(causes.get(cause) ?? []), day]));
    }
    for (const [delivery, causes] of byDelivery) {
      for (const [cause, onDays] of causes) {
        const sorted = onDays.sort();
        const reason = cause === 'partial' ? partialDayReason(delivery) : seriesEndedReason(delivery);
        found.push({ dimension, value, name, from: sorted[0], to: sorted.at(-1)!, days: sorted.length, cause, delivery, reason, heldSpend: held(delivery) });
      }
    }
  }
  return found.sort((a, b) => descending(a.heldSpend, b.heldSpend) || dimensions.indexOf(a.dimension) - dimensions.indexOf(b.dimension) || ascending(a.value, b.value));
}

/**
 * One sentence per delivery that has ended and cause: `Not judged: service Amazon Elastic Compute Cloud (25–26 Nov 2018), …
 * and 57 more series (2 services and 58 accounts in all), whose trailing days hold the data of aws/1234567890123, …, a delivery
 * that has ended (its data ends on 29 Oct 2018, more than 7 days before the store's latest data); the other series were judged.`;
 * of its partial day, `Not judged on 14 Nov 2023, a partial day (the data of aws/123412340534 ends on 13 Nov 2023): account
 * 123412340534, …, which hold its lines that day (not all of its usage is in the store); the other series were judged.`
 * Spans of days as every surface writes them (daySpan); at most `named` series are named. None when `list` is empty.
 */
export function seriesNotJudgedSentences(list: readonly SeriesNotJudged[], named = 3): string[] {
  const groups = [...new Set(list.map((s) => s.delivery))].flatMap((delivery) => (['ended', 'partial'] as const).map((cause) => list.filter((s) => s.delivery === delivery && s.cause === cause)));
  return groups.filter((of) => of.length > 0).map((of) => {
    const { delivery, cause } = of[0];
    const count = (d: AnomalyDimension) => of.filter((s) => s.dimension === d).length;
    const kinds = andList([plural(count('service'), 'service'), plural(count('account'), 'account')].filter((k) => !k.startsWith('0 ')));
    const more = of.length > named ? ` and ${of.length - named} more series (${kinds} in all)` : '';
    // The series of a partial day share that one day: the sentence names it once.
    const names = of.slice(0, named).map((s) => `${s.dimension} ${s.value}${cause === 'partial' ? '' : ` (${daySpan(s.from, s.to)})`}`);
    const subject = more ? `${names.join(', ')}${more}` : andList(names);
    return cause === 'partial'
      ? `Not judged on ${daySpan(of[0].from, of[0].to)}, a ${partialDayWords(delivery)}: ${subject}, which hold its lines that day (not all of its usage is in the store); the other series were judged.`
      : `Not judged: ${subject}, whose trailing days hold the data of ${endedDeliveriesPhrase([delivery], true)}; the other series were judged.`;
  });
}

/**
 * The series left unjudged on days others were judged on, for `costlens anomalies --format json`
 * (`unjudgedSeries`): `dimension`, `value`, `name`, `from`, `to`, `days`, `cause` (`ended`, or `partial`:
 * its lines on a delivery's partial day) and `reason`, which names the delivery; `[]` when none.
 */
export function unjudgedSeries(report: { notJudgedSeries: readonly SeriesNotJudged[] }): Omit<SeriesNotJudged, 'delivery' | 'heldSpend'>[] {
  return report.notJudgedSeries.map(({ dimension, value, name, from, to, days, cause, reason }) => ({ dimension, value, name, from, to, days, cause, reason }));
}
