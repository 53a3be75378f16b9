/**
 * The forecast of a budget's period end, made the way `costlens forecast` makes the month-end
 * forecast (src/analyze/forecast/month-end.ts), over the budget's scope and period instead of the whole
 * bill and one month: the actual to date, plus the usage run-rate (forecast/fit.ts: a
 * least-squares line or the mean over `fitDays` non-provisional days) projected over the
 * remaining days, plus the recurring fees and tax still expected — from the complete month
 * before the as-of day's month: a fee seen on most days of it accrues (pro rata to the remaining
 * days), one seen on a few days posts once a month (expected in each month still to come, less
 * what has posted in the current one), tax at that month's ratio of tax to the other charges.
 * It can be made as of any day of the period, so a forecast threshold can say since when it is crossed.
 */
import { addDays, dayRange, daysBetween, daysInMonth, daysNotInStore, monthStart, addMonths, monthEnd, type StoreDays } from '../../lib/calendar.ts';
import { feeAccruesDaily, fitRunRate, project } from '../forecast/index.ts';
import type { ForecastConfig } from '../trends-config.ts';
import type { BudgetPeriod } from './period.ts';

/** One row of budgets/scope_daily_spend in the budget's measure, as a number. */
export interface ScopeDay {
  day: string;
  chargeClass: string;
  service: string;
  cost: number;
}

/** The data a forecast reads: rows by day, the data's first day, and the last day the fit may use. */
export interface ForecastInputs {
  rows: readonly ScopeDay[];
  firstDataDay: string;
  /** The last complete day of the store (the data horizon). */
  horizon: string;
  /** The first provisional day (never fitted), or null. */
  provisionalFrom: string | null;
  config: ForecastConfig;
  /** What the store holds: a month before with days not in it (in a gap) gives no expected fees or tax, as one before the data does. */
  store?: StoreDays;
}

/** A forecast of the period's end as of one day (numbers in dollars, rounded to 1e-6). */
export interface PeriodForecast {
  asOf: string;
  actual: number;
  projectedUsage: number;
  expectedCharges: number;
  forecast: number;
  fitDays: number;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Indexes rows once for many forecasts. */
export function indexRows(rows: readonly ScopeDay[]) {
  const usageByDay = new Map<string, number>();
  const totalByDay = new Map<string, number>();
  for (const r of rows) {
    if (r.chargeClass === 'usage') usageByDay.set(r.day, (usageByDay.get(r.day) ?? 0) + r.cost);
    totalByDay.set(r.day, (totalByDay.get(r.day) ?? 0) + r.cost);
  }
  return { usageByDay, totalByDay };
}

/**
 * Forecasts `period`'s end as of the end of `asOf` (a day of the period). Null when no
 * non-provisional day of usage lies in the fit window (nothing to project from).
 */
export function forecastPeriodEnd(period: BudgetPeriod, asOf: string, inputs: ForecastInputs, index = indexRows(inputs.rows)): PeriodForecast | null {
  const { config } = inputs;
  const actual = dayRange(period.first, asOf).reduce((sum, d) => sum + (index.totalByDay.get(d) ?? 0), 0);
  const remaining = asOf >= period.last ? [] : dayRange(addDays(asOf, 1), period.last);
  const fitTo = inputs.provisionalFrom !== null && asOf >= inputs.provisionalFrom ? addDays(inputs.provisionalFrom, -1) : asOf;
  const fitFrom = addDays(fitTo, -(config.fitDays - 1));
  const fitted = dayRange(fitFrom, fitTo).filter((d) => d >= inputs.firstDataDay && index.usageByDay.has(d));
  if (fitted.length === 0) return null;
  if (remaining.length === 0) return { asOf, actual: round6(actual), projectedUsage: 0, expectedCharges: 0, forecast: round6(actual), fitDays: fitted.length };
  const fit = fitRunRate(fitted.map((d) => daysBetween(fitFrom, d)), fitted.map((d) => index.usageByDay.get(d)!), config.method);
  const projectedUsage = project(fit, remaining.map((d) => daysBetween(fitFrom, d)), config.bandLow, config.bandHigh).point;
  const expectedCharges = expected(period, asOf, remaining, inputs, actual + projectedUsage);
  return {
    asOf, actual: round6(actual), projectedUsage: round6(projectedUsage), expectedCharges: round6(expectedCharges),
    forecast: round6(actual + projectedUsage + expectedCharges), fitDays: fitted.length,
  };
}

/** Recurring fees and tax still expected in the period after `asOf` (see the module comment). */
function expected(period: BudgetPeriod, asOf: string, remaining: readonly string[], inputs: ForecastInputs, nonTaxSoFar: number): number {
  const refFirst = addMonths(monthStart(asOf), -1);
  const refLast = monthEnd(refFirst);
  if (refFirst < inputs.firstDataDay || refLast > inputs.horizon) return 0;
  if (inputs.store && daysNotInStore(refFirst, addDays(refLast, 1), inputs.store)) return 0;
  const inRef = inputs.rows.filter((r) => r.day >= refFirst && r.day <= refLast);
  const currentMonth = inputs.rows.filter((r) => r.day >= monthStart(asOf) && r.day <= asOf);
  const laterMonths = new Set(remaining.map((d) => d.slice(0, 7)));
  laterMonths.delete(asOf.slice(0, 7));
  let fees = 0;
  const services = new Set(inRef.filter((r) => r.chargeClass === 'recurring').map((r) => r.service));
  for (const service of services) {
    const lines = inRef.filter((r) => r.chargeClass === 'recurring' && r.service === service);
    const amount = lines.reduce((s, r) => s + r.cost, 0);
    const days = new Set(lines.map((r) => r.day)).size;
    if (feeAccruesDaily(days)) {
      fees += (amount / daysInMonth(refFirst)) * remaining.length;
    } else {
      const posted = currentMonth.filter((r) => r.chargeClass === 'recurring' && r.service === service).reduce((s, r) => s + r.cost, 0);
      const thisMonthLeft = remaining.some((d) => d.slice(0, 7) === asOf.slice(0, 7)) ? Math.max(0, amount - posted) : 0;
      fees += thisMonthLeft + amount * laterMonths.size;
    }
  }
  const refTax = inRef.filter((r) => r.chargeClass === 'tax').reduce((s, r) => s + r.cost, 0);
  const refOther = inRef.filter((r) => r.chargeClass !== 'tax').reduce((s, r) => s + r.cost, 0);
  let tax = 0;
  if (refTax !== 0 && refOther !== 0) {
    const postedTax = inputs.rows.filter((r) => r.chargeClass === 'tax' && r.day >= period.first && r.day <= asOf).reduce((s, r) => s + r.cost, 0);
    tax = Math.max(0, (refTax / refOther) * (nonTaxSoFar - postedTax + fees) - postedTax);
  }
  return fees + tax;
}
