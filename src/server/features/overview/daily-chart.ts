/**
 * The Overview's "Daily usage by service" chart, from the first of last month to the page's as-of
 * day. Its lighter bars are the provisional days as anomalies and the weekly e-mail count them:
 * the last `anomalies.provisionalDays` complete days up to the store's data horizon, which AWS may
 * still restate (firstProvisionalDay), not every day of a billing period not yet invoiced.
 */
import { firstProvisionalDay } from '../../../analyze/billing-calendar.ts';
import { daySpan } from '../../../lib/calendar.ts';
import type { ReportContext } from '../../context.ts';
import { chartFigure, day, type Html } from '../../html/index.ts';

/** The chart's days: the store's data horizon, the page's as-of day and the days before it shown. */
export interface DailyChartDays {
  context: Pick<ReportContext, 'prev_month_start' | 'as_of' | 'as_of_next' | 'horizon'>;
  /** The last complete days that are provisional (anomalies.provisionalDays). */
  provisionalDays: number;
}

/**
 * The provisional days the chart shows (first and last, both included): the last `provisionalDays`
 * complete days up to the data horizon that fall between the chart's first day and the as-of day;
 * null when none does (an as-of day before them, no horizon, `provisionalDays: 0`).
 */
export function shownProvisionalDays({ context, provisionalDays }: DailyChartDays): { from: string; to: string } | null {
  const from = context.horizon ? firstProvisionalDay({ lastDay: context.horizon }, provisionalDays) : null;
  if (from === null || from > context.as_of) return null;
  return { from: from < context.prev_month_start ? context.prev_month_start : from, to: context.as_of };
}

/** The chart and its caption, which names the lighter days and why they are lighter. */
export function dailyUsageChart(days: DailyChartDays, cost: string, costLabel: string): Html {
  const { context, provisionalDays } = days;
  const shown = shownProvisionalDays(days);
  const lighter = shown
    ? ` Lighter bars: ${daySpan(shown.from, shown.to)}, provisional (AWS may still restate the last ${provisionalDays === 1 ? 'complete day' : `${provisionalDays} complete days`} of billing data).`
    : '';
  return chartFigure(
    'daily_spend_by_service',
    { start: context.prev_month_start, end: context.as_of_next, ...(shown ? { first_provisional_day: shown.from } : {}), cost },
    `Daily usage (${costLabel}) by service, ${day(context.prev_month_start)} – ${day(context.as_of)}: fees, tax and credits post once a period and are not daily spend (every charge class is listed below).${lighter}`,
  );
}
