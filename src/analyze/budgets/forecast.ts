/**
 * The forecast of a budget's period end, made the way `costlens forecast` makes the month-end
 * forecast (src/analyze/forecast/month-end.ts, expected.ts), over the budget's scope and period
 * instead of the whole bill and one month: the actual to date, plus the usage run-rate
 * (forecast/fit.ts: a least-squares line or the mean over `fitDays` non-provisional days, each
 * day of them the store holds: one without usage in scope is $0 of it, not missing data) projected
 * over the remaining days, plus the recurring fees and tax still expected — from the
 * complete month before the as-of day's month (the reference month):
 *
 * - A fee whose lines in the reference month each cover a day or less (a Savings Plan's hourly
 *   fee) accrues (its daily rate there times each remaining day); an RI's RIFee (however short its
 *   line: an RI bought in the month's last hours) or one posted there for a longer charge period
 *   (the Support fee) posts once a month (forecast/fee-rows.ts
 *   `feeAccruesDaily`, the month-end forecast's rule; in the current month, what the
 *   reference month charged less what has posted this month, never below 0; in each later month
 *   of the period, the reference month's amount). The fee of a Reserved Instance or Savings Plan
 *   is its hourly rate in the reference month × the hours its term runs over those days (or that
 *   month), by the month-end forecast's own exact code (forecast/commitment-terms.ts
 *   `expectedFeeExact`): none after the term ends, the hours up to its end in the month it ends, every
 *   hour of a month for a term bought in the reference month or a month longer or shorter than it.
 *   The fee of a commitment that a FOCUS bill prices by the hour but dates no term for is its hourly
 *   rate (from trends/recurring_fees_by_commitment_term `unit_price`, `pricing_quantity`,
 *   `priced_seconds`, the month-end forecast's own query, read by commitment-rates.ts) × every hour
 *   of those days (or that month), its share in scope of the commitment's fee that month; one whose
 *   lines ended before the reference month did (`charged_until`) is expected at nothing
 *   (forecast/fee-rows.ts `focusFeesById`). Each commitment of a service (budgets/scope_daily_spend
 *   `commitment_key`: its ARN, else CommitmentDiscountId) is expected on its own, as the month-end
 *   forecast expects it (forecast/fee-parts.ts): whether it accrues or posts once, and whether it has
 *   posted this month, are read from its own lines, so an RI's posting on the 1st is never taken for
 *   another RI's or a Savings Plan's of the same service. In EffectiveCost and net, a Reserved
 *   Instance's fee is its unused part, which AWS restates as the month's hours pass: it accrues
 *   (its fee in the reference month scaled to the month's days, by the hours its term runs; in the
 *   current month less what has posted of it), as the month-end forecast expects it
 *   (forecast/fee-rows.ts `feeAccruesUnused`).
 * - Tax is the reference month's ratio r of tax to the other charges, applied month by month to
 *   the charges still to come, never to a month already over:
 *   the current month's tax still to come is max(0, r × (its non-tax charges so far + its
 *   projected usage + its fees still expected) − its tax posted so far), exactly the month-end
 *   forecast's rule; each later month of the period adds max(0, r × (its projected usage + its
 *   fees expected)), what the month-end forecast would expect of it at its start. The earlier
 *   months of a quarter or year are over: their tax has posted with their charges, so a credit
 *   or refund in one of them (or its tax) does not change the tax expected of the months to come.
 *   On a monthly budget this is the month-end rule itself.
 *
 * When the scope's usage in the fit window is all of deliveries that have ended (ended-fit.ts), nothing is
 * projected: the forecast is the actual plus the fees and tax expected of the others, the actual alone when none is.
 * When the scope has no usage in the fit window (and none on the provisional days after it), the
 * projected usage is 0 and the forecast is the actual plus the fees and tax expected (a Support
 * or Savings Plan fee budget); with no usage and nothing expected either (the reference month not
 * in the store, or holding no recurring fee and no tax in scope), or with usage only on
 * provisional days (a run-rate to project, but no day to fit it on), there is no forecast; nor with
 * fewer than MIN_FIT_DAYS days held in the fit window (forecast/fit.ts: the month-end forecast's one rule).
 * It can be made as of any day of the period, so a forecast threshold can say since when it is crossed.
 *
 * Money is exact, in bigint units (src/lib/money.ts), as in the month-end forecast: what the store
 * holds (the actual, each day's usage, the reference month's tax and other charges) is summed
 * exactly; the fit runs on each day's usage as a float, and what it estimates is converted once per
 * month, to the micro-dollar (`unitsOfEstimate`); the tax of a month is the exact fraction
 * (reference tax × the month's charges ÷ reference other charges) rounded once, what is still to
 * post of it put on the micro-dollar grid. So `forecast` = `actual` + `projectedUsage` +
 * `expectedCharges` and `expectedCharges` = `expectedFees` + `expectedTax`, to the unit.
 */
