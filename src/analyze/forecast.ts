/**
 * Month-end forecast for BilledCost and EffectiveCost: usage month to date plus the usage run-rate
 * projected over the remaining days (with a low/high band), plus the charges that post once a
 * period — what has posted, and the recurring fees and tax still expected, each named. SQL
 * aggregates spend per day and per charge class (queries/trends/); the fit runs here.
 */
import type { Engine, QueryRows } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import { addDays, addMonths, dayRange, daysBetween, daysInMonth, monthEnd, monthStart } from '../lib/calendar.ts';
import type { CostMeasure } from './anomalies.ts';
import { billingDaySpan, firstProvisionalDay, formatMoney, numberOf, resolveAsOf } from './forecast-calendar.ts';
import { fitRunRate, project, type RunRateFit } from './forecast-fit.ts';
import type { ForecastConfig } from './trends-config.ts';

/** Options of {@link forecastMonthEnd}. */
export interface ForecastOptions {
  /**
   * The forecast is made as of the end of this day, for the month containing it. Default: the
   * data horizon (the last complete day in the store), for the month in progress after it (on
   * the 1st, with the previous month complete, that is the new month).
   */
  asOf?: string;
}

/** A charge expected before month end that has not posted yet: a recurring fee or the tax. */
export interface ExpectedCharge {
  chargeClass: 'recurring' | 'tax';
  /** The service the charge belongs to (tax: every service's tax together). */
  service: string;
  /** What is still expected this month (what has posted already is in `posted`). */
  remaining: number;
  /** The whole month's amount expected. */
  expected: number;
  /** Already posted this month. */
  posted: number;
  /** How the expectation was made, in words. */
  basis: string;
}

/** The forecast of one cost measure. */
export interface CostForecast {
  cost: CostMeasure;
  /** Usage on the complete days of the month up to as-of. */
  usageActual: number;
  /** Other charge classes posted in the month so far (recurring, one-time, tax, credit). */
  posted: Record<'recurring' | 'one-time' | 'tax' | 'credit', number>;
  /** usageActual + every posted class: what the month holds so far. */
  mtdActual: number;
  /** The part of usageActual on provisional days. */
  mtdProvisional: number;
  /** The fitted usage run-rate summed over the remaining days. */
  projectedUsage: number;
  /** Recurring fees and tax expected before month end, each named. */
  expected: ExpectedCharge[];
  /** projectedUsage + every expected charge's remaining amount. */
  projectedRemaining: number;
  /** mtdActual + projectedRemaining. */
  forecast: number;
  low: number;
  high: number;
  /** The fitted usage run-rate on the first remaining day (0 when the month is over). */
  nextDayRunRate: number;
  fit: RunRateFit;
}

/** One day of the month: actual usage up to as-of, then the projection. */
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
  /** How as-of was chosen, in words. */
  asOfReason: string;
  daysInMonth: number;
  daysElapsed: number;
  daysRemaining: number;
  lastBillingDay: string;
  firstProvisionalDay: string | null;
  /** Days of the month up to as-of that are provisional. */
  provisionalDays: string[];
  method: ForecastConfig['method'];
  /** The first and last fitted days; every day between them with usage is fitted. */
  fitFrom: string;
  fitTo: string;
  fitDays: number;
  bandLow: number;
  bandHigh: number;
  /** The complete month the recurring fees and tax are expected from (null: none in the store). */
  expectationsFrom: string | null;
  billed: CostForecast;
  effective: CostForecast;
  days: ForecastDay[];
}

const POSTED_CLASSES = ['recurring', 'one-time', 'tax', 'credit'] as const;
/** A recurring fee seen on at least this many days of a month accrues daily (an hourly SP fee); else it posts once. */
const ACCRUING_DAYS = 20;

/**
 * Forecasts a month's end: usage on the complete days so far, plus the usage run-rate fitted on
 * the `fitDays` days that end at the last non-provisional day (a least-squares line or the mean)
 * projected over the remaining days, plus the charges that post once a period: what has posted
 * this month, and the recurring fees and tax the previous complete month says are still to come
 * (each named). Provisional days count in the actual but are never fitted.
 */
