import type { BillingDaySpan, HeldBackHorizon } from '../analyze/billing-day-span.ts';
import { lastCompleteMonthOf } from '../analyze/default-period.ts';
import { endedDeliveryTexts } from '../analyze/ended-delivery.ts';
import { listParam } from '../engine/duckdb.ts';
import type { SourceSpans } from '../analyze/source-spans.ts';
import { type BillsByClassRow, completeBills, type WholeBillsOnly, wholeBillsNote, wholeBillsOf } from '../analyze/monthly-bills.ts';
import { addDays, addMonths, type DayRun, lastWholeMonthUpTo, monthEnd, monthStart, utcToday } from '../lib/calendar.ts';
import { gapsBetween, type StoreDays } from '../lib/store-days.ts';
import type { QueryResult } from './query-result.ts';
import type { QueryRunner } from './query-service.ts';

/**
 * The days a dashboard is about, worked out from the data: `as_of` is the data horizon (the last
 * complete charge day of usage in the store, queries/calendar/data_horizon.sql), never the wall
 * clock; the rest follow from it. Chart specs refer to these as `{{name}}` in their parameters.
 * A store without daily usage (a CUR at monthly time granularity, fees only) has no data horizon:
 * `whole_bills` says what it holds, and `as_of` is the last day of its last complete bill.
 */
export interface ReportContext {
  /** The clock's date, UTC: only invoice status (provisional billing periods) is judged against it. */
  today: string;
  /** The last day shown: the data horizon (in a store without daily usage, the last day of its last complete bill; today when the store is empty). */
  as_of: string;
  /** The day after as_of: the exclusive end of "up to as_of". */
  as_of_next: string;
  /** The first day of as_of's month. */
  month_start: string;
  /** The first day of the month before as_of's. */
  prev_month_start: string;
  /** The first of the last 30 complete days ending at as_of. */
  last_30_start: string;
  /**
   * The deliveries that have ended (src/analyze/ended-delivery.ts endedDeliveryTexts of `deliveries`), as the
   * monthly charts' `ended` parameter takes them (a JSON array: `["2018-11-13 aws/836060457634"]`; `[]` when none).
   */
  ended_deliveries: string;
  /**
   * The last complete month (YYYY-MM): as_of's month when as_of is its last day, else the one before;
   * in a store of several deliveries, back past each month whose bill a delivery of fees only has not
   * invoiced yet (src/analyze/default-period.ts, lastCompleteMonthOf), as the default period judges it.
   */
  last_complete_month: string;
  /**
   * Why the months after `last_complete_month` up to as_of's last whole month are not complete, each
   * bill of fees not invoiced yet that keeps one open, earliest first, in the words every command uses
   * (lastCompleteMonthOf's `open`: `2018-11 is the latest bill of aws/111122223333 and not invoiced yet,
   * …`); empty when none is passed over (a store of one delivery).
   */
  open_bills: string[];
  /**
   * The spans of the store's deliveries (ContextSource.sourceSpans), set in a store of daily usage:
   * {@link contextFor} judges `last_complete_month` on them for whatever as-of a page picks, so a
   * context rebuilt for `?as_of=` keeps the rule.
   */
  deliveries?: SourceSpans;
  /** The first and last charge day in the store; undefined when it has no line items. */
  first_day?: string;
  /** The runs of days between them that no billing period covers (gapsBetween). */
  data_gaps: DayRun[];
  last_day?: string;
  /** The data horizon: the last complete charge day of usage; undefined without usage lines. */
  horizon?: string;
  /** Set only when a lagging delivery holds the data horizon back (src/analyze/source-spans.ts, heldBackSpan): who, for heldBackWords where the horizon is stated. */
  held_back?: HeldBackHorizon;
  /** When the last successful ingest of line items finished (UTC, as the store prints it). */
  last_ingest?: string;
  /** Line items in the store. */
  lines: number;
  /** Set only in a store of billing lines without daily usage: what it holds, and the bills it covers. */
  whole_bills?: WholeBillsContext;
}

/** What a store without daily usage holds (src/analyze/monthly-bills.ts), as the pages say it. */
export interface WholeBillsContext {
  bills: WholeBillsOnly;
  /** The last complete bill (YYYY-MM; every bill but a latest not invoiced yet), or null when none is. */
  through: string | null;
  /** The last day of its latest bill: the store holds whole months, up to this day. */
  last_day: string;
  /** The sentence that says so (wholeBillsNote): `The store holds no daily usage: its CUR is monthly, …`. */
  note: string;
}

/** What {@link reportContext} reads: named queries, and the store's span as the CLI reads it (billSpan, read once per generation). */
export interface ContextSource {
  run: QueryRunner;
  /** billSpan's span (src/analyze/billing-calendar.ts: its horizon held back by a lagging delivery), undefined when the store holds no billing data. */
  billingSpan(): Promise<BillingDaySpan | undefined>;
  /** The spans of the store's deliveries (readSourceSpans of billingSpan's: no query of its own), undefined when the store holds no billing data. */
  sourceSpans(): Promise<SourceSpans | undefined>;
}

/** The names a chart's parameters may use as `{{name}}`. */
export const CONTEXT_NAMES = ['today', 'as_of', 'as_of_next', 'month_start', 'prev_month_start', 'last_30_start', 'ended_deliveries'] as const;

