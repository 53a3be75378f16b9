/**
 * `costlens budgets`: each configured budget over its period (month, quarter, year) holding the
 * as-of day — the data horizon, or the last day of `--period` when that is earlier — with its
 * actual to date (complete charge days, exact to 1e-10), the forecast for the period's end
 * (budgets/forecast.ts), its share of the amount, and every threshold: crossed or not, and since
 * which day (the first day of the run of days, ending at as-of, on which it stood crossed). A charge
 * posted for a month (RI and Support fees, tax, dated the 1st) counts in the actual, but in that
 * running total on the last day of its charge period or on as-of, not on the 1st
 * (budgets/spend-day.ts). With no forecast (nothing to project from: budgets/forecast.ts) a forecast threshold is not judged
 * (`crossed: null`), as a threshold of a budget not judged is, never "not crossed".
 * A period whose days up to as-of are not all in the store (some precede its first charge day, or
 * lie in a gap between its billing periods) is not judged: those days are missing data, not $0
 * of spend, so its actual covers the days the store holds and says which, it is not complete, it
 * has no forecast, and no threshold is said crossed or not (`crossed: null`).
 * Reads queries/budgets/scope_daily_spend through the Engine.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import {
  addDays, addMonths, dayInStore, dayRange, daySpan, daysNotInStore, daysNotInStoreAre, type DayRun, type DaysNotInStore, earlierDay, laterDay, monthLabel, monthStart, runsOfDays, type StoreDays,
} from '../../lib/calendar.ts';
import { centsOfUnits, divideRounded, numberOfUnits, unitsOfNumber, UNITS_PER_CENT } from '../../lib/money.ts';
import type { AttributionConfig } from '../attribution/index.ts';
import { thresholdId, type BudgetConfig, type BudgetThreshold } from './config.ts';
import { forecastPeriodEnd, indexRows, type ForecastInputs, type NoForecast, type PeriodForecast, type ScopeDay } from './forecast.ts';
import { periodContaining, sameDaysBefore, type BudgetPeriod } from './period.ts';
import { describeScope, scopeParams, type ScopeParams } from './scope.ts';
import { spendDay } from './spend-day.ts';
import { billingDaySpan, firstProvisionalDay, storeDays, type BillingDaySpan } from '../billing-calendar.ts';
import type { ForecastConfig } from '../trends-config.ts';

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

/** A budget evaluated over one period. */
export interface BudgetStatus {
  budget: BudgetConfig;
  scope: string;
  period: BudgetPeriod;
  /** The last day counted (the data horizon, or the period's last day when it is over). */
  asOf: string;
  /** The period's days up to as-of. */
  daysToAsOf: number;
  /** Those of them in the store, whose spend the actual sums (all of them unless `notInStore`). */
  daysCounted: number;
  /** The period is over and every day of it is in the store. */
  complete: boolean;
  /** The period's days up to as-of that are not in the store (before its first charge day, or in a gap), or null. */
  notInStore: DaysNotInStore | null;
  /** With `notInStore`: the runs of the period's days up to as-of that the store holds. */
  storedRuns: DayRun[];
  /** With `notInStore`: which days the actual covers, `2026-Q3: 30 of its 92 days in the store (1–30 Sep 2026)`. */
  coverage: string | null;
  /** With `notInStore`: why the budget is not judged (no forecast, no threshold crossed or not); null when it is judged. */
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
  unmatched: { from: string; to: string } | null;
}

/** What {@link evaluateBudgets} returns. */
export interface BudgetsReport {
  /** The day budgets are measured as of, and why. */
  asOf: string;
  asOfReason: string;
  horizon: string;
  statuses: BudgetStatus[];
}

/** Percent (up to two decimals) of `units`, exact: units × hundredths ÷ 10 000, rounded half away from zero. */
function percentOf(units: bigint, percent: number): bigint {
  return divideRounded(units * BigInt(Math.round(percent * 100)), 10_000n);
}

/** `part ÷ whole` in percent with one decimal. */
export function sharePercent(part: bigint, whole: bigint): number {
  return Number(divideRounded(part * 1000n, whole)) / 10;
}

/** The first day of the run of `days` (in order) ending at the last one on which `crossed` holds. */
function crossedSince(days: readonly { day: string; crossed: boolean }[]): string | null {
  let since: string | null = null;
  for (const d of days) since = d.crossed ? since ?? d.day : null;
  return since;
}

/** Resolves the as-of day from the data horizon and `--period` (whose last day caps it). */
export function budgetsAsOf(span: BillingDaySpan, period: BudgetPeriod | undefined): { asOf: string; reason: string } {
  if (!period) return { asOf: span.lastDay, reason: 'the data horizon (the last complete day in the store)' };
  if (period.first > span.lastDay) {
    throw new CostlensError('usage', `--period ${period.label} starts after the data horizon ${span.lastDay} (the last complete day in the store)`, {
      hint: `give a period up to ${span.lastDay.slice(0, 7)}, or leave --period out for the periods holding ${span.lastDay}`,
    });
  }
  if (period.last < span.firstDay) {
    throw new CostlensError('usage', `--period ${period.label} ends before the billing data in the store (from ${span.firstDay})`, {
      hint: `give a period from ${span.firstDay.slice(0, 7)} on, or ingest the earlier billing files`,
    });
  }
  return period.last < span.lastDay
    ? { asOf: period.last, reason: `the last day of ${period.label}` }
    : { asOf: span.lastDay, reason: `the data horizon (the last complete day in the store), inside ${period.label}` };
}

