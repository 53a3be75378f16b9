/**
 * Explore's notes about what its figures hold: the postings in the days shown (a line charged for a
 * month, such as its Support fee or tax, is dated to one day, so the daily chart shows it as one
 * tall bar, and a comparison can move on it alone), the days of the range the store does not hold
 * (a total over them is of the days it holds), and why a view of usage alone holds none.
 */
import { html } from 'hono/html';
import type { WholeBillsOnly } from '../../../analyze/monthly-bills.ts';
import { daysNotInStoreAre, type DaysNotInStore } from '../../../lib/store-days.ts';
import { toUnits } from '../../../lib/money.ts';
import type { Analyses } from '../../analysis-service.ts';
import { day, type Html, money, records } from '../../html/index.ts';
import type { ComparedOn } from './compared-rows.ts';
import type { DayRange } from './range.ts';
import { sumDecimals } from './compared-sums.ts';
import { exploreQueryParams, type ExploreView } from './view.ts';

/**
 * The postings among the lines a view shows: lines charged for a charge period longer than a day
 * (a month's RI and Support fees, tax, monthly credits), as `costlens invoice` and the budgets read
 * them (explore/daily_postings), with their sum, the day that holds the most of them, and the fees
 * billed by the hour or the day (a Savings Plan's recurring fee), which are daily spend, not postings,
 * but which a view of usage alone leaves out too; and the usage beside them, neither posted nor a
 * fee, which that view shows (exact decimals).
 */
export interface Postings {
  total: string;
  day: string;
  dayCost: string;
  dailyFees: string;
  /** `dailyFees` by charge class, an adjustment apart from the credits (exact decimals, in {@link DAILY_FEE_CLASSES}' order). */
  dailyFeeClasses: Record<DailyFeeClass, string>;
  usage: string;
}

/** The classes of the lines billed by the hour or the day that are not usage, as explore/daily_postings sums them, and how the note names each. */
export const DAILY_FEE_CLASSES = {
  recurring: { column: 'daily_recurring_cost', name: "recurring fees such as a Savings Plan's" },
  'one-time': { column: 'daily_one_time_cost', name: 'one-time charges' },
  tax: { column: 'daily_tax_cost', name: 'tax' },
  credit: { column: 'daily_credit_cost', name: 'credits' },
  adjustment: { column: 'daily_adjustment_cost', name: 'adjustments' },
} as const;

/** A class of {@link DAILY_FEE_CLASSES}. */
export type DailyFeeClass = keyof typeof DAILY_FEE_CLASSES;

const FEE_CLASSES = Object.keys(DAILY_FEE_CLASSES) as DailyFeeClass[];

/**
 * The postings among the lines a view shows over `range` (its filters kept, the charge-class
 * filter too), and its usage: explore/daily_postings. Undefined for a view of usage alone, or days
 * without a line.
 */
export async function postedCharges(analyses: Analyses, view: ExploreView, range: DayRange): Promise<Postings | undefined> {
  const chosen = view.filters.charge_class;
  if (chosen.length > 0 && chosen.every((c) => c === 'usage')) return undefined;
  const { dimension: _grouping, ...params } = exploreQueryParams(view, range);
  const { result } = await analyses.source('explore/daily_postings', Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]])));
  const rows = records(result);
  const days = rows.map((row) => ({ day: row.day ?? '', cost: row.posted_cost ?? '0', fees: row.daily_fee_cost ?? '0', usage: row.usage_cost ?? '0' }));
  if (days.length === 0) return undefined;
  const dailyFeeClasses = Object.fromEntries(FEE_CLASSES.map((c) => [c, sumDecimals(rows.map((row) => row[DAILY_FEE_CLASSES[c].column] ?? '0'))])) as Record<DailyFeeClass, string>;
  const most = days.reduce((a, b) => (abs(toUnits(b.cost)) > abs(toUnits(a.cost)) ? b : a));
  return {
    total: sumDecimals(days.map((d) => d.cost)), day: most.day, dayCost: most.cost,
    dailyFees: sumDecimals(days.map((d) => d.fees)), dailyFeeClasses, usage: sumDecimals(days.map((d) => d.usage)),
  };
}

/** Whether a span whose postings are `postings` holds usage to show alone (its usage lines' cost is not zero). */
export function holdsUsage(postings: Postings | undefined): boolean {
  return postings !== undefined && toUnits(postings.usage) !== 0n;
}

function abs(units: bigint): bigint {
  return units < 0n ? -units : units;
}

/** An amount as shown, its exact value in data-value. */
function figure(value: string): Html {
  return html`<span data-value="${value}">${money(value)}</span>`;
}

/** What the postings do to a comparison's change, by what it compares (compared-rows.ts). */
const POSTINGS_IN_CHANGE: Record<ComparedOn, string> = {
  usage: '; the change compares usage alone, so they do not move it',
  bill: ': a posting in either span can move the change on its own',
  none: '',
};

