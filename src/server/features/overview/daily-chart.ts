/**
 * The Overview's "Daily usage by service" chart, from the first of last month to the page's as-of
 * day; its caption names the days it draws, from the store's first charge day when that is later
 * (a store that begins mid-month) to its last when that is earlier. Its lighter bars are the
 * provisional days as anomalies and the weekly e-mail count them: the last
 * `anomalies.provisionalDays` complete days up to the store's data horizon (firstProvisionalDay),
 * not every day of a billing period not yet invoiced, said in the freshness line's words
 * (src/analyze/provisional-wording.ts, treatedAsProvisional).
 */
import { firstProvisionalDay } from '../../../analyze/billing-calendar.ts';
import { lastCompleteDays, treatedAsProvisional } from '../../../analyze/provisional-wording.ts';
import { addDays, daySpan } from '../../../lib/calendar.ts';
import { dayInStore } from '../../../lib/store-days.ts';
import type { ReportContext } from '../../context.ts';
import { chartFigure, type Html } from '../../html/index.ts';

/** The chart's days: the store's data horizon, the page's as-of day and the days before it shown. */
export interface DailyChartDays {
  context: Pick<ReportContext, 'prev_month_start' | 'as_of' | 'as_of_next' | 'horizon'> & Partial<Pick<ReportContext, 'first_day' | 'last_day' | 'data_gaps'>>;
  /** The last complete days that are provisional (anomalies.provisionalDays). */
  provisionalDays: number;
}

/**
 * The days the chart draws (first and last, both included): the first of last month to the as-of
 * day, less the days before the store's first charge day, after its last, and in a gap between
 * its billing periods at either end; null when the store holds none of them.
 */
export function drawnDays({ context }: Pick<DailyChartDays, 'context'>): { first: string; last: string } | null {
  const store = context.first_day ? { firstDay: context.first_day, gaps: context.data_gaps ?? [], lastDay: context.last_day } : undefined;
  let first = context.prev_month_start;
  let last = context.as_of;
  while (store && first <= last && !dayInStore(first, store)) first = addDays(first, 1);
  while (store && first <= last && !dayInStore(last, store)) last = addDays(last, -1);
  return first <= last ? { first, last } : null;
}

/**
 * The provisional days the chart shows (first and last, both included): the last `provisionalDays`
 * complete days up to the data horizon that fall among the days it draws (drawnDays); null when
 * none does (an as-of day before them, no horizon, `provisionalDays: 0`).
 */
export function shownProvisionalDays(days: DailyChartDays): { from: string; to: string } | null {
  const { context, provisionalDays } = days;
  const from = context.horizon ? firstProvisionalDay({ lastDay: context.horizon }, provisionalDays) : null;
  const drawn = drawnDays(days);
  if (from === null || drawn === null || from > drawn.last) return null;
  return { from: from < drawn.first ? drawn.first : from, to: drawn.last };
}

/** The chart and its caption, which names the days drawn, and the lighter days and why they are lighter. */
export function dailyUsageChart(days: DailyChartDays, cost: string, costLabel: string): Html {
  const { context, provisionalDays } = days;
  const shown = shownProvisionalDays(days);
  const drawn = drawnDays(days);
  const lighter = shown
    ? ` Lighter bars: ${daySpan(shown.from, shown.to)}, ${treatedAsProvisional(lastCompleteDays(provisionalDays))}.`
    : '';
  const caption = drawn
    ? `Daily usage (${costLabel}) by service, ${daySpan(drawn.first, drawn.last)}: fees, tax and credits post once a period and are not daily spend (every charge class is listed below).${lighter}`
    : `Daily usage (${costLabel}) by service: the store holds no day of ${daySpan(context.prev_month_start, context.as_of)}.`;
  return chartFigure(
    'daily_spend_by_service',
    { start: context.prev_month_start, end: context.as_of_next, ...(shown ? { first_provisional_day: shown.from } : {}), cost },
    caption,
  );
}
