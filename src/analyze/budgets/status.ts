/**
 * What a budget evaluated over one period is (evaluate.ts in a store of daily usage, whole-bills.ts
 * in one of whole monthly bills), and the exact arithmetic both judge thresholds with.
 */
import type { DayRun } from '../../lib/calendar.ts';
import type { DaysNotInStore, DaysNotInStoreField } from '../../lib/store-days.ts';
import { divideRounded } from '../../lib/money.ts';
import type { AttributionConfig } from '../attribution/index.ts';
import type { EndedDelivery } from '../ended-delivery.ts';
import type { ForecastConfig } from '../trends-config.ts';
import type { BudgetConfig, BudgetThreshold } from './config.ts';
import type { BudgetPeriod } from './period.ts';
import type { ScopeParams } from './scope.ts';

/** The config sections budgets read. */
export interface BudgetsConfigs {
  budgets: BudgetConfig[];
  attribution: AttributionConfig;
  forecast: ForecastConfig;
}

/** One threshold of a budget, evaluated. */
export interface ThresholdStatus {
  /** `actual:80`, `forecast:100`. */
  id: string;
  percent: number;
  basis: BudgetThreshold['basis'];
  /** The amount the threshold stands for, in units of 1e-10 (amount × percent, exact). */
  amount: bigint;
  /**
   * Null when not judged: the budget is not (days of its period not in the store, {@link BudgetStatus.notJudged}),
   * or, for a forecast threshold, there is no forecast to compare ({@link BudgetStatus.forecastBasis} says why).
   */
  crossed: boolean | null;
  /** The first day of the run of days ending at as-of on which it stood crossed; null when not crossed or not judged. */
  since: string | null;
}

/**
 * How a monthly bill of a budget's period stands in a store without daily usage: `complete` (counted),
 * `not complete` (the latest bill, not invoiced yet), `not in the store`, or `after as-of` (held, but
 * of a month after the as-of day's).
 */
export type BudgetBillState = 'complete' | 'not complete' | 'not in the store' | 'after as-of';

/** One monthly bill of a budget's period, in a store without daily usage. */
export interface BudgetBill {
  /** `2018-11`. */
  period: string;
  state: BudgetBillState;
  /** The bill's spend in scope (units of 1e-10), when it is complete, or not complete but up to as-of (as it stands so far); else null (not counted). */
  actual: bigint | null;
}

/**
 * The days a budget read when no line item of them is in scope: `from` and `to`, the first and last of
 * them the store holds; `read`, every day read (the period to as-of, and the days before it its forecast
 * reads); `notInStore`, those of them the store does not hold (in a gap, or before its data), or null.
 */
export interface UnmatchedDays {
  from: string;
  to: string;
  read: { from: string; to: string };
  notInStore: DaysNotInStoreField | null;
}

/** The recurring fees and tax in scope of a delivery that has ended, posted in the month before (`month`, its first day), that a budget's forecast does not expect again (ended-fit.ts). */
export interface EndedFees {
  own: EndedDelivery;
  month: string;
  /** Its recurring fees, exact, in the budget's measure. */
  fees: bigint;
  /** Its tax, exact, in the budget's measure. */
  tax: bigint;
}