/**
 * The data range and billing periods (two cached queries), the store's span as the CLI reads it
 * (`source.billingSpan()`: its data horizon, held back by a lagging delivery as every command's is)
 * and the context derived from them; in a store of billing lines without a data horizon, what its
 * bills hold (one more query).
 */
export async function reportContext(source: ContextSource, now: Date): Promise<ReportContext> {
  const [range, span, periods] = await Promise.all([source.run('overview/data_range'), source.billingSpan(), source.run('calendar/billing_period_days')]);
  const [first_day, last_day, lines, last_ingest] = range.rows[0] ?? [];
  const horizon = span && !span.wholeBillsOnly ? span : undefined;
  const wholeBills = !horizon && Number(lines ?? 0) > 0 ? wholeBillsContext(billsRows(await source.run('calendar/bills_by_class'))) : undefined;
  const deliveries = horizon ? await source.sourceSpans() : undefined;
  return contextFor(utcToday(now), {
    first_day: first_day ?? undefined,
    data_gaps: gapsBetween(periods.rows.map((row) => ({ first: row[periods.columns.indexOf('first_day')]!, last: row[periods.columns.indexOf('last_day')]! }))),
    last_day: last_day ?? undefined,
    horizon: horizon?.lastDay,
    ...(horizon?.heldBack ? { held_back: horizon.heldBack } : {}),
    last_ingest: last_ingest ?? undefined,
    lines: Number(lines ?? 0),
    ...(wholeBills ? { whole_bills: wholeBills } : {}),
    ...(deliveries ? { deliveries } : {}),
  });
}

/** The rows of queries/calendar/bills_by_class.sql as the query runner gives them (text cells), typed as the analysers read them. */
function billsRows(result: QueryResult): BillsByClassRow[] {
  const cell = (row: (string | null)[], name: string) => row[result.columns.indexOf(name)] ?? null;
  const count = (row: (string | null)[], name: string) => (cell(row, name) === null ? null : Number(cell(row, name)));
  return result.rows.map((row) => ({
    billing_period: cell(row, 'billing_period'), charge_class: cell(row, 'charge_class'),
    lines: count(row, 'lines'), usage_lines: count(row, 'usage_lines'), lines_without_invoice: count(row, 'lines_without_invoice'),
  }));
}

/** What a store without daily usage holds, and the bills it covers (see {@link WholeBillsContext}). */
function wholeBillsContext(rows: readonly BillsByClassRow[]): WholeBillsContext {
  const bills = wholeBillsOf(rows);
  return { bills, through: completeBills(bills).at(-1) ?? null, last_day: monthEnd(`${bills.periods.at(-1)!}-01`), note: wholeBillsNote(bills) };
}

/**
 * The context for a given today and data range (pure: tests and pages can call it directly). In a
 * store without daily usage, as-of defaults to the last day of its last complete bill (of its
 * latest bill when none is complete). The last complete month is judged on `data.deliveries` when
 * given (lastCompleteMonthOf: back past a month a delivery of fees only has not invoiced yet), so a
 * context rebuilt from a page's own for `?as_of=` (the Overview, Data transfer) keeps the rule.
 */
export function contextFor(today: string, data: Pick<ReportContext, 'first_day' | 'last_day' | 'horizon' | 'last_ingest' | 'lines' | 'whole_bills'> & Partial<Pick<ReportContext, 'data_gaps' | 'held_back' | 'deliveries'>>, asOf?: string): ReportContext {
  const bills = data.whole_bills;
  const billsAsOf = bills ? (bills.through ? monthEnd(`${bills.through}-01`) : bills.last_day) : undefined;
  const as_of = asOf ?? data.horizon ?? billsAsOf ?? (data.last_day && data.last_day < today ? data.last_day : today);
  // A month a delivery of fees only has not invoiced yet is not complete, whatever the usage data.
  const complete = data.deliveries ? lastCompleteMonthOf(as_of, data.deliveries) : { month: lastWholeMonthUpTo(as_of), open: [] };
  return {
    today,
    as_of,
    as_of_next: addDays(as_of, 1),
    month_start: monthStart(as_of),
    prev_month_start: addMonths(as_of, -1),
    last_30_start: addDays(as_of, -29),
    ended_deliveries: listParam(data.deliveries ? endedDeliveryTexts(data.deliveries) : []),
    last_complete_month: complete.month,
    open_bills: complete.open,
    first_day: data.first_day,
    data_gaps: data.data_gaps ?? [],
    last_day: data.last_day,
    horizon: data.horizon,
    ...(data.held_back ? { held_back: data.held_back } : {}),
    last_ingest: data.last_ingest,
    lines: data.lines,
    ...(bills ? { whole_bills: bills } : {}),
    ...(data.deliveries ? { deliveries: data.deliveries } : {}),
  };
}

/**
 * What the store's billing data covers, for daysNotInStore: from its first charge day to the data
 * horizon (the last complete day; in a store without daily usage, the last day of its latest bill,
 * whose lines span their month; else the last charge day), less its gaps. A day after the horizon
 * is not in the store, so a span reaching past it is not compared as if complete. Undefined when
 * the store holds no billing data.
 */
export function storeDaysOf(context: Pick<ReportContext, 'first_day' | 'data_gaps' | 'horizon' | 'last_day' | 'whole_bills'>): StoreDays | undefined {
  const lastDay = context.horizon ?? context.whole_bills?.last_day ?? context.last_day;
  return context.first_day ? { firstDay: context.first_day, gaps: context.data_gaps, lastDay } : undefined;
}
