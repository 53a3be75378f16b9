/**
 * Month-end forecast: month-to-date actual spend plus the run-rate projected over the month's
 * remaining days, with a low/high band, for BilledCost and EffectiveCost. SQL aggregates spend
 * per day (queries/trends/daily_spend.sql); the fit runs here.
 */
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import type { CostMeasure } from './anomalies.ts';
import { addDays, billingDaySpan, dayRange, daysBetween, firstProvisionalDay, monthEnd, monthStart, numberOf, resolveAsOf } from './forecast-calendar.ts';
import { fitRunRate, project, type RunRateFit } from './forecast-fit.ts';
import type { ForecastConfig } from './trends-config.ts';

/** Options of {@link forecastMonthEnd}. */
export interface ForecastOptions {
  /** The forecast is made as of the end of this day (default: the latest charge day in the store). */
  asOf?: string;
}

/** The forecast of one cost measure. */
export interface CostForecast {
  cost: CostMeasure;
  /** Every charge from the first of the month to as-of, included. */
  mtdActual: number;
  /** The part of mtdActual on provisional days. */
  mtdProvisional: number;
  /** The fitted run-rate summed over the remaining days. */
  projectedRemaining: number;
  /** mtdActual + projectedRemaining. */
  forecast: number;
  low: number;
  high: number;
  /** The fitted run-rate on the first remaining day (0 when the month is over). */
  nextDayRunRate: number;
  fit: RunRateFit;
}

/** One day of the month: actual spend up to as-of, then the projection. */
export interface ForecastDay {
  day: string;
  status: 'actual' | 'provisional' | 'no data' | 'projected';
  billed: number;
  effective: number;
  /** Band edges of projected days. */
  billedLow?: number;
  billedHigh?: number;
  effectiveLow?: number;
  effectiveHigh?: number;
}

/** The month-end forecast with everything needed to explain it. */
export interface MonthForecast {
  month: string;
  asOf: string;
  daysInMonth: number;
  daysElapsed: number;
  daysRemaining: number;
  lastBillingDay: string;
  firstProvisionalDay: string | null;
  /** Days of the month up to as-of that are provisional. */
  provisionalDays: string[];
  method: ForecastConfig['method'];
  /** The first and last fitted days; every day between them with billing data is fitted. */
  fitFrom: string;
  fitTo: string;
  fitDays: number;
  bandLow: number;
  bandHigh: number;
  billed: CostForecast;
  effective: CostForecast;
  days: ForecastDay[];
}

/**
 * Forecasts the month containing as-of. The run-rate (charges whose charge period is at most a
 * day, not one-time purchases) is fitted over the `fitDays` calendar days that end at the last
 * non-provisional day on or before as-of; provisional days are counted in the month-to-date
 * actual but never fitted. Monthly and one-time charges are counted as posted, not projected.
 */
export async function forecastMonthEnd(engine: Engine, config: ForecastConfig, options: ForecastOptions = {}): Promise<MonthForecast> {
  const span = await billingDaySpan(engine);
  const asOf = resolveAsOf(options.asOf, span);
  const provisionalFrom = firstProvisionalDay(span, config.provisionalDays);
  const fitTo = provisionalFrom !== null && asOf >= provisionalFrom ? addDays(provisionalFrom, -1) : asOf;
  const fitFrom = addDays(fitTo, -(config.fitDays - 1));
  const first = monthStart(asOf);
  const last = monthEnd(asOf);
  const { rows } = await engine.run('trends/daily_spend', { from: [fitFrom, first].sort()[0], to: addDays(asOf, 1) });
  const byDay = new Map(rows.map((r) => [r.day!, r]));
  const fitted = dayRange(fitFrom, fitTo).filter((d) => byDay.has(d));
  if (fitted.length === 0) {
    throw new CostlensError('input', `no billing data to fit a run-rate on: no non-provisional day from ${fitFrom} to ${fitTo}`, {
      hint: `the last ${config.provisionalDays} days of data (from ${provisionalFrom}) are provisional and never fitted; ingest more history or lower forecast.provisionalDays`,
    });
  }
  const remaining = dayRange(addDays(asOf, 1), last);
  const xs = fitted.map((d) => daysBetween(fitFrom, d));
  const remainingXs = remaining.map((d) => daysBetween(fitFrom, d));
  const monthDays = dayRange(first, asOf);
  const isProvisional = (day: string) => provisionalFrom !== null && day >= provisionalFrom;

  const measure = (cost: CostMeasure): CostForecast => {
    const fit = fitRunRate(xs, fitted.map((d) => numberOf(byDay.get(d)![`run_rate_${cost}_cost`])), config.method);
    const projection = project(fit, remainingXs, config.bandLow, config.bandHigh);
    const actual = (days: string[]) => days.reduce((sum, d) => sum + numberOf(byDay.get(d)?.[`${cost}_cost`]), 0);
    // Rounded to 6 decimals (as printed) before adding, so that the figures shown add up exactly.
    const mtdActual = roundMoney(actual(monthDays));
    const projected = roundMoney(projection.point);
    return {
      cost,
      mtdActual,
      mtdProvisional: roundMoney(actual(monthDays.filter(isProvisional))),
      projectedRemaining: projected,
      forecast: roundMoney(mtdActual + projected),
      low: roundMoney(mtdActual + roundMoney(projection.low)),
      high: roundMoney(mtdActual + roundMoney(projection.high)),
      nextDayRunRate: remaining.length ? Math.max(0, fit.intercept + fit.slope * remainingXs[0]) : 0,
      fit,
    };
  };
  const billed = measure('billed');
  const effective = measure('effective');
  return {
    month: asOf.slice(0, 7),
    asOf,
    daysInMonth: daysBetween(first, last) + 1,
    daysElapsed: monthDays.length,
    daysRemaining: remaining.length,
    lastBillingDay: span.lastDay,
    firstProvisionalDay: provisionalFrom,
    provisionalDays: monthDays.filter(isProvisional),
    method: config.method,
    fitFrom: fitted[0],
    fitTo: fitted.at(-1)!,
    fitDays: fitted.length,
    bandLow: config.bandLow,
    bandHigh: config.bandHigh,
    billed,
    effective,
    days: [
      ...monthDays.map((day): ForecastDay => ({
        day,
        status: !byDay.has(day) ? 'no data' : isProvisional(day) ? 'provisional' : 'actual',
        billed: numberOf(byDay.get(day)?.billed_cost),
        effective: numberOf(byDay.get(day)?.effective_cost),
      })),
      ...remaining.map((day, i) => projectedDay(day, [remainingXs[i]], billed.fit, effective.fit, config)),
    ],
  };
}

/** Rounds money to 6 decimal places, the precision costlens prints and reconciles to. */
function roundMoney(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function projectedDay(day: string, x: number[], billedFit: RunRateFit, effectiveFit: RunRateFit, config: ForecastConfig): ForecastDay {
  const b = project(billedFit, x, config.bandLow, config.bandHigh);
  const e = project(effectiveFit, x, config.bandLow, config.bandHigh);
  return { day, status: 'projected', billed: b.point, effective: e.point, billedLow: b.low, billedHigh: b.high, effectiveLow: e.low, effectiveHigh: e.high };
}
