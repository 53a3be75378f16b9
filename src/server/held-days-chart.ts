/**
 * A page's monthly chart (Storage, Data transfer) over the days the store holds of its months: its
 * days and caption from daysHeldOf / daysHeldWords (src/lib/store-days.ts), its lighter bars named by
 * the months held only in part, wherever a gap cuts them (lighterBarsNote), as its rows draw them
 * (their query's days: queries/calendar/month_days_in_store.cte.sql). A month a delivery that has
 * ended stops inside while another's data runs on, holding that delivery's lines of the page (its
 * storage, its data transfer), holds every day but not a whole month of them: its query's rows say
 * so (`ended_through`, `ended_sources`), as the chart's lighter bar and tooltip do, and the page's
 * words are read from the same rows ({@link endedInMonthRows}), so that the table, the cards, the
 * caption and the chart give one verdict per month ({@link endedMonthsNote}; never "Every bar is a
 * whole month.", nor when no bar is drawn). A partial day after such a delivery's own data horizon
 * (the legacy CUR's 14 Nov 2023 beside the FOCUS sample of Sept 2024) is named in the caption.
 */
import { lighterBarsNote, partMonths } from '../analyze/month-names.ts';
import { endedDeliveriesPhrase, endedPartialDays, type EndedPartialDay, partialDaysClause } from '../analyze/ended-delivery.ts';
import type { SourceSpans } from '../analyze/source-spans.ts';
import { addDays, daysBetween, daysInMonth, monthLabel, shortDay } from '../lib/calendar.ts';
import { ascending } from '../lib/order.ts';
import { capitalised } from '../lib/text.ts';
import { type DaysHeld, daysHeldWords } from '../lib/store-days.ts';
import { chartFigure, type Html } from './html/index.ts';

/** A row of a monthly query (storage/monthly_cost_by_class, data_transfer/monthly_cost_by_type) as text cells. */
type MonthRow = Record<string, string | null>;

/** A month of a page's days that holds the lines of a delivery that has ended inside it only up to `lastDay`, while another's data runs on. */
export interface EndedInMonth {
  /** The month's first day. */
  month: string;
  /** That delivery's data horizon: the last complete day of its data. */
  lastDay: string;
  /** Its sources, sorted. */
  sources: string[];
}

/**
 * The months whose rows (`ended_through`, `ended_sources`: a delivery that has ended inside the month, before its
 * last whole day, whose lines of the query the month holds) say they are not whole, earliest first, each once: the
 * real Nov 2018 CUR cut after 13 Nov beside a FOCUS export of 1–30 Nov holds Nov 2018's storage only to 13 Nov; a
 * FOCUS 1.0 export ending on 29 Oct 2018, its lines without a usage type, holds no storage line, so October is whole.
 */
export function endedInMonthRows(rows: readonly MonthRow[]): EndedInMonth[] {
  const byMonth = new Map<string, EndedInMonth>();
  for (const r of rows) {
    const month = r.month?.slice(0, 10);
    if (!month || !r.ended_through || !r.ended_sources || byMonth.has(month)) continue;
    byMonth.set(month, { month, lastDay: r.ended_through.slice(0, 10), sources: r.ended_sources.split(', ') });
  }
  return [...byMonth.values()].sort((a, b) => ascending(a.month, b.month));
}

/**
 * `not a whole month of the storage lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov
 * 2018)`: a month {@link endedInMonthRows} gave, `lines` the page's lines (`the storage lines`), the delivery in the
 * house words (ended-delivery.ts endedDeliveriesPhrase), as the chart's tooltip says it.
 */
function notWholeOf(ended: EndedInMonth, lines: string): string {
  return `not a whole month of ${lines} of ${endedDeliveriesPhrase([{ lastDay: ended.lastDay, sources: ended.sources }])}`;
}

/** `Nov 2018 is not a whole month of the storage lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)` ({@link notWholeOf}). */
export function endedInMonthWords(ended: EndedInMonth, lines: string): string {
  return `${monthLabel(ended.month)} is ${notWholeOf(ended, lines)}`;
}

/**
 * The days a monthly query's rows (`rows`: `days`, `partial_days`, month_days_in_store.cte.sql's, the same on every row
 * of a month) count of `month` (`2018-11` or `2018-11-01`): the days the store holds whole and the partial days;
 * null when no row is of the month. What the Storage table's month headings and the Data transfer page's month name say.
 */
export function monthDaysInRows(month: string, rows: readonly MonthRow[]): { days: number; partial: number } | null {
  const own = rows.filter((r) => r.month?.slice(0, 7) === month.slice(0, 7));
  if (own.length === 0) return null;
  return { days: Math.max(...own.map((r) => Number(r.days ?? 0))), partial: Math.max(0, ...own.map((r) => Number(r.partial_days ?? 0))) };
}

