/**
 * Month-end forecast for BilledCost and EffectiveCost: usage month to date plus the usage run-rate
 * projected over the remaining days (with a low/high band), plus the charges that post once a
 * period — what has posted, and the recurring fees and tax still expected, each named. SQL
 * aggregates spend per day and per charge class (queries/trends/); the fit runs here.
 */
import type { Engine } from '../../engine/engine.ts';
import { listParam } from '../../engine/duckdb.ts';
import { runQuery } from '../../engine/query-types.ts';
import { addDays, addMonths, earlierDay, dayRange, laterDay, daysBetween, monthEnd, monthStart } from '../../lib/calendar.ts';
import { dayInStore, daysNotInStore, type StoreDays } from '../../lib/store-days.ts';
import { numberOfUnits, unitsOfEstimate } from '../../lib/money.ts';
import type { CostMeasure } from '../anomalies/index.ts';
import { billingDaySpan, heldBackWords, resolveAsOf, storeDays } from '../billing-calendar.ts';
import { readProvisionalFrom } from '../provisional-from.ts';
import { noDeliveryHoldsMonth, endedOnlyToFit, noDayToFit, tooFewDaysToFit } from './no-fit.ts';
import { readSourceSpans } from '../source-spans.ts';
import { endedLeftOutOfFit, endedPartialDays, endedSourcesOfSpan } from '../ended-delivery.ts';
import { forecastLinesAfterHorizon } from './after-horizon.ts';
import { endedFeesNotExpected, readWithoutEnded, withoutSources } from './ended-sources.ts';
import { allExpectedCharges, classTotal, expectedChargeKey, isShownCharge, monthBeforeNotInStore, POSTED_CLASSES, referenceMonthNotInStore, type ExpectedCharge } from './expected.ts';
import { fitRunRate, MIN_FIT_DAYS, project, type RunRateFit } from './fit.ts';
import { fitWindow } from './fit-window.ts';
import { findLevelShift, levelShiftMonth } from './level-shift.ts';
import type { CostForecast, ForecastDay, MonthForecast } from './month-forecast.ts';
import { findRecentRate } from './recent-rate.ts';
import type { ForecastConfig } from '../trends-config.ts';

/** Options of {@link forecastMonthEnd}. */
export interface ForecastOptions {
  /**
   * The forecast is made as of the end of this day, for the month containing it. Default: the
   * data horizon (the last complete day in the store), for the month in progress after it (on
   * the 1st, with the previous month complete, that is the new month).
   */
  asOf?: string;
}

/**
 * The days of the month from `first` before the store's first charge day (`firstDay`), which the
 * forecast leaves out, and the day it covers the month from: none when the store begins on or
 * before `first`, or after `through` (no data in the month yet up to that day).
 */
export function daysBeforeStoreData(first: string, through: string, firstDay: string): Pick<MonthForecast, 'coversFrom' | 'daysBeforeData' | 'beforeDataWhy'> {
  if (firstDay <= first || firstDay > through) return { coversFrom: first, daysBeforeData: [], beforeDataWhy: null };
  const why = daysNotInStore(first, firstDay, { firstDay, gaps: [] })?.why ?? null;
  return { coversFrom: firstDay, daysBeforeData: dayRange(first, addDays(firstDay, -1)), beforeDataWhy: why };
}

/**
 * Forecasts a month's end: usage on the complete days so far, plus the usage run-rate fitted on
 * the `fitDays` days that end at the last non-provisional day (a least-squares line or the mean)
 * projected over the remaining days, plus the charges that post once a period: what has posted
 * this month, and the recurring fees and tax the month before says are still to come (each named),
 * when the store holds that month whole (`expectationsFrom`): one it does not, before its data or in
 * a gap between deliveries, expects none, and `expectationsWhyNot` says why. Provisional days count
 * in the actual but are never fitted. Days up to as-of that the store does not hold
 * (src/analyze/billing-calendar.ts `storeDays`) inside its data (a gap) are estimated as the days
 * after as-of are, never counted as $0.00. Days of the month before the
 * store's first charge day are not in the forecast at all: it covers the month from that day
 * (`coversFrom`) and names them (`daysBeforeData`), as a budget's actual covers the days the store holds.
 * A delivery that has ended before as-of while another's data runs on (ended-delivery.ts endedLeftOutOfFit) stays
 * in what the month holds but is neither fitted nor projected, and no fee or tax of it is expected (`endedSources`).
 */