import { addDays, dayRange, daySpan, daysBetween, monthStart, addMonths, monthEnd, monthLabel, runsOfDays } from '../../lib/calendar.ts';
import { plural } from '../../lib/text.ts';
import { dayInStore, runsText, type StoreDays } from '../../lib/store-days.ts';
import { divideRounded, numberOfUnits, unitsOfEstimate } from '../../lib/money.ts';
import { toMicroGrid } from '../billing-calendar.ts';
import { fitRunRate, fitWindow, MIN_FIT_DAYS, monthBeforeNotInStore, project, referenceMonthNotInStore, type EndedFee, type FeeTerm, type FeeTermRows } from '../forecast/index.ts';
import { serviceFees } from './fee-lines.ts';
import { sumOf, unitsOf, type MonthLeft, type ScopeDay } from './scope-day.ts';
import type { ForecastConfig } from '../trends-config.ts';
import type { BudgetPeriod } from './period.ts';

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
  /**
   * The rows of trends/recurring_fees_by_commitment_term (whole bill) of each reference month whose
   * lines in scope hold a FOCUS commitment's fee, by the month's first day (commitment-rates.ts):
   * the hourly rate of each commitment and where its lines end. Absent or without the month: its fees at their last amount.
   */
  rates?: ReadonlyMap<string, FeeTermRows>;
  /** The rows' measure amortises (EffectiveCost, net): a Reserved Instance's fee is its unused part and accrues (fee-lines.ts `serviceFees`). Absent: BilledCost. */
  amortised?: boolean;
  /**
   * The usage in scope on the fit's days is all of deliveries that have ended, left out of `rows` (ended-fit.ts): nothing
   * more of it comes, so with no usage left to fit nothing is projected and the forecast is the actual plus the charges
   * expected, the actual alone when none is, never "no forecast".
   */
  usageLeftOut?: boolean;
}

/** A forecast of the period's end as of one day, in units (exact sums; estimates on the micro-dollar grid, fees exact). */
export interface PeriodForecast {
  asOf: string;
  /** Spend in scope on the period's days up to as-of (exact). */
  actual: bigint;
  /** The usage run-rate over the remaining days (each month's on the micro-dollar grid). */
  projectedUsage: bigint;
  /** expectedFees + expectedTax. */
  expectedCharges: bigint;
  /** The recurring fees still expected in the period. */
  expectedFees: bigint;
  /** The tax still expected in the period: the current month's shortfall plus each later month's (each on the micro-dollar grid). */
  expectedTax: bigint;
  /** actual + projectedUsage + expectedCharges. */
  forecast: bigint;
  /** The days the run-rate was fitted on (every day of the window the store holds, with usage in scope or not); 0 when the scope has no usage to fit (projected usage 0). */
  fitDays: number;
  /** The reference month's fees in scope for FOCUS commitments whose lines ended in it ({@link focusFeesOfLines}), expected at nothing: the basis names them. */
  endedCommitments: readonly EndedFee[];
  /** The reference month's fees in scope for a term that ended before the as-of day's month (fee-lines.ts `serviceFees`), one per service and term, expected at nothing: the basis names them. */
  endedTerms: readonly FeeTerm[];
  /** Why no recurring fee or tax is expected (`the month before (Oct 2018) holds no recurring fee and no tax in scope`); absent when some are, or the period is over. */
  noneExpected?: string;
}

/** No forecast as of one day, and why (in words, to follow "no forecast: "). */
export interface NoForecast {
  asOf: string;
  forecast: null;
  why: string;
}


/**
 * `the 28 days of its fit window (31 Oct – 27 Nov 2023)`: the days a budget's run-rate is fitted on as of a day
 * (forecast/fit-window.ts), named by their span as `costlens forecast` names fitted days: the day before the first
 * provisional day is its last when those cut it, not as-of. Of those, `held` are the days the store holds
 * ({@link fitWindowHeld}): when it holds fewer, they alone are named, as `costlens forecast` names only days with data
 * (the legacy CUR alone, data from 1 Nov 2023, as of 13 Nov: `the 10 days of its fit window the store holds (1–10 Nov
 * 2023)`, where it named 14 Oct – 10 Nov 2023, days the store never held); none: `the 28 days of its fit window
 * (…), none of which the store holds`.
 */