/** Evaluates one budget as of `asOf`. */
export async function evaluateBudget(engine: Engine, configs: BudgetsConfigs, budget: BudgetConfig, asOf: string, span: BillingDaySpan, store: StoreDays): Promise<BudgetStatus> {
  const period = periodContaining(budget.period, asOf);
  const reference = addMonths(monthStart(period.first), -1);
  const fetchFrom = earlierDay(reference, addDays(period.first, -configs.forecast.fitDays));
  const range = { chargeFrom: fetchFrom, chargeTo: addDays(asOf, 1) };
  const scope = await scopeParams(engine, configs.attribution, budget.scope, range);
  const rows = await runQuery(engine, 'budgets/scope_daily_spend', { from: fetchFrom, to: addDays(asOf, 1), ...scope.params });
  const column = `${budget.cost}_cost` as const;
  const dated = rows.map((r) => ({ ...r, posting: (r.last_day ?? r.day!) > r.day!, day: spendDay(r.day!, r.last_day ?? r.day!, asOf, (day) => dayInStore(day, store)) }));
  const scopeDays: ScopeDay[] = dated.map((r) => ({ day: r.day, chargeClass: r.charge_class ?? 'usage', service: r.service ?? '(none)', cost: numberOfUnits(r[column]), units: r[column] ?? 0n, commitmentStart: r.commitment_start, commitmentEnd: r.commitment_end, posted: r.posting }));
  const exactByDay = new Map<string, bigint>();
  const postingsByDay = new Map<string, bigint>();
  for (const r of dated) {
    exactByDay.set(r.day, (exactByDay.get(r.day) ?? 0n) + (r[column] ?? 0n));
    if (r.posting) postingsByDay.set(r.day, (postingsByDay.get(r.day) ?? 0n) + (r[column] ?? 0n));
  }

  const days = dayRange(period.first, asOf);
  const notInStore = daysNotInStore(period.first, addDays(asOf, 1), store);
  const counted = notInStore ? days.filter((day) => dayInStore(day, store)) : days;
  let running = 0n;
  const cumulative = counted.map((day) => ({ day, actual: (running += exactByDay.get(day) ?? 0n) }));
  const actual = running;
  const postings = counted.reduce((sum, day) => sum + (postingsByDay.get(day) ?? 0n), 0n);
  const previousDays = sameDaysBefore(period, days.length);
  const common = {
    budget, scope: describeScope(budget.scope), period, asOf, daysToAsOf: days.length, daysCounted: counted.length,
    amount: budget.amount * UNITS_PER_CENT, actual, postings, previousDays, unmatched: rows.length === 0 ? { from: laterDay(fetchFrom, span.firstDay), to: asOf } : null,
    previousNotInStore: daysNotInStore(previousDays.first, addDays(previousDays.last, 1), store), cumulative, scopeParams: scope,
  };
  if (notInStore) return notJudgedStatus(common, notInStore, runsOfDays(counted));
  const inputs: ForecastInputs = { rows: scopeDays, firstDataDay: span.firstDay, horizon: span.lastDay, provisionalFrom: firstProvisionalDay(span, configs.forecast.provisionalDays), config: configs.forecast, store };
  const index = indexRows(scopeDays);
  const complete = asOf >= period.last;
  const actualOn = new Map(cumulative.map((c) => [c.day, c.actual]));
  const fits = new Map<string, PeriodForecast | NoForecast>();
  const fitOn = (day: string): PeriodForecast | NoForecast => {
    if (!fits.has(day)) fits.set(day, forecastPeriodEnd(period, day, inputs, index));
    return fits.get(day)!;
  };
  const forecastOn = (day: string): bigint | null => {
    if (day >= period.last) return actualOn.get(day)!;
    const f = fitOn(day);
    return f.forecast === null ? null : actualOn.get(day)! + unitsOfNumber(f.projectedUsage + f.expectedCharges);
  };
  const wantsForecastHistory = budget.thresholds.some((t) => t.basis === 'forecast');
  const forecasts = new Map<string, bigint | null>((wantsForecastHistory ? days : [asOf]).map((d) => [d, forecastOn(d)]));
  const forecastExact = forecasts.get(asOf) ?? null;
  const forecast = forecastExact === null ? null : centsOfUnits(forecastExact) * UNITS_PER_CENT;

  const { amount } = common;
  const thresholds = budget.thresholds.map((t): ThresholdStatus => {
    const level = percentOf(amount, t.percent);
    const series = t.basis === 'actual'
      ? cumulative.map((c) => ({ day: c.day, crossed: c.actual >= level }))
      : days.map((day) => ({ day, crossed: (forecasts.get(day) ?? null) !== null && forecasts.get(day)! >= level }));
    // With no forecast as of as-of, a forecast threshold is not judged: neither crossed nor not.
    if (t.basis === 'forecast' && forecastExact === null) return { id: thresholdId(t), percent: t.percent, basis: t.basis, amount: level, crossed: null, since: null };
    const since = crossedSince(series);
    return { id: thresholdId(t), percent: t.percent, basis: t.basis, amount: level, crossed: since !== null, since };
  });
  const fitted = fitOn(asOf);
  const feesMonth = addMonths(monthStart(asOf), -1);
  const referenceMissing = daysNotInStore(feesMonth, monthStart(asOf), store);
  const expectedFrom = referenceMissing === null ? 'plus the recurring fees and tax expected from the month before'
    : `with no recurring fees or tax expected, as ${referenceMissing.all ? `the month before (${monthLabel(feesMonth)}) is`
      : `${daysNotInStoreAre(referenceMissing)} (${referenceMissing.days} days of the month before, ${monthLabel(feesMonth)})`} not in the store: ${referenceMissing.why}`;
  return {
    ...common, complete, notInStore: null, storedRuns: [{ first: period.first, last: asOf }], coverage: null, notJudged: null, forecast,
    sharePercent: sharePercent(actual, amount),
    forecastSharePercent: forecast === null ? null : sharePercent(forecast, amount),
    forecastBasis: complete ? `${period.label} is complete: the forecast is the actual`
      : fitted.forecast === null ? `no forecast: ${fitted.why}`
        : fitted.fitDays === 0 ? `the actual to ${asOf}, with no usage in scope to project (none in the ${configs.forecast.fitDays} days up to ${asOf}) over the ${period.days - days.length} remaining days, ${expectedFrom}`
          : `the actual to ${asOf}, plus the usage run-rate (${configs.forecast.method}, fitted on ${fitted.fitDays} days) over the ${period.days - days.length} remaining days, ${expectedFrom}`,
    thresholds,
  };
}