/**
 * What a page says of a month it counts to its last day (`month`, its first day) after its name, one verdict with its
 * chart's: `the whole month`; else, as its rows (`rows`, of the chart's query) say, `not a whole month of the data
 * transfer lines of …` ({@link notWholeOf}) when a delivery that has ended stops inside it, or the days held
 * (`27 of its 30 days`, `13 of its 30 days and 1 partial`); as `held` (daysHeldOf the month) counts them when the rows
 * hold none of it (the month has no line of the page's).
 */
export function overMonthWords(month: string, rows: readonly MonthRow[], lines: string, held: DaysHeld): string {
  const ended = endedInMonthRows(rows).find((e) => e.month === month);
  if (ended) return notWholeOf(ended, lines);
  const monthDays = daysInMonth(month);
  const { days, partial } = monthDaysInRows(month, rows) ?? { days: held.runs.reduce((n, r) => n + daysBetween(r.first, r.last) + 1, 0), partial: 0 };
  return days < monthDays ? `${days} of its ${monthDays} days${partial > 0 ? ` and ${partial} partial` : ''}` : 'the whole month';
}

/**
 * `Nov 2018 is not a whole month of the storage lines of aws/836060457634, a delivery that has ended (its data ends
 * on 13 Nov 2018).`: the months {@link endedInMonthRows} gave, whose figures are not comparable to a whole month's
 * though the store holds every day of them, joined by `; `; '' when none.
 */
export function endedMonthsNote(ended: readonly EndedInMonth[], lines: string): string {
  if (ended.length === 0) return '';
  return `${capitalised(ended.map((e) => endedInMonthWords(e, lines)).join('; '))}.`;
}

/**
 * The partial days of the deliveries that have ended (ended-delivery.ts endedPartialDays of the store's `deliveries`,
 * none when it has none) that the rows count as partial (`partial_sources`, of the day's month): the legacy CUR's
 * 14 Nov 2023, usage to 04:00, beside the FOCUS sample of Sept 2024; none where another delivery holds the day whole.
 */
export function endedPartialDaysInRows(deliveries: Pick<SourceSpans, 'ended' | 'sourcesOf'> | undefined, rows: readonly MonthRow[]): EndedPartialDay[] {
  if (!deliveries) return [];
  return endedPartialDays(deliveries).filter((p) => rows.some((r) => r.month?.slice(0, 7) === p.day.slice(0, 7) && r.partial_sources === p.sources.join(', ')));
}

/** `14 Nov 2023 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023).`, each such day once; '' when none. */
export function endedPartialDaysNote(partialDays: readonly EndedPartialDay[]): string {
  return partialDays.length ? `${partialDaysClause(partialDays, (d) => shortDay(d, true))}.` : '';
}

/**
 * What a chart draws besides its days: whether it draws any bar (`noBar`: why not, when it draws none), the months a
 * delivery that has ended stops inside ({@link endedInMonthRows}) with the page's lines (`lines`: `the storage lines`)
 * and the partial days of such deliveries its rows count ({@link endedPartialDaysInRows}).
 */
export interface ChartBars {
  /** Why no bar is drawn (`no line of these days is classified as storage`), or null when some are. */
  noBar: string | null;
  ended: readonly EndedInMonth[];
  lines: string;
  partialDays: readonly EndedPartialDay[];
}

/**
 * Chart `name` over the days the store holds of a span (`held`, daysHeldOf's): drawn from the first
 * held day to the last (over `span`, half-open, when it holds none), with `params`, and captioned
 * `${what}, ${the days held} (why the others are not). ${lighter bars}`: `Monthly storage billed cost
 * by service, 1–14 Nov 2023 and 1–30 Sep 2024 (the store holds no billing data from 1 Dec 2018 to 31 Oct
 * 2023 and from 15 Nov 2023 to 31 Aug 2024). Lighter bars: part of a month (1–14 Nov 2023).`;
 * `…, no data (…).` when it holds none; `No bar: <why>.` when it draws none; the months a delivery that
 * has ended stops inside named ({@link endedMonthsNote}) instead of `Every bar is a whole month.`, and the
 * partial days of such deliveries the rows count ({@link endedPartialDaysNote}).
 */
export function heldDaysChart(name: string, what: string, held: DaysHeld, span: { from: string; to: string }, params: Record<string, string>, bars: ChartBars): Html {
  const [first, last] = [held.runs[0]?.first, held.runs.at(-1)?.last];
  const drawn = first && last ? { from: first, to: addDays(last, 1) } : span;
  const partial = held.runs.some((r) => partMonths(r.first, r.last).length > 0);
  const ended = endedMonthsNote(bars.ended, bars.lines);
  const lighter = partial || !ended ? lighterBarsNote(held.runs) : '';
  const note = bars.noBar ? `No bar: ${bars.noBar}.` : [lighter, ended, endedPartialDaysNote(bars.partialDays)].filter(Boolean).join(' ');
  return chartFigure(name, { ...drawn, ...params }, `${what}, ${daysHeldWords(held)}.${held.runs.length && note ? ` ${note}` : ''}`);
}