export function fitWindowWords(fitDays: number, window: { fitFrom: string; fitTo: string }, held: readonly string[]): string {
  const span = daySpan(window.fitFrom, window.fitTo);
  if (held.length === fitDays) return `the ${plural(fitDays, 'day')} of its fit window (${span})`;
  if (held.length === 0) return `the ${plural(fitDays, 'day')} of its fit window (${span}), none of which the store holds`;
  return `the ${plural(held.length, 'day')} of its fit window the store holds (${runsText(runsOfDays(held))})`;
}

/** The days of a fit window (`window`) the store holds (its days, from its first day, in no gap, up to the data horizon): {@link fitWindowWords}'s `held`. */
export function fitWindowHeld(window: { fitFrom: string; fitTo: string }, inputs: ForecastInputs): string[] {
  return daysHeldForFit(dayRange(window.fitFrom, window.fitTo), inputs);
}

/** The days of `days` a fit may take: from the data's first day (`firstDataDay`, the others' beside a delivery that has ended), in the store. */
function daysHeldForFit(days: readonly string[], inputs: ForecastInputs): string[] {
  const store = storeOf(inputs);
  return days.filter((d) => d >= inputs.firstDataDay && dayInStore(d, store));
}

/** Indexes rows once for many forecasts: usage and all spend by day, in units. */
export function indexRows(rows: readonly ScopeDay[]) {
  const usageByDay = new Map<string, bigint>();
  const totalByDay = new Map<string, bigint>();
  for (const r of rows) {
    if (r.chargeClass === 'usage') usageByDay.set(r.day, (usageByDay.get(r.day) ?? 0n) + unitsOf(r));
    totalByDay.set(r.day, (totalByDay.get(r.day) ?? 0n) + unitsOf(r));
  }
  return { usageByDay, totalByDay };
}


/**
 * Forecasts `period`'s end as of the end of `asOf` (a day of the period), or says why it cannot
 * (see the module comment): a complete period's forecast is its actual.
 */
export function forecastPeriodEnd(period: BudgetPeriod, asOf: string, inputs: ForecastInputs, index = indexRows(inputs.rows)): PeriodForecast | NoForecast {
  const { config } = inputs;
  const actual = dayRange(period.first, asOf).reduce((sum, d) => sum + (index.totalByDay.get(d) ?? 0n), 0n);
  const remaining = asOf >= period.last ? [] : dayRange(addDays(asOf, 1), period.last);
  const { fitFrom, fitTo } = fitWindow(asOf, monthStart(asOf), inputs.provisionalFrom, config.fitDays);
  const fitted = fitDaysInStore(dayRange(fitFrom, fitTo), inputs, index.usageByDay);
  const windowWords = () => fitWindowWords(config.fitDays, { fitFrom, fitTo }, fitWindowHeld({ fitFrom, fitTo }, inputs));
  const none = { asOf, actual, projectedUsage: 0n, expectedCharges: 0n, expectedFees: 0n, expectedTax: 0n, forecast: actual, fitDays: fitted.length, endedCommitments: [], endedTerms: [] };
  if (remaining.length === 0) return none;
  if (fitted.length > 0 && fitted.length < MIN_FIT_DAYS) {
    return { asOf, forecast: null, why: `too few days to fit a run-rate on: from ${fitFrom} to ${fitTo} the store holds only ${plural(fitted.length, 'day')} (${daySpan(fitted[0], fitted.at(-1)!)}), and a forecast needs at least ${MIN_FIT_DAYS}` };
  }
  if (fitted.length === 0) {
    const provisional = dayRange(addDays(fitTo, 1), asOf).find((d) => index.usageByDay.has(d));
    if (provisional !== undefined) {
      return { asOf, forecast: null, why: `usage in scope only on provisional days (from ${provisional}), none on a non-provisional day of ${windowWords()} to fit a run-rate on` };
    }
  }
  const fit = fitted.length === 0 ? null : fitRunRate(fitted.map((d) => daysBetween(fitFrom, d)), fitted.map((d) => numberOfUnits(index.usageByDay.get(d) ?? 0n)), config.method);
  const months: MonthLeft[] = [];
  for (const day of remaining) {
    const month = day.slice(0, 7);
    if (months.at(-1)?.month !== month) months.push({ month, current: month === asOf.slice(0, 7), days: [], usage: 0n });
    months.at(-1)!.days.push(day);
  }
  for (const m of months) m.usage = fit === null ? 0n : unitsOfEstimate(project(fit, m.days.map((d) => daysBetween(fitFrom, d)), config.bandLow, config.bandHigh).point);
  const projectedUsage = months.reduce((sum, m) => sum + m.usage, 0n);
  const charges = expected(asOf, months, inputs);
  if ('none' in charges) {
    if (fit === null && !inputs.usageLeftOut) return { asOf, forecast: null, why: `no usage in scope in ${windowWords()} to project, and no recurring fees or tax expected: ${charges.none}` };
    return { ...none, projectedUsage, forecast: actual + projectedUsage, noneExpected: charges.none };
  }
  const expectedCharges = charges.fees + charges.tax;
  return {
    asOf, actual, projectedUsage, expectedCharges, expectedFees: charges.fees, expectedTax: charges.tax,
    forecast: actual + projectedUsage + expectedCharges, fitDays: fitted.length, endedCommitments: charges.ended, endedTerms: charges.endedTerms,
  };
}