type CommonStatus = Omit<BudgetStatus, 'complete' | 'notInStore' | 'storedRuns' | 'coverage' | 'notJudged' | 'forecast' | 'sharePercent' | 'forecastSharePercent' | 'forecastBasis' | 'thresholds'>;

/**
 * A budget whose period has days up to as-of that the store does not hold: not judged. Its actual
 * is the spend of the days the store holds, and says which; a threshold compared with it would
 * count the missing days as $0 of spend, and so would a forecast, so neither is made.
 */
function notJudgedStatus(common: CommonStatus, missing: DaysNotInStore, storedRuns: DayRun[]): BudgetStatus {
  const { period, daysCounted } = common;
  const stored = storedRuns.map((r) => daySpan(r.first, r.last)).join(' and ');
  const coverage = daysCounted === 0
    ? `${period.label}: none of its ${period.days} days in the store`
    : `${period.label}: ${daysCounted} of its ${period.days} days in the store (${stored})`;
  const absent = `${daysNotInStoreAre(missing)} not in the store: ${missing.why}`;
  return {
    ...common, complete: false, notInStore: missing, storedRuns, coverage,
    notJudged: `${absent}, and a day not in the store is missing data, not $0 of spend: no threshold is judged and no forecast made`,
    forecast: null, sharePercent: sharePercent(common.actual, common.amount), forecastSharePercent: null,
    forecastBasis: `no forecast: ${absent}`,
    thresholds: common.budget.thresholds.map((t): ThresholdStatus => ({
      id: thresholdId(t), percent: t.percent, basis: t.basis, amount: percentOf(common.amount, t.percent), crossed: null, since: null,
    })),
  };
}

/** What budgets need, in the refusal of a store without daily usage (billingDaySpan's `needs`). */
export const BUDGETS_NEED = 'budgets judge actual spend as of a complete day and forecast the rest of the period from daily usage, so they need';

/**
 * Evaluates every configured budget as of the data horizon, or the last day of `period`, or
 * `asOf` (a report's last day; the horizon when that is earlier). A store without daily usage is the
 * not_found error that says what it holds and what budgets need ({@link BUDGETS_NEED}).
 */
export async function evaluateBudgets(engine: Engine, configs: BudgetsConfigs, options: { period?: BudgetPeriod; asOf?: string } = {}): Promise<BudgetsReport> {
  const span = await billingDaySpan(engine, BUDGETS_NEED);
  const { asOf, reason } = options.asOf !== undefined && options.asOf < span.lastDay
    ? { asOf: options.asOf, reason: 'the last day of the report' }
    : budgetsAsOf(span, options.period);
  const store = await storeDays(engine, span);
  const statuses: BudgetStatus[] = [];
  for (const budget of configs.budgets) statuses.push(await evaluateBudget(engine, configs, budget, asOf, span, store));
  return { asOf, asOfReason: reason, horizon: span.lastDay, statuses };
}
