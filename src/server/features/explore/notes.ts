/**
 * Explore's notes about what its figures hold: the fees, tax and credits posted in the days shown
 * (a month's fee or tax posts on one day, so the daily chart shows it as one tall bar), and the
 * days of the range the store does not hold (a total over them is of the days it holds).
 */
import { html } from 'hono/html';
import { listParam } from '../../../engine/duckdb.ts';
import { daysNotInStoreAre, type DaysNotInStore } from '../../../lib/calendar.ts';
import { toUnits } from '../../../lib/money.ts';
import type { Analyses } from '../../analysis-service.ts';
import { day, type Html, money, records } from '../../html/index.ts';
import type { DayRange } from './range.ts';
import { sumDecimals } from './table.ts';
import { exploreQueryParams, type ExploreView } from './view.ts';

/** The charge classes that post once (a month's fee, a one-time charge, tax, a credit), not day by day. */
const POSTED_CLASSES = ['recurring', 'one-time', 'tax', 'credit'];

/** The fees, tax and credits of the days shown: their sum, and the day that holds the most of them (exact decimals). */
export interface Postings {
  total: string;
  day: string;
  dayCost: string;
}

/**
 * The fees, tax and credits among the lines a daily view shows (its filters kept, the charge-class
 * filter's other classes too): explore/daily_spend_by over those classes, summed per day.
 * Undefined for a monthly view, a view of usage alone, or days without such a line.
 */
export async function postedCharges(analyses: Analyses, view: ExploreView, range: DayRange): Promise<Postings | undefined> {
  const chosen = view.filters.charge_class;
  const classes = chosen.length ? POSTED_CLASSES.filter((c) => chosen.includes(c)) : POSTED_CLASSES;
  if (view.grain !== 'day' || classes.length === 0) return undefined;
  const params = { ...exploreQueryParams(view, range), charge_classes: listParam(classes), top: '1' };
  const { result } = await analyses.source('explore/daily_spend_by', Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]])));
  const byDay = new Map<string, string[]>();
  for (const row of records(result)) byDay.set(row.day ?? '', [...(byDay.get(row.day ?? '') ?? []), row.cost ?? '0']);
  if (byDay.size === 0) return undefined;
  const days = [...byDay].map(([d, costs]) => ({ day: d, cost: sumDecimals(costs) }));
  const most = days.reduce((a, b) => (abs(toUnits(b.cost)) > abs(toUnits(a.cost)) ? b : a));
  return { total: sumDecimals(days.map((d) => d.cost)), day: most.day, dayCost: most.cost };
}

function abs(units: bigint): bigint {
  return units < 0n ? -units : units;
}

/** The note under the daily chart: fees, tax and credits stand on the day they posted; a link to usage alone. */
export function postingsNote(postings: Postings, usageOnlyHref: string): Html {
  return html`<p class="note" id="explore-chart-fees">Fees, tax and credits count on the days they posted, not day by day:
  <span data-value="${postings.total}">${money(postings.total)}</span> of these days' cost, the most on ${day(postings.day)}
  (<span data-value="${postings.dayCost}">${money(postings.dayCost)}</span>), so a day can stand far above the others.
  <a href="${usageOnlyHref}">Show usage only</a>.</p>`;
}

/** Beside the total: the range's days the store does not hold, and why; the figures are of the days it holds. */
export function notInStoreNote(missing: DaysNotInStore): Html {
  return html`<span class="note" id="explore-not-in-store">(${missing.why}: ${daysNotInStoreAre(missing)} not in it, so the figures are of the days it holds; a day not in the store is not a day of no spend)</span>`;
}
