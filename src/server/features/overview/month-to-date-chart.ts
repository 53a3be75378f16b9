/**
 * The Overview's month-to-date-by-service chart (`month_to_date_by_service`: the top services'
 * usage over this month's complete days beside as many days before), whose caption names both
 * spans' days, as the cards above it do. Beside a delivery that has ended, compared as the cards compare:
 * without its lines (its query given `exclude_sources`), the caption saying so briefly, referring to the cards' sentence.
 * When usage is not compared (a compared day not in the store, a delivery that has ended), this month's bars
 * alone (`month_by_service`), the caption saying that nothing is compared, as the cards above (it drew nothing).
 */
import { listParam } from '../../../engine/duckdb.ts';
import { addDays, daySpan } from '../../../lib/calendar.ts';
import { capitalised } from '../../../lib/text.ts';
import { chartFigure, type Html } from '../../html/index.ts';
import { endedReference, type OverviewEnded } from './ended-comparison.ts';

/** A half-open span of days as overview/month_to_date gives it (null when it has none). */
export interface HalfOpenSpan {
  start: string | null;
  end: string | null;
}

/** What the chart compares, as the Overview's cards name it. */
export interface MonthToDateChart {
  asOf: string;
  cost: string;
  /** `billed cost`, `effective (amortised) cost`. */
  costLabel: string;
  /** `usage month to date`, `usage in Nov 2018`. */
  usageName: string;
  /** The compared days' name when they are not the same days last month (`the 31 days before`), else null. */
  before: string | null;
  current: HalfOpenSpan;
  previous: HalfOpenSpan;
  /** Beside a delivery that has ended, the sources both spans are read without and the caption's words saying so (ended-comparison.ts endedReference); null else. */
  without: { sources: string[]; sentence: string } | null;
  /** When usage is not compared, the caption's words saying so ({@link notComparedReference}): this month's bars are drawn alone; null when compared. */
  notCompared: string | null;
}

/**
 * The chart's words when usage is not compared, referring to the cards' reason as the top tables do: beside a
 * delivery that has ended, `Not compared, as the cards above: a delivery that has ended.` (endedReference), else
 * (a compared day not in the store) `Not compared, as the cards above: a day not in the store is not a day of no spend.`
 */
export function notComparedReference(ended: OverviewEnded | null): string {
  return ended?.notCompared ? endedReference(ended) : 'Not compared, as the cards above: a day not in the store is not a day of no spend.';
}

/** `1–7 Dec 2026` for a half-open span; null without days. */
function daysOf(span: HalfOpenSpan): string | null {
  return span.start && span.end && span.start < span.end ? daySpan(span.start, addDays(span.end, -1)) : null;
}

/**
 * The chart and its caption: `Usage month to date by service, 1–7 Dec 2026 against the same days
 * last month, 1–7 Nov 2026 (billed cost).`, followed by the sentence of a delivery left out (`without`);
 * not compared, this month's bars alone: `Usage in Nov 2018 by service, 1–30 Nov 2018 (billed cost). Not
 * compared, as the cards above: a delivery that has ended.`
 */
export function monthToDateByServiceChart(chart: MonthToDateChart): Html {
  const current = daysOf(chart.current);
  if (chart.notCompared !== null) {
    const caption = `${capitalised(chart.usageName)} by service${current ? `, ${current}` : ''} (${chart.costLabel}). ${chart.notCompared}`;
    return chartFigure('month_by_service', { as_of: chart.asOf, cost: chart.cost }, caption);
  }
  const previous = daysOf(chart.previous);
  const against = chart.before ?? 'the same days last month';
  const caption = current && previous
    ? `${capitalised(chart.usageName)} by service, ${current} against ${against}, ${previous} (${chart.costLabel}).`
    : `${capitalised(chart.usageName)} by service against ${against} (${chart.costLabel}).`;
  const params = { as_of: chart.asOf, cost: chart.cost, ...(chart.without ? { exclude_sources: listParam(chart.without.sources) } : {}) };
  return chartFigure('month_to_date_by_service', params, chart.without ? `${caption} ${chart.without.sentence}` : caption);
}