export async function forecastMonthEnd(engine: Engine, config: ForecastConfig, options: ForecastOptions = {}): Promise<MonthForecast> {
  const span = await billingDaySpan(engine);
  const asOf = resolveAsOf(options.asOf, span);
  const given = options.asOf !== undefined;
  const first = given ? monthStart(asOf) : monthStart(addDays(asOf, 1));
  const last = monthEnd(first);
  const postedThrough = given ? asOf : [span.lastChargeDay, last].sort()[0];
  const provisionalFrom = firstProvisionalDay(span, config.provisionalDays);
  const fitTo = provisionalFrom !== null && asOf >= provisionalFrom ? addDays(provisionalFrom, -1) : asOf;
  const fitFrom = addDays(fitTo, -(config.fitDays - 1));
  const { rows } = await engine.run('trends/daily_spend', { from: [fitFrom, first].sort()[0], to: addDays(asOf, 1) });
  const byDay = new Map(rows.map((r) => [r.day!, r]));
  const fitted = dayRange(fitFrom, fitTo).filter((d) => byDay.has(d));
  if (fitted.length === 0) {
    throw new CostlensError('input', `no billing data to fit a run-rate on: no non-provisional day from ${fitFrom} to ${fitTo}`, {
      hint: `the last ${config.provisionalDays} days of data (from ${provisionalFrom}) are provisional and never fitted; ingest more history or lower forecast.provisionalDays`,
    });
  }
  const previousFirst = addMonths(first, -1);
  const expectationsFrom = span.firstDay <= previousFirst && monthEnd(previousFirst) <= span.lastDay ? previousFirst.slice(0, 7) : null;
  const [current, previous] = await Promise.all([
    postedThrough >= first ? engine.run('trends/spend_by_class_and_service', { from: first, to: addDays(postedThrough, 1) }) : Promise.resolve({ columns: [], rows: [] }),
    expectationsFrom ? engine.run('trends/spend_by_class_and_service', { from: previousFirst, to: first }) : Promise.resolve({ columns: [], rows: [] }),
  ]);
  const remaining = dayRange(addDays(asOf, 1), last).filter((d) => d >= first);
  const xs = fitted.map((d) => daysBetween(fitFrom, d));
  const remainingXs = remaining.map((d) => daysBetween(fitFrom, d));
  const monthDays = asOf >= first ? dayRange(first, asOf) : [];
  const isProvisional = (day: string) => provisionalFrom !== null && day >= provisionalFrom;

  const measure = (cost: CostMeasure): CostForecast => {
    const fit = fitRunRate(xs, fitted.map((d) => numberOf(byDay.get(d)![`usage_${cost}_cost`])), config.method);
    const projection = project(fit, remainingXs, config.bandLow, config.bandHigh);
    const usage = (days: string[]) => days.reduce((sum, d) => sum + numberOf(byDay.get(d)?.[`usage_${cost}_cost`]), 0);
    const posted = Object.fromEntries(POSTED_CLASSES.map((c) => [c, roundMoney(classTotal(current.rows, c, cost))])) as CostForecast['posted'];
    const usageActual = roundMoney(usage(monthDays));
    const mtdActual = roundMoney(usageActual + POSTED_CLASSES.reduce((sum, c) => sum + posted[c], 0));
    const projectedUsage = roundMoney(projection.point);
    const expected = expectedCharges(previous.rows, current.rows, cost, { first, previousFirst, nonTaxForecast: mtdActual - posted.tax + projectedUsage });
    const projectedRemaining = roundMoney(projectedUsage + expected.reduce((sum, e) => sum + e.remaining, 0));
    const others = roundMoney(projectedRemaining - projectedUsage);
    return {
      cost,
      usageActual,
      posted,
      mtdActual,
      mtdProvisional: roundMoney(usage(monthDays.filter(isProvisional))),
      projectedUsage,
      expected,
      projectedRemaining,
      forecast: roundMoney(mtdActual + projectedRemaining),
      low: roundMoney(mtdActual + others + roundMoney(projection.low)),
      high: roundMoney(mtdActual + others + roundMoney(projection.high)),
      nextDayRunRate: remaining.length ? Math.max(0, fit.intercept + fit.slope * remainingXs[0]) : 0,
      fit,
    };
  };
  const billed = measure('billed');
  const effective = measure('effective');
  return {
    month: first.slice(0, 7),
    asOf,
    asOfReason: given ? 'given' : 'the last complete day in the store',
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
    expectationsFrom,
    billed,
    effective,
    days: [
      ...monthDays.map((day): ForecastDay => ({
        day,
        status: !byDay.has(day) ? 'no data' : isProvisional(day) ? 'provisional' : 'actual',
        billed: numberOf(byDay.get(day)?.usage_billed_cost),
        effective: numberOf(byDay.get(day)?.usage_effective_cost),
      })),
      ...remaining.map((day, i) => projectedDay(day, [remainingXs[i]], billed.fit, effective.fit, config)),
    ],
  };
}

