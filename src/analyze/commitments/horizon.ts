/**
 * What a commitments analysis reads of the store's calendar, once per analysis: the data horizon
 * the expiry windows and the advice count from, the store's first and last charge days, what a
 * store without daily usage holds, and where its usage ends in each billing period (the point at
 * which queries/commitments/utilisation.sql cuts an RIFee the data does not complete, passed to it
 * as `data_ends_at` so that it does not scan line_items for it), and the gaps between its billing
 * periods (days no period covers: a month never ingested between two that were).
 */
import type { RawParams } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { type QueryRowTypes, runQuery } from '../../engine/query-types.ts';
import type { AttributionRange } from '../attribution/index.ts';
import { billSpanOf } from '../billing-calendar.ts';
import type { DayRun } from '../../lib/calendar.ts';
import { gapsBetween } from '../../lib/store-days.ts';
import type { WholeBillsOnly } from '../monthly-bills.ts';

/** Where the usage of one billing period ends: the latest end of its usage lines of at most a day (`YYYY-MM-DD HH:MM:SS`). */
export interface UsageEnd {
  /** Its BillingPeriodStart (`YYYY-MM-DD HH:MM:SS`). */
  billingPeriod: string;
  end: string;
}

/** The store's calendar as commitments read it. */
export interface CommitmentsCalendar {
  /** `YYYY-MM-DD`: the data horizon; in a store without daily usage, the last day of its last complete bill. */
  horizon: string;
  /** In a store without daily usage, what it holds; else null. */
  bills: WholeBillsOnly | null;
  /** The store's first charge day; null when unknown. */
  firstDay: string | null;
  /** The latest day holding any line (default: the horizon). */
  lastChargeDay: string;
  /** Per billing period holding usage of at most a day, where it ends (queries/commitments/data_horizon.sql). */
  usageEnds: UsageEnd[];
  /** The runs of days between the store's billing periods that none covers (lib/store-days.ts, gapsBetween). */
  gaps: DayRun[];
}

/**
 * Reads the calendar, each query once and in parallel: queries/commitments/data_horizon.sql (the
 * horizon, the day before the UTC day on which the latest usage line of at most a day ends; and each
 * billing period's end of usage), queries/calendar/data_horizon.sql (the first and last charge days;
 * in a store without daily usage also what makes its bill span, billSpanOf) and
 * queries/calendar/billing_period_days.sql (the days each billing period covers, for the gaps
 * between them). An empty store is the not_found error "the store holds no billing data".
 */
export async function readCommitmentsCalendar(engine: Engine): Promise<CommitmentsCalendar> {
  const [periods, [calendar], periodDays] = await Promise.all([
    runQuery(engine, 'commitments/data_horizon'), runQuery(engine, 'calendar/data_horizon'), runQuery(engine, 'calendar/billing_period_days'),
  ]);
  const daily = latest(periods.map((p) => p.horizon));
  const { horizon, bills } = daily ? { horizon: daily.slice(0, 10), bills: null } : await wholeBillsHorizon(engine, calendar);
  const usageEnds = periods.flatMap((p) => (p.billing_period && p.latest_end ? [{ billingPeriod: p.billing_period, end: p.latest_end }] : []));
  const gaps = gapsBetween(periodDays.map((p) => ({ first: p.first_day!, last: p.last_day! })));
  return { horizon, bills, firstDay: calendar?.first_day ?? null, lastChargeDay: calendar?.last_charge_day ?? horizon, usageEnds, gaps };
}

/** The horizon of a store without daily usage: the last day of its last complete bill, with what it holds. */
async function wholeBillsHorizon(engine: Engine, calendar: QueryRowTypes['calendar/data_horizon'] | undefined): Promise<{ horizon: string; bills: WholeBillsOnly | null }> {
  const span = await billSpanOf(engine, calendar);
  return { horizon: span.lastDay, bills: span.wholeBillsOnly ?? null };
}

/**
 * commitments/utilisation's `data_ends_at` for a range: where the usage of the billing periods it reads
 * ends (the latest end among them; all periods for a range of charge days). None (no parameter,
 * so no RIFee is cut) when those periods hold no usage line of at most a day.
 */
export function dataEndParam(usageEnds: readonly UsageEnd[], range: Pick<AttributionRange, 'billingFrom' | 'billingTo'> = {}): RawParams {
  const from = range.billingFrom === undefined ? null : `${range.billingFrom} 00:00:00`;
  const to = range.billingTo === undefined ? null : `${range.billingTo} 00:00:00`;
  const end = latest(usageEnds.filter((u) => (from === null || u.billingPeriod >= from) && (to === null || u.billingPeriod < to)).map((u) => u.end));
  return end === null ? {} : { data_ends_at: end };
}

/** The latest of timestamps or days in one text form (they sort as text), or null. */
function latest(values: readonly (string | null)[]): string | null {
  return values.reduce<string | null>((best, v) => (v !== null && (best === null || v > best) ? v : best), null);
}
