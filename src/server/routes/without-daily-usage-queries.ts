/**
 * What each query of `queries/` asks of a store without daily usage (a CUR at monthly time
 * granularity, whose usage lines count as recurring and are dated to the first of their month; fees
 * only), served over the query API (`/api/queries/…`, JSON, CSV or Arrow) or as a chart's data
 * (`/api/charts/…`, `/charts/….svg`). Such a store answered them all with 200: $0.00 or no row
 * where a query reads days of usage, a whole bill or none of it as the days of a range cut inside a
 * month. Each query is now one of three, by its area (`area` of `area/name`) unless it is listed
 * itself:
 * - it reads no days of usage (whole bills, the store's calendar, metrics, inventory, ledgers):
 *   answered as it is;
 * - it takes a range of charge days: refused (400) when a bound given cuts a month, in the words of
 *   the Explore page and the analyses API, naming the parameters given (whole-bills-days.ts);
 * - it reads days of usage: refused (404) as its page refuses that store, with the same message
 *   and hint (noDailyUsageError), or in its own words where no page refuses it (the words of the
 *   command that reads it where one does: anomalies, the forecast).
 * `GET /api/queries` lists each query's rule as `withoutDailyUsage` (withoutDailyUsageListing).
 */
import { ANOMALIES_NEED } from '../../analyze/anomalies/index.ts';
import { billSpan } from '../../analyze/billing-calendar.ts';
import { FINDINGS_NEED } from '../../analyze/findings-window.ts';
import { FORECAST_NEED } from '../../analyze/forecast/index.ts';
import { KPI_NEED } from '../../analyze/kpi/index.ts';
import { MODERNISE_NEED } from '../../analyze/modernise/index.ts';
import { noDailyUsageError, type WholeBillsOnly } from '../../analyze/monthly-bills.ts';
import type { Engine } from '../../engine/engine.ts';
import { rangeBounds, type NamedQuery, type RangeBounds } from '../../engine/queries.ts';
import { CostlensError } from '../../errors.ts';
import { TRANSFER_NEED } from '../features/data-transfer/index.ts';
import { STORAGE_NEED } from '../features/storage/index.ts';
import type { QueryCheck } from '../query-service.ts';
import { SnapshotEngine } from '../snapshot-engine.ts';
import { refuseDaysCutInsideMonth } from '../whole-bills-days.ts';

/** How a query reads a store without daily usage. */
export type WholeBillsRule =
  | { reads: 'no usage days' }
  | { reads: 'charge days' }
  | { reads: 'daily usage'; needs: string };

/** The Overview's cards that read days of usage, in the words of its whole-bills note. */
const OVERVIEW_NEED = "the Overview's month to date, daily usage by service and top services and accounts compare days of usage, so they need";
/** The daily trends no command of their own refuses (unit cost per day, trends/daily_cost_and_units). */
const TRENDS_NEED = 'daily trends sum spend by charge day, so they need';
/** Commitment purchase advice, in the words of its note on the Commitments page (src/analyze/commitments/analyse.ts). */
const ADVICE_NEED = "purchase advice replays each hour's on-demand spend, so it needs";
const RESOURCE_COST_NEED = "a resource's daily cost sums its usage lines by charge day, so it needs";

const NO_DAYS: WholeBillsRule = { reads: 'no usage days' };
const CHARGE_DAYS: WholeBillsRule = { reads: 'charge days' };
const daily = (needs: string): WholeBillsRule => ({ reads: 'daily usage', needs });

/** Request parameters as given (the query string's values). */
type GivenParams = Readonly<Record<string, string | string[] | undefined>>;

/** The rule of each query area, and of the queries whose area's rule is not theirs. */
const RULES: ReadonlyMap<string, WholeBillsRule> = new Map([
  ['alerts', NO_DAYS],
  ['calendar', NO_DAYS],
  ['metrics', NO_DAYS],
  ['store', NO_DAYS],
  ['attribution', CHARGE_DAYS],
  ['budgets', CHARGE_DAYS],
  ['commitments', CHARGE_DAYS],
  ['explain', CHARGE_DAYS],
  ['explore', CHARGE_DAYS],
  ['invoice', CHARGE_DAYS],
  ['report', CHARGE_DAYS],
  ['resource', CHARGE_DAYS],
  ['anomalies', daily(ANOMALIES_NEED)],
  ['data_transfer', daily(TRANSFER_NEED)],
  ['kpi', daily(KPI_NEED)],
  ['modernise', daily(MODERNISE_NEED)],
  ['optimisation', daily(FINDINGS_NEED)],
  ['overview', daily(OVERVIEW_NEED)],
  ['storage', daily(STORAGE_NEED)],
  ['trends', daily(TRENDS_NEED)],
  ['commitments/eligible_on_demand_hourly', daily(ADVICE_NEED)],
  ['optimisation/default_as_of', NO_DAYS],
  ['optimisation/instance_utilisation', NO_DAYS],
  ['overview/data_range', NO_DAYS],
  ['resource/daily_cost', daily(RESOURCE_COST_NEED)],
  ['resource/daily_metrics', NO_DAYS],
  ['trends/business_metric_summary', NO_DAYS],
  ['trends/daily_spend', daily(FORECAST_NEED)],
  ['trends/daily_spend_by_service_and_account', daily(ANOMALIES_NEED)],
  ['trends/recurring_fees_by_commitment_term', CHARGE_DAYS],
  ['trends/spend_by_class_and_service', CHARGE_DAYS],
]);

