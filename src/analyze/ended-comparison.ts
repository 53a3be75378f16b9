/**
 * Two spans of days compared beside a delivery that has ended (source-spans.ts, SourceSpans.ended), by the
 * rule the weekly e-mail compares its weeks by (src/report/week-source-end.ts, endedAroundWeek and
 * sourcesLeftOut): a span holding the data of a delivery that has ended before the later span's last day is
 * compared without that delivery's lines when the other deliveries' data covers it from its first day, else
 * the spans are not compared. So the end of a delivery never reads as a drop in spend: the Overview's month to
 * date, Explore's comparison and `costlens explain` over days (the real 2018 CUR cut after 13 Nov beside a FOCUS
 * export of 1–30 Nov: 5–11 Nov against 12–18 Nov read −$757.68, the CUR's five missing days).
 */
import { type DayRun, daySpan, monthLabel, shortDay } from '../lib/calendar.ts';
import { centsOfUnits, formatUsd, toUnits } from '../lib/money.ts';
import { andList } from '../lib/text.ts';
import { endedBeforeDay, endedDeliveriesPhrase, type EndedDelivery, endedHeldIn, othersFrom } from './ended-delivery.ts';
import type { SourceSpans } from './source-spans.ts';

/** A span of days compared, both days included. */
export type ComparedDays = DayRun;

/** What the end of deliveries changes in a comparison of two spans of days ({@link endedInComparison}). */
export interface EndedInComparison {
  /** The deliveries that have ended before the later span's last day whose data either span holds, earliest data horizon first. */
  deliveries: EndedDelivery[];
  /** The sources each span leaves out (empty: none), when the spans are compared. */
  leftOut: { old: string[]; new: string[] };
  /**
   * Why the spans are not compared, or null when they are: `1–30 Oct 2018 holds the data of aws/836060457634, a
   * delivery that has ended (its data ends on 13 Nov 2018), and the other deliveries' data begins on 1 Nov 2018,
   * after its first day`.
   */
  notCompared: string | null;
}

/**
 * The deliveries that have ended before `spans.new.last` ({@link endedBeforeDay}) whose data (a complete day of
 * theirs) `spans.old` or `spans.new` holds, and what each span leaves out: their sources, when the deliveries
 * that run on past the later span's first day cover the span from its first day; else the spans are not
 * compared (`notCompared`, naming the span and why). Null when neither span holds such data: compared as they are.
 */
export function endedInComparison(spans: Pick<SourceSpans, 'ended' | 'sourcesOf' | 'holding'>, days: { old: ComparedDays; new: ComparedDays }): EndedInComparison | null {
  const ended = endedBeforeDay(spans, days.new.last);
  const held = { old: endedHeldIn(days.old.first, days.old.last, ended), new: endedHeldIn(days.new.first, days.new.last, ended) };
  const deliveries = ended.filter((own) => held.old.includes(own) || held.new.includes(own));
  if (deliveries.length === 0) return null;
  const others = othersFrom(spans, ended, { first: days.old.first, last: days.new.last }, days.new.first);
  const covered = (span: ComparedDays) => others !== null && others <= span.first;
  const [uncovered] = (['old', 'new'] as const).filter((side) => held[side].length > 0 && !covered(days[side]));
  if (uncovered) {
    const span = days[uncovered];
    const why = others === null ? 'no other delivery\'s data holds it' : `the other deliveries' data begins on ${shortDay(others, true)}, after its first day`;
    return { deliveries, leftOut: { old: [], new: [] }, notCompared: `${daySpan(span.first, span.last)} holds the data of ${endedDeliveriesPhrase(held[uncovered])}, and ${why}` };
  }
  const sources = (side: 'old' | 'new') => held[side].flatMap((own) => own.sources);
  return { deliveries, leftOut: { old: sources('old'), new: sources('new') }, notCompared: null };
}

/**
 * The one sentence of a comparison made without the lines of deliveries that have ended (`ended`), naming them
 * and the usage each span leaves out (in cents; null: the span holds none of their data): `Usage is compared
 * without the lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018): $1,066.31 left
 * out of 5–11 Nov 2018 and $308.01 of 12–18 Nov 2018, so that its end does not read as a drop in spend.` Of two
 * months' whole bills (`bills`, `costlens explain`), every charge of their lines in each bill: `Whole bills are
 * compared without the lines of …: $20.28 left out of the bill of Oct 2018 and $0.24 of the bill of Nov 2018, …`.
 */
export function comparedWithoutSentence(ended: Pick<EndedInComparison, 'deliveries'>, days: { old: ComparedDays; new: ComparedDays }, cents: { old: bigint | null; new: bigint | null }, bills = false): string {
  const named = (span: ComparedDays) => (bills ? `the bill of ${monthLabel(span.first)}` : daySpan(span.first, span.last));
  const amounts = (['old', 'new'] as const).filter((side) => cents[side] !== null)
    .map((side, i) => `${formatUsd(cents[side]!)}${i === 0 ? ' left out' : ''} of ${named(days[side])}`);
  const its = ended.deliveries.length === 1 ? 'its' : 'their';
  return `${bills ? 'Whole bills are' : 'Usage is'} compared without the lines of ${endedDeliveriesPhrase(ended.deliveries)}: ${andList(amounts)}, so that ${its} end does not read as a drop in spend.`;
}

/**
 * Why two spans are not compared beside a delivery that has ended, in the one wording every page and the CLI give
 * (`notCompared` and what comparing would read as): `1–30 Oct 2018 holds the data of aws/836060457634, …, so its end
 * would read as a drop in spend`.
 */
export function endedNotComparedWhy(ended: Pick<EndedInComparison, 'notCompared'>): string {
  return `${ended.notCompared}, so its end would read as a drop in spend`;
}

/**
 * The cents each span leaves out ({@link comparedWithoutSentence}'s `cents`) from the exact amounts of the lines
 * left out (`amounts`, decimal strings): null for a span that leaves no source out.
 */
export function leftOutCents(ended: Pick<EndedInComparison, 'leftOut'>, amounts: { old: string; new: string }): { old: bigint | null; new: bigint | null } {
  const cents = (side: 'old' | 'new') => (ended.leftOut[side].length > 0 ? centsOfUnits(toUnits(amounts[side])) : null);
  return { old: cents('old'), new: cents('new') };
}
