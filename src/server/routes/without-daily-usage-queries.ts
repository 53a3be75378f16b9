/**
 * The queries that sum days of usage for a page that refuses a store without daily usage (a CUR at
 * monthly time granularity, whose usage lines count as recurring; fees only): Storage, Data
 * transfer and the KPIs. Served over the query API (`/api/queries/storage/…`, JSON, CSV or Arrow)
 * or as a chart's data (`/api/charts/…`, `/charts/….svg`), such a store gave their rows as $0.00
 * or none; they are refused as their page refuses it, with the same message and hint.
 */
import { noDailyUsageError, type WholeBillsOnly } from '../../analyze/monthly-bills.ts';
import { TRANSFER_NEED } from '../features/data-transfer/index.ts';
import { KPI_NEED } from '../features/kpi/index.ts';
import { STORAGE_NEED } from '../features/storage/index.ts';

/** Query areas (`area` of `area/name`) and what their page needs (noDailyUsageError's `needs`). */
const NEEDS_BY_AREA: ReadonlyMap<string, string> = new Map([
  ['storage', STORAGE_NEED],
  ['data_transfer', TRANSFER_NEED],
  ['kpi', KPI_NEED],
]);

/** Whether query `name` (area/name) reads days of usage for a page that refuses a store without them. */
export function needsDailyUsage(name: string): boolean {
  return NEEDS_BY_AREA.has(name.split('/')[0]);
}

/**
 * Refuses query `name` in a store without daily usage (`bills`, what it holds; undefined in a store
 * of daily usage, or an empty one) when its page refuses that store: the not_found error (HTTP 404)
 * its page shows, saying what the store holds, what the figures need and how to re-export the CUR.
 */
export function refuseQueryWithoutDailyUsage(name: string, bills: WholeBillsOnly | undefined): void {
  const needs = NEEDS_BY_AREA.get(name.split('/')[0]);
  if (needs !== undefined && bills) throw noDailyUsageError(bills, needs);
}