/** The rule of query `name` (area/name): its own, else its area's; undefined for an area given none (tests/server/monthly-store-api-rest.test.ts checks that every query has one). */
export function wholeBillsRule(name: string): WholeBillsRule | undefined {
  return RULES.get(name) ?? RULES.get(name.split('/')[0]);
}

/**
 * What `GET /api/queries` lists of a query's rule on a store without daily usage, as
 * {@link refuseQueryWithoutDailyUsage} applies it: `answered` as in any store (it reads no days of
 * usage, or takes no range of charge days); `whole-months`, a 400 when a bound of `bounds` (the
 * parameters of its ranges of charge days, in header order) is given off the first of a month;
 * `refused`, a 404 saying what the store holds and that `needs` (`…, so it needs`) a daily or hourly CUR.
 */
export type WithoutDailyUsageListing =
  | { rule: 'answered' }
  | { rule: 'whole-months'; bounds: string[] }
  | { rule: 'refused'; needs: string };

/** Query `query`'s rule on a store without daily usage, as `GET /api/queries` lists it ({@link WithoutDailyUsageListing}). */
export function withoutDailyUsageListing(query: Pick<NamedQuery, 'name' | 'params'>): WithoutDailyUsageListing {
  const rule = wholeBillsRule(query.name);
  if (rule?.reads === 'daily usage') return { rule: 'refused', needs: rule.needs };
  const bounds = rule?.reads === 'charge days' ? chargeDayRanges(query).flatMap((range) => [range.start, range.end]) : [];
  return bounds.length > 0 ? { rule: 'whole-months', bounds } : { rule: 'answered' };
}

/** The ranges of charge days among a query's parameters (rangeBounds: DATE bounds; billing-period ranges, which cut no bill, left out). */
function chargeDayRanges(query: Pick<NamedQuery, 'params'>): RangeBounds[] {
  const date = new Set(query.params.filter((p) => p.type === 'DATE').map((p) => p.name));
  return rangeBounds(query.params).filter((r) => date.has(r.start) && !/(^|_)billing_/.test(r.start));
}

/** A bound as the request gave it: its first value, unless it is the header's default (an open bound such as 9999-12-31). */
function givenBound(query: Pick<NamedQuery, 'params'>, given: GivenParams, name: string): string | undefined {
  const raw = given[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === query.params.find((p) => p.name === name)?.defaultValue ? undefined : value;
}

/**
 * Refuses `query` with the parameters `given` (already checked: validateParams) in a store without
 * daily usage (`bills`, what it holds; undefined in a store of daily usage, or an empty one), by its
 * rule: a query reading days of usage is the not_found error (HTTP 404) its page shows; a range of
 * charge days cut inside a month, the usage error (HTTP 400) that names its bounds as given.
 */
export function refuseQueryWithoutDailyUsage(query: Pick<NamedQuery, 'name' | 'params'>, given: GivenParams, bills: WholeBillsOnly | undefined): void {
  const rule = wholeBillsRule(query.name);
  if (!bills || !rule || rule.reads === 'no usage days') return;
  if (rule.reads === 'daily usage') throw noDailyUsageError(bills, rule.needs);
  for (const range of chargeDayRanges(query)) {
    refuseDaysCutInsideMonth(bills, { start: givenBound(query, given, range.start), end: givenBound(query, given, range.end) }, { names: range });
  }
}

/**
 * The check the query API runs before `query` on the generation it then reads (QueryService.run):
 * what the store holds, read as the pages' range checks read it (billSpan: one query,
 * calendar/data_horizon, in a store of daily usage; with calendar/bills_by_class in one without),
 * then {@link refuseQueryWithoutDailyUsage}; undefined when nothing could be refused (a query that
 * reads no days of usage, or no bound of a range of charge days given), which needs no look at the
 * store. `find` gives a query's header, for the types of the rows read.
 */
export function wholeBillsCheck(query: Pick<NamedQuery, 'name' | 'params'>, given: GivenParams, find: (name: string) => NamedQuery): QueryCheck | undefined {
  const rule = wholeBillsRule(query.name);
  const boundGiven = (range: RangeBounds) => [range.start, range.end].some((name) => givenBound(query, given, name) !== undefined);
  const refusable = rule?.reads === 'daily usage' || (rule?.reads === 'charge days' && chargeDayRanges(query).some(boundGiven));
  if (!refusable) return undefined;
  return async (run) => refuseQueryWithoutDailyUsage(query, given, await wholeBillsOnly(new SnapshotEngine('query-check', run, find)));
}

/** What a store without daily usage holds (billSpan's `wholeBillsOnly`); undefined in a store of daily usage, or one without billing data. */
async function wholeBillsOnly(engine: Engine): Promise<WholeBillsOnly | undefined> {
  try {
    return (await billSpan(engine)).wholeBillsOnly;
  } catch (error) {
    if (error instanceof CostlensError && error.code === 'not_found') return undefined;
    throw error;
  }
}