/** What the store holds: `inputs.store`, else every day from the data's first day; up to the data horizon (`inputs.horizon`). */
const storeOf = (inputs: ForecastInputs): StoreDays => ({ ...(inputs.store ?? { firstDay: inputs.firstDataDay, gaps: [] }), lastDay: inputs.horizon });

/**
 * The days of the fit window the run-rate is fitted on: every one the store holds (from the
 * data's first day, in no gap), a day without usage in scope being $0 of its usage, not missing
 * data; none when the scope has no usage on any of them (nothing to project).
 */
function fitDaysInStore(window: readonly string[], inputs: ForecastInputs, usageByDay: ReadonlyMap<string, bigint>): string[] {
  const held = daysHeldForFit(window, inputs);
  return held.some((d) => usageByDay.has(d)) ? held : [];
}

/**
 * Recurring fees and tax still expected in the months left (see the module comment), or why
 * nothing can be expected: the reference month not (all) in the store, or holding no recurring
 * fee and no tax (with other charges to take a ratio of) in scope.
 */
function expected(asOf: string, months: readonly MonthLeft[], inputs: ForecastInputs): { fees: bigint; tax: bigint; ended: EndedFee[]; endedTerms: FeeTerm[] } | { none: string } {
  const refFirst = addMonths(monthStart(asOf), -1);
  const refLast = monthEnd(refFirst);
  const refName = `the month before (${monthLabel(refFirst)})`;
  // One rule: a month before the data, in a gap or past the data horizon is not in the store.
  const missing = referenceMonthNotInStore(refFirst, storeOf(inputs));
  if (missing) return { none: monthBeforeNotInStore(refFirst, missing) };
  const inRef = inputs.rows.filter((r) => r.day >= refFirst && r.day <= refLast);
  const thisMonth = inputs.rows.filter((r) => r.day >= monthStart(asOf) && r.day <= asOf);
  const fees = new Map(months.map((m) => [m.month, 0n]));
  const reference = { from: refFirst, to: refLast };
  const services = new Set(inRef.filter((r) => r.chargeClass === 'recurring').map((r) => r.service));
  const rates = inputs.rates?.get(refFirst) ?? [];
  const ended: EndedFee[] = [];
  const endedTerms: FeeTerm[] = [];
  for (const service of services) {
    const own = (rows: readonly ScopeDay[]) => rows.filter((r) => r.chargeClass === 'recurring' && r.service === service);
    const fee = serviceFees(service, own(inRef), own(thisMonth), rates.filter((r) => r.service === service), reference, inputs.amortised);
    ended.push(...fee.ended);
    endedTerms.push(...fee.endedTerms);
    for (const m of months) fees.set(m.month, fees.get(m.month)! + fee.over(m));
  }
  const refTax = sumOf(inRef.filter((r) => r.chargeClass === 'tax'));
  const refOther = sumOf(inRef.filter((r) => r.chargeClass !== 'tax'));
  const taxes = refTax !== 0n && refOther !== 0n;
  if (services.size === 0 && !taxes) return { none: `${refName} holds no recurring fee and no tax in scope` };
  let tax = 0n;
  if (taxes) {
    const taxOf = (charges: bigint) => divideRounded(refTax * charges, refOther);
    const taxToPost = (expected: bigint, posted: bigint) => toMicroGrid(expected > posted ? expected - posted : 0n);
    const otherSoFar = sumOf(thisMonth.filter((r) => r.chargeClass !== 'tax'));
    const taxSoFar = sumOf(thisMonth.filter((r) => r.chargeClass === 'tax'));
    for (const m of months) {
      const charges = m.usage + fees.get(m.month)!;
      tax += m.current ? taxToPost(taxOf(otherSoFar + charges), taxSoFar) : taxToPost(taxOf(charges), 0n);
    }
  }
  return { fees: [...fees.values()].reduce((s, f) => s + f, 0n), tax, ended, endedTerms };
}
