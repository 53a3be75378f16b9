/**
 * Where a report week's data ends when a gap of the store begins inside the week: at the data
 * horizon of the deliveries whose data the gap follows (src/analyze/source-spans.ts), as a store of
 * their files alone ends it, not on the day before the gap. Beside later deliveries, the legacy CUR
 * of Nov 2023 (usage to 04:00 on 14 Nov 2023) is followed by a gap from 15 Nov: its 2023-W46 ends on
 * 13 Nov, its data horizon, and 14 Nov, a partial day, is neither read nor compared with a full one.
 * A delivery that has ended inside the week while the others' data runs on does not end it: the week
 * is read whole and compared without that delivery's lines (endedAroundWeek), so its end is no drop.
 */
import { addDays, dayRange, type BillingDaySpan } from '../analyze/billing-calendar.ts';
import type { SourceSpans } from '../analyze/source-spans.ts';
import { endedBeforeDay, type EndedDelivery, endedHeldIn, othersFrom } from '../analyze/ended-delivery.ts';
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import type { DayRun } from '../lib/calendar.ts';
import { ascending } from '../lib/order.ts';
import type { StoreDays } from '../lib/store-days.ts';
import { type IsoWeek, lastReportedDay } from './week.ts';

/** A report week's data ending at its sources' own data horizon, before a gap that begins inside the week. */
export interface WeekSourceEnd {
  /** That data horizon: the last day of the week the report reads. */
  lastDay: string;
  /** The sources of the delivery whose data ends there (sorted). */
  sources: string[];
  /** Its days after the horizon, up to the gap: partial days, which hold some of its lines but are not read. */
  partialDays: string[];
}

/** The gap of the store that begins inside `week` and holds its last day (or the horizon, when earlier); undefined when none does. */
export function gapEndingWeek(span: Pick<BillingDaySpan, 'lastDay'>, store: StoreDays, week: IsoWeek): DayRun | undefined {
  const end = lastReportedDay(week, span);
  return store.gaps.find((g) => g.first > week.start && g.first <= end && end <= g.last);
}

/**
 * Where the data of `week` ends before a gap that begins inside it ({@link gapEndingWeek}) when that
 * is earlier than the day before the gap: the earliest data horizon among the deliveries (`spans`,
 * readSourceSpans of the store's span) of the sources whose days (queries/calendar/billing_period_days.sql)
 * run up to the gap. Null when no gap cuts the week, or their data is complete up to it; in a store of
 * one delivery it is never read (the store's own horizon is the day before the gap, or later).
 */
export async function weekSourceEnd(engine: Engine, span: BillingDaySpan, store: StoreDays, week: IsoWeek, spans: SourceSpans): Promise<WeekSourceEnd | null> {
  const gap = gapEndingWeek(span, store, week);
  if (!gap || spans.latest() === null) return null;
  const beforeGap = addDays(gap.first, -1);
  const runs = await runQuery(engine, 'calendar/billing_period_days');
  const reaching = runs.filter((r) => r.source !== null && r.first_day! <= beforeGap && beforeGap <= r.last_day!).map((r) => spans.ofSource(r.source));
  const [earliest] = reaching.filter((own) => own.lastDay < beforeGap).sort((a, b) => ascending(a.lastDay, b.lastDay));
  if (!earliest) return null;
  return { lastDay: earliest.lastDay, sources: spans.sourcesOf(earliest), partialDays: dayRange(addDays(earliest.lastDay, 1), beforeGap) };
}

/** The deliveries that have ended before a report week or inside it, and where the data of the others begins. */
export interface EndedAroundWeek {
  /** Those deliveries (ended before the last day read: ended-delivery.ts endedBeforeDay), earliest data horizon first (empty in a store of one delivery). */
  deliveries: EndedDelivery[];
  /**
   * The first charge day of the deliveries holding usage of the weeks compared that run on past the
   * week's Monday (null when none): an earlier week is compared without the ended deliveries' lines only
   * when it lies wholly in their data (from this day on), else it is not compared.
   */
  othersFrom: string | null;
}

/**
 * The deliveries that have ended (SourceSpans.ended) before the last day of `week` the report reads
 * (`lastRead`: its Sunday, or where the store's data ends: ended-delivery.ts endedBeforeDay, the one rule the
 * month-end forecast and the budgets leave deliveries out of their run-rate by), earliest first, and the first day of the
 * others' data that runs past the week's Monday over the days from `from` (the first day compared) to the week (ended-delivery.ts othersFrom). A week compared holding
 * their data is compared without their lines, this week too when one stops inside it (it is read whole:
 * the legacy CUR of Nov 2023, data to 13 Nov, beside a FOCUS export to 30 Nov: 2023-W46 read 13 Nov alone,
 * $2.39 of the week's $7.36); the real 2018 CUR cut after 13 Nov 2018 beside a FOCUS export of 1–30 Nov:
 * 2018-W47 against the whole of 2018-W46 read −97.3 %, the CUR's end.
 */
export function endedAroundWeek(week: IsoWeek, spans: SourceSpans, from: string, lastRead: string = week.start): EndedAroundWeek {
  const deliveries = endedBeforeDay(spans, lastRead);
  return { deliveries, othersFrom: othersFrom(spans, deliveries, { first: from, last: week.last }, week.start) };
}

/**
 * The sources of `ended` whose lines a week compared (`span`) leaves out: those whose data it holds, when the others'
 * data covers it from its Monday; else none, and it is not compared (this week too: DataStatus.endedBefore.thisWeekHolds).
 */
export function sourcesLeftOut(span: IsoWeek, ended: EndedAroundWeek): string[] {
  if (ended.othersFrom === null || ended.othersFrom > span.start) return [];
  return endedHeldIn(span.start, span.last, ended.deliveries).flatMap((own) => own.sources);
}