/** A budget evaluated over one period. */
export interface BudgetStatus {
  budget: BudgetConfig;
  /** The deliveries that have ended that its forecast as of as-of leaves out of the run-rate (ended-fit.ts); absent or empty when none. */
  forecastLeftOut?: readonly EndedDelivery[];
  /** The fees and tax in scope of the month before of deliveries that have ended, which its forecast as of as-of does not expect again (ended-fit.ts), whether or not its actual holds their lines; absent when none. */
  endedFeesNotExpected?: readonly EndedFees[];
  scope: string;
  period: BudgetPeriod;
  /** The last day counted (the data horizon, or the period's last day when it is over). */
  asOf: string;
  /** The period's days up to as-of. */
  daysToAsOf: number;
  /** Those of them in the store, whose spend the actual sums (all of them unless `notInStore`); on whole bills, the days of the bills counted. */
  daysCounted: number;
  /** The period is over and every day of it is in the store (on whole bills: every bill of it complete, and it is judged). */
  complete: boolean;
  /** The period's days up to as-of that are not in the store (before its first charge day, or in a gap), or null. */
  notInStore: DaysNotInStore | null;
  /** With `notInStore`: the runs of the period's days up to as-of that the store holds. */
  storedRuns: DayRun[];
  /** When not judged: which days the actual covers, `2026-Q3: 30 of its 92 days in the store (1–30 Sep 2026)`; on whole bills, which bills (`2018-Q4: 2 of its 3 monthly bills counted (Oct – Nov 2018)`). */
  coverage: string | null;
  /** Why the budget is not judged (days not in the store; on whole bills, a bill not complete, not in the store or after as-of): no threshold crossed or not; null when it is judged. */
  notJudged: string | null;
  /** The amount in units of 1e-10. */
  amount: bigint;
  /** Spend in scope on the period's days up to as-of that are in the store, exact (units of 1e-10). */
  actual: bigint;
  /**
   * The part of `actual` posted for a charge period longer than a day (the month's RI and Support
   * fees, tax, monthly credits): in the actual, but spent on the last day of that period or on
   * as-of, not on the 1st (budgets/spend-day.ts), and never projected as daily run-rate.
   */
  postings: bigint;
  /** The forecast for the period's end, in units rounded to whole cents; null with nothing to project from (budgets/forecast.ts), or not judged. */
  forecast: bigint | null;
  /** actual ÷ amount (of the days counted) and forecast ÷ amount in percent, one decimal. */
  sharePercent: number;
  forecastSharePercent: number | null;
  /** How the forecast was made, in words. */
  forecastBasis: string;
  thresholds: ThresholdStatus[];
  /** The same days of the previous period (as many days just before this one when it is shorter), what the drivers compare with. */
  previousDays: { first: string; last: string };
  /** Which of `previousDays` are not in the store (before its first charge day, or in a gap), or null. */
  previousNotInStore: DaysNotInStore | null;
  /** The actual to date at the end of each counted day (units), postings on their spend day (budgets/spend-day.ts), for charts and `since`; only days in the store. */
  cumulative: { day: string; actual: bigint }[];
  scopeParams: ScopeParams;
  /** The days read (the period, and the days before it the forecast and drivers read) when no line item of them is in scope, else null: a scope that names nothing the bill holds. */
  unmatched: UnmatchedDays | null;
  /**
   * In a store without daily usage (a monthly CUR, fees only): each monthly bill of the whole
   * period, complete (counted in the actual), not complete yet, or not in the store; the budget is
   * judged only when every one is complete (whole-bills.ts). Null in a store of daily usage.
   */
  bills: BudgetBill[] | null;
}

/** What evaluateBudgets returns. */
export interface BudgetsReport {
  /** The day budgets are measured as of, and why. */
  asOf: string;
  asOfReason: string;
  horizon: string;
  statuses: BudgetStatus[];
  /**
   * In a store without daily usage, what it holds and how budgets judge it (`The store holds no
   * daily usage: …, so budgets judge whole monthly bills: …`); null in a store of daily usage.
   */
  wholeBills: string | null;
  /**
   * Per budget whose period runs past the data horizon (as-of), the money of its lines in scope dated
   * after it, which its actual leaves out as not complete yet, and why (after-horizon.ts); absent or
   * empty when none.
   */
  afterHorizon?: string[];
  /**
   * Per budget whose actual counts lines of a bill a delivery of fees only has not invoiced yet (beside
   * usage of another delivery), the money of that billing period it counts and why the bill may still
   * change (not-invoiced.ts); absent when none.
   */
  notInvoiced?: string[];
  /**
   * Where counting by charge day, as budgets do, parts from counting by billing period, as `costlens
   * invoice` and `attribute` do: one line per budget it concerns (charge-day-basis.ts); absent
   * or empty when none (every line charged in its billing period's month).
   */
  chargeDayBasis?: string[];
  /**
   * Per delivery that has ended that the forecasts as of as-of leave out of their run-rate (ended-fit.ts), where its data
   * ends and which budgets' forecasts leave it out; absent or empty when none.
   */
  endedLeftOut?: string[];
}

/** Percent (up to two decimals) of `units`, exact: units × hundredths ÷ 10 000, rounded half away from zero. */
export function percentOf(units: bigint, percent: number): bigint {
  return divideRounded(units * BigInt(Math.round(percent * 100)), 10_000n);
}

/** `part ÷ whole` in percent with one decimal. */
export function sharePercent(part: bigint, whole: bigint): number {
  return Number(divideRounded(part * 1000n, whole)) / 10;
}

/** The first day of the run of `days` (in order) ending at the last one on which `crossed` holds. */
export function crossedSince(days: readonly { day: string; crossed: boolean }[]): string | null {
  let since: string | null = null;
  for (const d of days) since = d.crossed ? since ?? d.day : null;
  return since;
}