/** What the postings note covers: the range's postings (on a daily chart), the compared span's (with a comparison shown), and the link to usage alone. */
export interface PostingsNoteInput {
  /** The range's postings, for a daily chart; undefined for a monthly one. */
  shown?: Postings;
  /** The days of the range, as the note names them beside the compared span's (`8–14 Nov 2026`). */
  shownDays?: string;
  /** With a comparison shown: its label, its days (`1–7 Nov 2026`), the compared span's postings (undefined: none) and what its change compares. */
  compared?: { label: string; days?: string; postings?: Postings; on: ComparedOn };
  /** The same view of usage alone; null when it would show no usage (neither span holds any): no link then. */
  usageOnlyHref: string | null;
}

/**
 * The one note about postings, under the daily chart (and, with a comparison, about the change):
 * postings stand on the day they are dated; a link to usage alone, saying which daily fees it
 * leaves out too, unless that view would be empty. Empty when the view holds neither postings nor daily fees.
 */
export function postingsNote(input: PostingsNoteInput): Html | '' {
  const { shown, compared } = input;
  const holds = (p: Postings | undefined) => p !== undefined && (toUnits(p.total) !== 0n || toUnits(p.dailyFees) !== 0n);
  if (!holds(shown) && !(compared && holds(compared.postings))) return '';
  const chart = shown && toUnits(shown.total) !== 0n
    ? html` ${figure(shown.total)} of these days' cost, the most on ${day(shown.day)} (${figure(shown.dayCost)}), so a day can stand far above the others.`
    : html` none in these days.`;
  const change = compared ? html` ${compared.label} holds ${figure(compared.postings?.total ?? '0')} of them${POSTINGS_IN_CHANGE[compared.on]}.` : '';
  return html`<p class="note" id="explore-chart-fees">Postings for a charge period longer than a day (a month's RI and Support fees, tax, monthly credits) count on the day they are dated, not day by day:${chart}${change}${usageOnlyLink(input)}</p>`;
}

/**
 * ` Show usage only (it leaves out too what other charge classes bill by the hour or the day, which
 * is daily spend: credits −$2.61 and adjustments $0.27).`: each class with its
 * amount; with a comparison, each span's by its days (`8–14 Nov 2026, recurring fees such as a
 * Savings Plan's $409.25; 1–7 Nov 2026, …`). '' when there is no usage to show alone.
 */
function usageOnlyLink(input: PostingsNoteInput): Html | '' {
  if (input.usageOnlyHref === null) return '';
  const { shown, compared } = input;
  const spans = [
    { days: input.shownDays, postings: shown },
    { days: compared?.days, postings: compared?.postings },
  ].filter((s): s is { days: string | undefined; postings: Postings } => s.postings !== undefined && toUnits(s.postings.dailyFees) !== 0n);
  const named = spans.length > 1 || (compared !== undefined && spans.length === 1);
  const listed = spans.map((s, i) => html`${i ? '; ' : ''}${named && s.days ? `${s.days}, ` : ''}${feeClassesText(s.postings)}`);
  const also = spans.length ? html` (it leaves out too what other charge classes bill by the hour or the day, which is daily spend: ${listed})` : '';
  return html` <a href="${input.usageOnlyHref}">${compared ? 'Compare usage only' : 'Show usage only'}</a>${also}.`;
}

/** The classes of a span's daily fees that are not zero, each with its amount: `credits −$2.61 and adjustments $0.27`. */
function feeClassesText(postings: Postings): Html {
  const classes = FEE_CLASSES.filter((c) => toUnits(postings.dailyFeeClasses[c]) !== 0n);
  return html`${classes.map((c, i) => html`${i === 0 ? '' : i === classes.length - 1 ? ' and ' : ', '}${DAILY_FEE_CLASSES[c].name} ${figure(postings.dailyFeeClasses[c])}`)}`;
}

/**
 * Under the total of a view of usage alone that holds no usage line: why the table is empty (a
 * store without daily usage, `bills`, has none at all: its usage lines span their month, so they
 * count as recurring) and a link to the same view of every charge class (`everyClassHref`).
 */
export function noUsageNote(bills: WholeBillsOnly | undefined, everyClassHref: string): Html {
  const why = bills
    ? `the store holds no daily usage, as ${bills.reason}${bills.kind === 'monthly' ? ', and the charge classes count those lines as recurring (a charge period longer than a day)' : ''}`
    : 'no line of the usage charge class (spend by the hour or the day) matches the filters; fees, tax and credits are other charge classes';
  return html`<p class="note" id="explore-no-usage">No usage in these days: ${why}. <a href="${everyClassHref}">Show every charge class</a>.</p>`;
}

/** Beside the total: the range's days the store does not hold, and why; the figures are of the days it holds. */
export function notInStoreNote(missing: DaysNotInStore): Html {
  return html`<span class="note" id="explore-not-in-store">(${missing.why}: ${daysNotInStoreAre(missing)} not in it, so the figures are of the days it holds; a day not in the store is not a day of no spend)</span>`;
}