type ClassRows = QueryRows['rows'];

function classTotal(rows: ClassRows, chargeClass: string, cost: CostMeasure): number {
  return rows.filter((r) => r.charge_class === chargeClass).reduce((sum, r) => sum + numberOf(r[`${cost}_cost`]), 0);
}

/**
 * The recurring fees and tax still to come this month, from the previous complete month: a fee
 * seen on most days of it accrues (expected pro rata to this month's days), one seen on a few
 * days posts once (expected at the previous amount); tax is expected at the previous month's
 * ratio of tax to the other charges. What has posted already is taken off.
 */
function expectedCharges(previous: ClassRows, current: ClassRows, cost: CostMeasure, month: { first: string; previousFirst: string; nonTaxForecast: number }): ExpectedCharge[] {
  const period = month.previousFirst.slice(0, 7);
  const scale = daysInMonth(month.first) / daysInMonth(month.previousFirst);
  const postedOf = (chargeClass: string, service?: string) => current
    .filter((r) => r.charge_class === chargeClass && (service === undefined || r.service === service))
    .reduce((sum, r) => sum + numberOf(r[`${cost}_cost`]), 0);
  const out: ExpectedCharge[] = [];
  for (const r of previous.filter((p) => p.charge_class === 'recurring')) {
    const before = numberOf(r[`${cost}_cost`]);
    const accrues = Number(r.days ?? 0) >= ACCRUING_DAYS;
    const expected = roundMoney(accrues ? before * scale : before);
    const posted = roundMoney(postedOf('recurring', r.service!));
    const remaining = roundMoney(Math.max(0, expected - posted));
    const basis = accrues
      ? `accrues daily: ${formatMoney(before)} over ${period}, scaled to ${daysInMonth(month.first)} days`
      : `posts once a month: ${formatMoney(before)} in ${period}`;
    out.push({ chargeClass: 'recurring', service: r.service!, remaining, expected, posted, basis });
  }
  const previousTax = classTotal(previous, 'tax', cost);
  const previousOther = previous.filter((r) => r.charge_class !== 'tax').reduce((sum, r) => sum + numberOf(r[`${cost}_cost`]), 0);
  if (previousTax !== 0 && previousOther !== 0) {
    const ratio = previousTax / previousOther;
    const otherThisMonth = month.nonTaxForecast + out.reduce((sum, e) => sum + e.remaining, 0);
    const expected = roundMoney(ratio * otherThisMonth);
    const posted = roundMoney(postedOf('tax'));
    const remaining = roundMoney(Math.max(0, expected - posted));
    out.push({ chargeClass: 'tax', service: 'Tax', remaining, expected, posted, basis: `${(ratio * 100).toFixed(2)} % of the other charges, as in ${period}` });
  }
  return out.filter((e) => e.expected !== 0 || e.posted !== 0);
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
