/**
 * A page's monthly chart (Storage, Data transfer) over the days the store holds of its months: its
 * days and caption from daysHeldOf / daysHeldWords (src/lib/store-days.ts), its lighter bars named by
 * the months held only in part, wherever a gap cuts them (lighterBarsNote), as its rows draw them
 * (their query's days: queries/calendar/month_days_in_store.cte.sql). A month a delivery that has
 * ended stops inside while another's data runs on (SourceSpans.endedIn, the rule by which `status`,
 * `invoice` and `explain` judge that month on the others' data) holds every day but not a whole
 * month of that delivery's lines: the caption says so ({@link endedMonthsNote}), never "Every bar is
 * a whole month.", nor when no bar is drawn.
 */
import { lighterBarsNote, partMonths } from '../analyze/month-names.ts';
import { endedDataEnds } from '../analyze/ended-delivery.ts';
import type { SourceSpans } from '../analyze/source-spans.ts';
import { addDays, earlierDay, monthEnd, monthLabel, monthStart, nextMonthStart } from '../lib/calendar.ts';
import { type DaysHeld, daysHeldWords } from '../lib/store-days.ts';
import { chartFigure, type Html } from './html/index.ts';

/** A month of a page's days that holds the data of a delivery that has ended inside it only up to `lastDay`, while another's data runs on. */
export interface EndedInMonth {
  /** The month's first day. */
  month: string;
  /** That delivery's data horizon: the last complete day of its data. */
  lastDay: string;
  /** Its sources, sorted. */
  sources: string[];
}

/**
 * The months of the days held (`held`) in which a delivery has ended (`deliveries.endedIn`: its data
 * horizon before the month's last day, more than LAGGING_DAYS days behind the store's latest data,
 * another delivery's data running on) before the last day held of that month, earliest first: the
 * real Nov 2018 CUR cut after 13 Nov beside a FOCUS export of 1–30 Nov holds Nov 2018 only to 13 Nov.
 * None without `deliveries` (a store of one delivery, of whole bills).
 */
export function endedInMonths(deliveries: Pick<SourceSpans, 'endedIn' | 'sourcesOf'> | undefined, held: DaysHeld): EndedInMonth[] {
  if (!deliveries || held.runs.length === 0) return [];
  const found: EndedInMonth[] = [];
  const last = held.runs.at(-1)!.last;
  for (let month = monthStart(held.runs[0].first); month <= last; month = nextMonthStart(month)) {
    const heldTo = held.runs.filter((r) => r.first <= monthEnd(month) && r.last >= month).map((r) => earlierDay(r.last, monthEnd(month))).at(-1);
    if (heldTo === undefined) continue;
    for (const own of deliveries.endedIn(month.slice(0, 7))) {
      if (own.lastDay >= month && own.lastDay < heldTo) found.push({ month, lastDay: own.lastDay, sources: deliveries.sourcesOf(own) });
    }
  }
  return found;
}

/** `the data of aws/836060457634 ends on 13 Nov 2018, a delivery that has ended` (ended-delivery.ts endedDataEnds, as `forecast` and the e-mail say it). */
export function endedInMonthWords(ended: Pick<EndedInMonth, 'lastDay' | 'sources'>): string {
  return `${endedDataEnds(ended)}, a delivery that has ended`;
}

/**
 * `Not a whole month: Nov 2018 (the data of aws/836060457634 ends on 13 Nov 2018, a delivery that has
 * ended).`: the months {@link endedInMonths} gave, whose figures are not comparable to a whole month's
 * though the store holds every day of them; '' when none.
 */
export function endedMonthsNote(ended: readonly EndedInMonth[]): string {
  if (ended.length === 0) return '';
  return `Not a whole month: ${ended.map((e) => `${monthLabel(e.month)} (${endedInMonthWords(e)})`).join('; ')}.`;
}

/** What a chart draws besides its days: whether it draws any bar (`noBar`: why not, when it draws none) and the months a delivery that has ended stops inside ({@link endedInMonths}). */
export interface ChartBars {
  /** Why no bar is drawn (`no line of these days is classified as storage`), or null when some are. */
  noBar: string | null;
  ended: readonly EndedInMonth[];
}

/**
 * Chart `name` over the days the store holds of a span (`held`, daysHeldOf's): drawn from the first
 * held day to the last (over `span`, half-open, when it holds none), with `params`, and captioned
 * `${what}, ${the days held} (why the others are not). ${lighter bars}`: `Monthly storage billed cost
 * by service, 1–14 Nov 2023 and 1–30 Sep 2024 (the store holds no billing data on 1 Dec 2018 – 31 Oct
 * 2023 and 15 Nov 2023 – 31 Aug 2024). Lighter bars: part of a month (1–14 Nov 2023).`;
 * `…, no data (…).` when it holds none; `No bar: <why>.` when it draws none; the months a delivery that
 * has ended stops inside named ({@link endedMonthsNote}) instead of `Every bar is a whole month.`.
 */
export function heldDaysChart(name: string, what: string, held: DaysHeld, span: { from: string; to: string }, params: Record<string, string>, bars: ChartBars): Html {
  const [first, last] = [held.runs[0]?.first, held.runs.at(-1)?.last];
  const drawn = first && last ? { from: first, to: addDays(last, 1) } : span;
  const partial = held.runs.some((r) => partMonths(r.first, r.last).length > 0);
  const ended = endedMonthsNote(bars.ended);
  const lighter = partial || !ended ? lighterBarsNote(held.runs) : '';
  const note = bars.noBar ? `No bar: ${bars.noBar}.` : [lighter, ended].filter(Boolean).join(' ');
  return chartFigure(name, { ...drawn, ...params }, `${what}, ${daysHeldWords(held)}.${held.runs.length && note ? ` ${note}` : ''}`);
}