export async function forecastMonthEnd(engine: Engine, config: ForecastConfig, options: ForecastOptions = {}): Promise<MonthForecast> {
  const span = await billingDaySpan(engine, 'forecast needs');
  const asOf = resolveAsOf(options.asOf, span);
  const given = options.asOf !== undefined;
  const first = given ? monthStart(asOf) : monthStart(addDays(asOf, 1));
  const last = monthEnd(first);
  const postedThrough = given ? asOf : earlierDay(span.lastChargeDay, last);
  // Provisional days are counted back from the data horizon of the delivery holding the days the fit reaches (provisional-from.ts).
  const provisionalFrom = await readProvisionalFrom(engine, span, addDays(asOf, -(config.fitDays - 1)), asOf, config.provisionalDays);
  const { fitFrom, fitTo, readFrom } = fitWindow(asOf, first, provisionalFrom, config.fitDays);
  const previousFirst = addMonths(first, -1);
  const read = { from: readFrom, to: addDays(asOf, 1) };
  const spans = await readSourceSpans(engine, span);
  // The deliveries that have ended while another's data runs on: in what the month holds, never fitted nor projected (ended-sources.ts).
  const leftOut = endedLeftOutOfFit(spans, read.from, asOf).ended;
  const { coversFrom, daysBeforeData, beforeDataWhy } = daysBeforeStoreData(first, asOf, span.firstDay);
  const monthDays = asOf >= coversFrom ? dayRange(coversFrom, asOf) : [];
  // One read of the days by source: every line (`rows`), and without the deliveries that have ended (`fitRows`); as of the data horizon inside the month,
  // on to the month's latest line: those dated after as-of, held and not counted, are named (after-horizon.ts).
  const laterTo = asOf === span.lastDay && asOf < last ? addDays(earlierDay(last, laterDay(asOf, span.lastChargeDay)), 1) : undefined;
  const { rows, fitRows, endedSources, noLineInMonth, later } = await readWithoutEnded(engine, leftOut, read, monthDays, laterTo);
  const byDay = new Map(rows.map((r) => [r.day!, r]));
  const withData = dayRange(fitFrom, fitTo).filter((d) => byDay.has(d));
  if (withData.length === 0) throw await noDayToFit(engine, span, { asOf, fitFrom, fitTo, provisionalFrom }, config);
  // A day holding a line is in the store, and none before its first charge day is: its gaps are read only when a day after that,
  // of those the forecast covers or of the month before, holds none.
  const unlined = [...monthDays, ...dayRange(previousFirst, addDays(first, -1))].some((d) => d >= span.firstDay && !byDay.has(d));
  const store: StoreDays = { ...(unlined ? await storeDays(engine, span) : { firstDay: span.firstDay, gaps: [] }), lastDay: span.lastDay };
  // A month no delivery holds is not projected from the data of deliveries that have ended (no-fit.ts).
  const endedOnly = noDeliveryHoldsMonth(spans, first.slice(0, 7), withData, store);
  if (endedOnly) throw endedOnly;
  const fitByDay = new Map(fitRows.map((r) => [r.day!, r]));
  // The day after an ended delivery's horizon holding its lines is partial (its usage stops inside it), as unit-cost says: counted as provisional money,
  // never fitted with its lines: fitted on the others' when that delivery is left out of the fit (partialDaysFitted), else not fitted at all.
  const leftOutSources = new Set(leftOut.flatMap((own) => own.sources));
  const endedPartial = endedPartialDays(spans);
  const unfittable = endedPartial.filter((p) => !p.sources.every((source) => leftOutSources.has(source))).map((p) => p.day);
  const fitted = withData.filter((d) => fitByDay.has(d) && !unfittable.includes(d));
  if (fitted.length === 0) throw endedOnlyToFit(leftOut, fitFrom, fitTo, config);
  if (fitted.length < MIN_FIT_DAYS) throw tooFewDaysToFit(fitted, fitFrom, fitTo, leftOut, config);
  const excluded = { exclude_sources: listParam([...leftOutSources]) };
  const missing = monthDays.filter((d) => !dayInStore(d, store));
  const partialDays = endedPartial.filter((p) => monthDays.includes(p.day) && byDay.has(p.day) && !missing.includes(p.day));
  const isPartial = (day: string) => partialDays.some((p) => p.day === day);
  // Fees and tax are expected from the month before only when the store holds it whole: not when it precedes the data or lies in a gap.
  const previousNotInStore = referenceMonthNotInStore(previousFirst, store);
  const expectationsFrom = previousNotInStore === null ? previousFirst.slice(0, 7) : null;
  // `fees`: last month's recurring fees by whether they are posted (which posts once, which accrues), by the term (start, end) of
  // the commitment each is for (expected by the hours its term runs this month) and by that commitment; `currentFees`: this month's
  // so far by commitment, so that each commitment's posting counts for it alone.
  const posting = postedThrough >= first;
  // This month's charges are read once by source: every line's (`current`), and without the deliveries that have ended (`currentFitted`):
  // what has posted of the deliveries still to expect charges of, the charges still to post being theirs alone. classTotal and allExpectedCharges sum a service's sources.
  const [current, previousBySource, fees, currentFees] = await Promise.all([
    posting ? runQuery(engine, 'trends/spend_by_class_and_service', { from: first, to: addDays(postedThrough, 1), by: 'source' }) : Promise.resolve([]),
    expectationsFrom ? runQuery(engine, 'trends/spend_by_class_and_service', { from: previousFirst, to: first, by: 'source' }) : Promise.resolve([]),
    expectationsFrom ? runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: previousFirst, to: first, ...excluded }) : Promise.resolve([]),
    expectationsFrom && posting ? runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: first, to: addDays(postedThrough, 1), ...excluded }) : Promise.resolve([]),
  ]);
  // The month before without the deliveries that have ended (what is expected again), and the fees of those holding no line this month: named (ended-sources.ts).
  const previous = withoutSources(previousBySource, leftOutSources);
  endedFeesNotExpected(noLineInMonth, previousBySource);
  const currentFitted = withoutSources(current, leftOutSources);
  const afterHorizon = forecastLinesAfterHorizon(later, { first, last }, asOf, postedThrough, span, endedSourcesOfSpan(spans, span));
  const remaining = dayRange(addDays(asOf, 1), last).filter((d) => d >= first);
  const xs = fitted.map((d) => daysBetween(fitFrom, d));
  const remainingXs = remaining.map((d) => daysBetween(fitFrom, d));
  const estimatedXs = [...missing, ...remaining].map((d) => daysBetween(fitFrom, d));
  const isProvisional = (day: string) => provisionalFrom !== null && day >= provisionalFrom && day <= addDays(provisionalFrom, config.provisionalDays - 1);

  const measure = (cost: CostMeasure): CostForecast => {
    const column = `usage_${cost}_cost` as const;
    // The fit runs on floats; everything the store holds is summed exactly.
    const fit = fitRunRate(xs, fitted.map((d) => numberOfUnits(fitByDay.get(d)![column])), config.method);
    const projection = project(fit, estimatedXs, config.bandLow, config.bandHigh);
    const usage = (days: string[], of = byDay) => days.reduce((sum, d) => sum + (of.get(d)?.[column] ?? 0n), 0n);
    const posted = Object.fromEntries(POSTED_CLASSES.map((c) => [c, classTotal(current, c, cost)])) as CostForecast['posted'];
    const usageActual = usage(monthDays);
    const mtdActual = usageActual + POSTED_CLASSES.reduce((sum, c) => sum + posted[c], 0n);
    const projectedUsage = unitsOfEstimate(projection.point);
    // The tax is expected of the charges of the deliveries that run on, the ended ones' left out.
    const nonTaxSoFar = usage(monthDays, fitByDay) + POSTED_CLASSES.filter((c) => c !== 'tax').reduce((sum, c) => sum + classTotal(currentFitted, c, cost), 0n);
    const expectedWith = (usage: bigint) => allExpectedCharges(previous, currentFitted, cost, { first, previousFirst, nonTaxForecast: nonTaxSoFar + usage, over: remaining.length === 0 && missing.length === 0, fees, currentFees });
    const toPost = (charges: ExpectedCharge[]) => charges.reduce((sum, e) => sum + e.remaining, 0n);
    const expected = expectedWith(projectedUsage);
    const others = toPost(expected);
    const fittedUsage = { days: fitted, xs, units: fitted.map((d) => fitByDay.get(d)![column] ?? 0n) };
    const monthEndWith = (usage: bigint) => mtdActual + usage + toPost(expectedWith(usage));
    const levelShift = levelShiftMonth(findLevelShift(fittedUsage, config), estimatedXs.length, monthEndWith);
    const [projectedRemaining, low, high] = [projectedUsage + others, mtdActual + others + unitsOfEstimate(projection.low), mtdActual + others + unitsOfEstimate(projection.high)];
    return {
      cost,
      usageActual,
      posted,
      mtdActual,
      mtdProvisional: usage(monthDays.filter((d) => isProvisional(d) || isPartial(d))),
      projectedUsage,
      expected,
      projectedRemaining,
      forecast: mtdActual + projectedRemaining,
      low,
      high,
      nextDayRunRate: remaining.length ? unitsOfEstimate(Math.max(0, fit.intercept + fit.slope * remainingXs[0])) : 0n,
      fit,
      levelShift,
      recentRate: findRecentRate(fittedUsage, { estimatedDays: estimatedXs.length, projectedUsage, forecast: mtdActual + projectedRemaining, low, high }, levelShift, monthEndWith),
    };
  };
  const [billed, effective] = shownAlike(measure('billed'), measure('effective'));
  return {
    month: first.slice(0, 7),
    asOf,
    asOfReason: given ? 'given' : `the last complete day in the store${heldBackWords(span)}`,
    daysInMonth: daysBetween(first, last) + 1,
    coversFrom,
    daysBeforeData,
    beforeDataWhy,
    daysElapsed: monthDays.length,
    daysRemaining: remaining.length,
    missingDays: missing,
    missingWhy: daysNotInStore(coversFrom, addDays(asOf, 1), store)?.why ?? null,
    lastBillingDay: span.lastDay,
    firstProvisionalDay: provisionalFrom,
    provisionalDays: monthDays.filter(isProvisional),
    partialDays,
    partialDaysFitted: partialDays.map((p) => p.day).filter((day) => fitted.includes(day)),
    unfittedDays: provisionalFrom !== null && asOf >= provisionalFrom ? dayRange(provisionalFrom, earlierDay(asOf, addDays(provisionalFrom, config.provisionalDays - 1))) : [],
    method: config.method,
    fitFrom: fitted[0],
    fitTo: fitted.at(-1)!,
    fitDays: fitted.length,
    bandLow: config.bandLow,
    bandHigh: config.bandHigh,
    expectationsFrom,
    expectationsWhyNot: previousNotInStore ? monthBeforeNotInStore(previousFirst, previousNotInStore) : null,
    endedSources,
    afterHorizon,
    billed,
    effective,
    days: [
      ...monthDays.map((day): ForecastDay => (missing.includes(day) ? { ...projectedDay(day, [daysBetween(fitFrom, day)], billed.fit, effective.fit, config), status: 'missing' } : {
        day,
        status: !byDay.has(day) ? 'no data' : isProvisional(day) ? 'provisional' : isPartial(day) ? 'partial' : 'actual',
        billed: byDay.get(day)?.usage_billed_cost ?? 0n,
        effective: byDay.get(day)?.usage_effective_cost ?? 0n,
      })),
      ...remaining.map((day, i) => projectedDay(day, [remainingXs[i]], billed.fit, effective.fit, config)),
    ],
  };
}

function projectedDay(day: string, x: number[], billedFit: RunRateFit, effectiveFit: RunRateFit, config: ForecastConfig): ForecastDay {
  const b = project(billedFit, x, config.bandLow, config.bandHigh);
  const e = project(effectiveFit, x, config.bandLow, config.bandHigh);
  const u = unitsOfEstimate;
  return { day, status: 'projected', billed: u(b.point), effective: u(e.point), billedLow: u(b.low), billedHigh: u(b.high), effectiveLow: u(e.low), effectiveHigh: u(e.high) };
}

/**
 * Both measures' forecasts naming the same expected charges: each charge that either names
 * ({@link isShownCharge}: an RI fee of all upfront bills 0 and amortises more), in both, so that
 * each names its figure in both measures. Those left out expect nothing and have posted nothing,
 * so no total changes.
 */
function shownAlike(billed: CostForecast, effective: CostForecast): [CostForecast, CostForecast] {
  const shown = new Set([...billed.expected, ...effective.expected].filter(isShownCharge).map(expectedChargeKey));
  const named = (c: CostForecast): CostForecast => ({ ...c, expected: c.expected.filter((e) => shown.has(expectedChargeKey(e))) });
  return [named(billed), named(effective)];
}
