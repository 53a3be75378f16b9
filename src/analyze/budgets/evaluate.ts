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
 * A store without daily usage is judged on its whole monthly bills instead (whole-bills.ts).
 * Reads queries/budgets/scope_daily_spend through the Engine, and for a FOCUS commitment's fee
 * trends/recurring_fees_by_commitment_term (its hourly rate, commitment-rates.ts). The forecast's
 * basis says what it expects of the recurring fees and tax (expected-words.ts): from the month
 * before, naming those expected at nothing in `costlens forecast`'s words, or none, and why.
 */
import type { Engine } from '../../engine/engine.ts';
import { type QueryRowTypes, runQuery } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import { addDays, addMonths, dayRange, daySpan, type DayRun, earlierDay, laterDay, monthStart, runsOfDays, shortDay } from '../../lib/calendar.ts';
import { dayInStore, daysNotInStore, daysNotInStoreAre, type DaysNotInStore, type StoreDays } from '../../lib/store-days.ts';
import { centsOfUnits, UNITS_PER_CENT } from '../../lib/money.ts';
import { commitmentRates, commitmentRatesReader, type CommitmentRatesReader } from './commitment-rates.ts';
import { thresholdId, type BudgetConfig } from './config.ts';
import { fitWindowHeld, fitWindowWords, forecastPeriodEnd, type ForecastInputs, type NoForecast, type PeriodForecast } from './forecast.ts';
import { periodContaining, sameDaysBefore, type BudgetPeriod } from './period.ts';
import { describeScope, scopeParams } from './scope.ts';
import { isPosting, spendDay } from './spend-day.ts';
import { crossedSince, percentOf, sharePercent, type BudgetsConfigs, type BudgetsReport, type BudgetStatus, type ThresholdStatus } from './status.ts';
import { evaluateWholeBills } from './whole-bills.ts';
import { unmatchedDays } from './unmatched.ts';
import { budgetsSpan, judgedReason } from './judged-span.ts';
import { readSourceSpans, type SourceSpans } from '../source-spans.ts';
import { forecastsByDay, leftOutNotes, leftOutWords, usageOnlyWords, type SourcedRow } from './ended-fit.ts';
import { billSpan, firstProvisionalDay, heldBackWords, resolveAsOf, storeDaysOf, type BillingDaySpan } from '../billing-calendar.ts';
import { chargedDaysOf, type ChargedDays } from '../invoice-days.ts';
import { notInvoicedRefusal } from '../monthly-bills.ts';
import type { ChargeDaySums } from '../charge-day-basis.ts';
import { budgetChargeDaySums, chargeDayBasisNote } from './charge-day-basis.ts';
import { afterHorizonNote, type AfterHorizon, linesAfterHorizonOf } from './after-horizon.ts';
import { endedSourcesOfSpan } from '../ended-delivery.ts';
import { notInvoicedNote, type SourcedScopeDay } from './not-invoiced.ts';
import { plural } from '../../lib/text.ts';
import { referenceMonthNotInStore } from '../forecast/index.ts';
import { expectedChargesWords } from './expected-words.ts';

/**
 * Resolves the as-of day from the data horizon and `--period` (whose last day caps it); the reason names
 * the delivery holding the horizon back, if one does (heldBackWords). A `--period` after `span` is
 * refused: of a delivery of fees only whose latest bill, not invoiced yet, the period holds, as not
 * complete in invoice's words (monthly-bills.ts, notInvoicedRefusal); else as after the data horizon.
 */
export function budgetsAsOf(span: BillingDaySpan, period: BudgetPeriod | undefined): { asOf: string; reason: string } {
  if (!period) return { asOf: span.lastDay, reason: `the data horizon, the last complete day in the store${heldBackWords(span)}` };
  if (period.first > span.lastDay) {
    // The bills of a delivery of fees only (source-spans.ts): its latest not invoiced yet, as invoice and commitments say it.
    const notInvoiced = notInvoicedRefusal(`--period ${period.label}`, span.wholeBillsOnly, period.first.slice(0, 7), period.last.slice(0, 7));
    if (notInvoiced) {
      throw new CostlensError('usage', notInvoiced, {
        hint: `give a period up to ${span.lastDay.slice(0, 7)}, or see its bill as it stands: costlens invoice --period ${span.wholeBillsOnly!.incomplete!.period}`,
      });
    }
    throw new CostlensError('usage', `--period ${period.label} starts after the data horizon ${shortDay(span.lastDay, true)} (the last complete day in the store)`, {
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
    : { asOf: span.lastDay, reason: `the data horizon, the last complete day in the store${heldBackWords(span)}, inside ${period.label}` };
}

/**
 * Evaluates one budget as of `asOf` (`span`: the store's), by {@link evaluateBudgets}'s rules: its forecast leaves out the
 * store's deliveries that have ended (readSourceSpans, ended-fit.ts); `readRates` reads the FOCUS commitments' hourly rates
 * its forecasts need (shared by the budgets of one run).
 */
export async function evaluateBudget(engine: Engine, configs: BudgetsConfigs, budget: BudgetConfig, asOf: string, span: BillingDaySpan, store: StoreDays,
  readRates: CommitmentRatesReader = commitmentRatesReader(engine)): Promise<BudgetStatus> {
  return (await evaluateBudgetAndBasis(engine, configs, budget, asOf, span, store, readRates, await readSourceSpans(engine, span))).status;
}

/**
 * The last charge day to read a budget's rows to: as-of, or, once its period is complete, the last
 * charge day of its own bills (`charged`), whose lines charged after the period its actual leaves out;
 * when as-of is the data horizon inside the period, the period's latest line (after-horizon.ts).
 */
function lastDayRead(period: BudgetPeriod, asOf: string, span: BillingDaySpan, charged: ChargedDays | undefined): string {
  if (asOf === span.lastDay && asOf < period.last) return earlierDay(period.last, laterDay(asOf, span.lastChargeDay));
  if (!charged || asOf < period.last) return asOf;
  const own = [...charged].filter(([billing]) => `${billing}-01` >= period.first && `${billing}-01` <= period.last);
  return laterDay(asOf, ...own.map(([, days]) => days.last));
}

/**
 * {@link evaluateBudget}, with the sums its actual parts on from its bills' billing periods
 * (charge-day-basis.ts) and the lines of its period dated after the data horizon that it leaves out
 * (after-horizon.ts), from the same rows in scope; `charged`: each billing period's charge days
 * (absent: lines of its bills charged after the period are not read).
 */
async function evaluateBudgetAndBasis(engine: Engine, configs: BudgetsConfigs, budget: BudgetConfig, asOf: string, span: BillingDaySpan, store: StoreDays,
  readRates: CommitmentRatesReader, spans: SourceSpans, charged?: ChargedDays): Promise<{ status: BudgetStatus; basis: ChargeDaySums; after: AfterHorizon | null; billed: SourcedScopeDay[] }> {
  const period = periodContaining(budget.period, asOf);
  const reference = addMonths(monthStart(period.first), -1);
  const fetchFrom = earlierDay(reference, addDays(period.first, -configs.forecast.fitDays));
  const range = { chargeFrom: fetchFrom, chargeTo: addDays(asOf, 1) };
  const scope = await scopeParams(engine, configs.attribution, budget.scope, range);
  const read = await runQuery(engine, 'budgets/scope_daily_spend', { from: fetchFrom, to: addDays(lastDayRead(period, asOf, span, charged), 1), ...scope.params });
  const rows = read.filter((r) => r.day! <= asOf);
  const column = `${budget.cost}_cost` as const;
  // One copy of the rows per budget: each on the day its actual counts it, with its money in the budget's measure (a SourcedScopeDay too).
  const dated = read.map((r): DatedRow => ({
    ...r, posting: isPosting(r), day: spendDay(r.day!, r.last_day ?? r.day!, asOf, (day) => dayInStore(day, store)), billingPeriod: r.billing_period, units: r[column] ?? 0n,
  }));
  const basis = budgetChargeDaySums(period, asOf, dated);
  const status = evaluateRows(configs, budget, asOf, span, store, readRates, { period, fetchFrom, scope, rows, dated: dated.filter((r) => r.day <= asOf), spans });
  const after = linesAfterHorizonOf(period, asOf, span, read.map((r) => ({ day: r.day!, units: r[column] ?? 0n })));
  return { status: await status, basis, after, billed: dated };
}

/** A row of budgets/scope_daily_spend on the day a budget's actual counts it (spend-day.ts), with its money in the budget's measure. */
type DatedRow = QueryRowTypes['budgets/scope_daily_spend'] & SourcedScopeDay & { posting: boolean };

/** What {@link evaluateBudgetAndBasis} has read of one budget, up to as-of. */
interface BudgetRows {
  period: BudgetPeriod;
  fetchFrom: string;
  scope: Awaited<ReturnType<typeof scopeParams>>;
  rows: QueryRowTypes['budgets/scope_daily_spend'][];
  dated: DatedRow[];
  /** The store's deliveries: the forecast as of a day leaves out those that have ended (ended-fit.ts). */
  spans: SourceSpans;
}

/** One budget's status from its rows in scope up to as-of. */
async function evaluateRows(configs: BudgetsConfigs, budget: BudgetConfig, asOf: string, span: BillingDaySpan, store: StoreDays,
  readRates: CommitmentRatesReader, read: BudgetRows): Promise<BudgetStatus> {
  const { period, fetchFrom, scope, rows, dated } = read;
  const scopeDays: SourcedRow[] = dated.map((r) => ({ day: r.day, chargeClass: r.charge_class ?? 'usage', service: r.service ?? '(none)', units: r.units, commitmentStart: r.commitment_start, commitmentEnd: r.commitment_end, commitment: r.commitment, commitmentId: r.commitment_id, commitmentKey: r.commitment_key, posted: r.posting, source: r.source }));
  const exactByDay = new Map<string, bigint>();
  const postingsByDay = new Map<string, bigint>();
  for (const r of dated) {
    exactByDay.set(r.day, (exactByDay.get(r.day) ?? 0n) + r.units);
    if (r.posting) postingsByDay.set(r.day, (postingsByDay.get(r.day) ?? 0n) + r.units);
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
    amount: budget.amount * UNITS_PER_CENT, actual, postings, previousDays, unmatched: rows.length === 0 ? unmatchedDays(laterDay(fetchFrom, span.firstDay), asOf, store) : null,
    previousNotInStore: daysNotInStore(previousDays.first, addDays(previousDays.last, 1), store), cumulative, scopeParams: scope, bills: null,
  };
  if (notInStore) return notJudgedStatus(common, notInStore, runsOfDays(counted));
  const wantsForecastHistory = budget.thresholds.some((t) => t.basis === 'forecast');
  const forecastDays = wantsForecastHistory ? days : [asOf];
  const rates = await commitmentRates(readRates, scopeDays, forecastDays.filter((day) => day < period.last));
  const inputs: ForecastInputs & { rows: SourcedRow[] } = { rows: scopeDays, firstDataDay: span.firstDay, horizon: span.lastDay, provisionalFrom: firstProvisionalDay(span, configs.forecast.provisionalDays), config: configs.forecast, store, rates, amortised: budget.cost !== 'billed' };
  // As of each day, without the deliveries that have ended while another's data runs on (ended-fit.ts).
  const ofDay = forecastsByDay(inputs, read.spans, period.first);
  const complete = asOf >= period.last;
  const actualOn = new Map(cumulative.map((c) => [c.day, c.actual]));
  const fits = new Map<string, PeriodForecast | NoForecast>();
  const fitOn = (day: string): PeriodForecast | NoForecast => {
    if (!fits.has(day)) fits.set(day, forecastPeriodEnd(period, day, ofDay(day).inputs, ofDay(day).index));
    return fits.get(day)!;
  };
  const forecastOn = (day: string): bigint | null => {
    if (day >= period.last) return actualOn.get(day)!;
    const f = fitOn(day);
    return f.forecast === null ? null : actualOn.get(day)! + f.projectedUsage + f.expectedCharges;
  };
  const forecasts = new Map<string, bigint | null>(forecastDays.map((d) => [d, forecastOn(d)]));
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
  const referenceMissing = referenceMonthNotInStore(addMonths(monthStart(asOf), -1), store);
  const atAsOf = ofDay(asOf);
  const endedFees = !complete && referenceMissing === null ? atAsOf.chargesLeftOut : [];
  const heldOfWindow = fitWindowHeld(atAsOf.window, atAsOf.inputs);
  const expectedFrom = fitted.forecast === null ? '' : expectedChargesWords(fitted, asOf, referenceMissing, atAsOf.chargesLeftOut, atAsOf.inScope) + leftOutWords(atAsOf.inScope);
  return {
    ...common, complete, notInStore: null, storedRuns: [{ first: period.first, last: asOf }], coverage: null, notJudged: null, forecast,
    ...(!complete && fitted.forecast !== null && atAsOf.inScope.length > 0 ? { forecastLeftOut: atAsOf.inScope } : {}),
    ...(endedFees.length > 0 ? { endedFeesNotExpected: endedFees } : {}),
    sharePercent: sharePercent(actual, amount),
    // The share of the exact forecast, as the actual's: the cents it is shown in would part from it (802.0 % against 802.1 %).
    forecastSharePercent: forecastExact === null ? null : sharePercent(forecastExact, amount),
    forecastBasis: complete ? `${period.label} is complete: the forecast is the actual`
      : fitted.forecast === null ? `no forecast: ${fitted.why}`
        : fitted.fitDays === 0 && atAsOf.usageOnly.length > 0 ? `the actual to ${asOf}, ${usageOnlyWords(atAsOf.usageOnly, configs.forecast.fitDays, atAsOf.window, heldOfWindow)}, ${expectedFrom}`
        : fitted.fitDays === 0 ? `the actual to ${asOf}, with no usage in scope in ${fitWindowWords(configs.forecast.fitDays, atAsOf.window, heldOfWindow)} to project over the ${plural(period.days - days.length, 'remaining day')}, ${expectedFrom}`
          : `the actual to ${asOf}, plus the usage run-rate (${configs.forecast.method}, fitted on ${plural(fitted.fitDays, 'day')}) over the ${plural(period.days - days.length, 'remaining day')}, ${expectedFrom}`,
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

/**
 * What {@link evaluateBudgets} is asked: `period` (`--period`), `asOf` (a report's or a page's last day; `--as-of` with
 * `asOfGiven`, which is refused when outside the data or after its horizon, as `costlens forecast`'s --as-of is).
 */
interface BudgetsOptions {
  period?: BudgetPeriod;
  asOf?: string;
  asOfGiven?: boolean;
}

/**
 * Evaluates every configured budget as of the data horizon, or the last day of `period`, or
 * `asOf` (a report's last day, a page's or `--as-of`; the horizon when that is earlier). A store without daily usage (a
 * monthly CUR, fees only: billSpan's `wholeBillsOnly`) is judged on its whole monthly bills
 * (whole-bills.ts); one without billing data is the not_found error that says so. The report says
 * where counting by charge day parts from the bills' billing periods (`chargeDayBasis`). In a store of
 * several deliveries, `period` and `asOf` are judged on the data of the delivery holding them (judged-span.ts,
 * source-spans.ts ofRange), as `invoice` judges a billing period: the legacy CUR's 2023-11 as of 13 Nov 2023.
 */
export async function evaluateBudgets(engine: Engine, configs: BudgetsConfigs, options: BudgetsOptions = {}): Promise<BudgetsReport> {
  const storeSpan = await billSpan(engine);
  if (storeSpan.wholeBillsOnly) return evaluateWholeBills(engine, configs, storeSpan, storeSpan.wholeBillsOnly, options);
  // A day given (`costlens budgets --as-of`) is refused as `costlens forecast` refuses its --as-of: outside the data, or past its horizon.
  if (options.asOfGiven && options.asOf !== undefined) resolveAsOf(options.asOf, storeSpan);
  const spans = await readSourceSpans(engine, storeSpan);
  const span = budgetsSpan(storeSpan, spans, options);
  const judged = options.asOf !== undefined && options.asOf < span.lastDay
    ? { asOf: options.asOf, reason: options.asOfGiven ? 'the day given (--as-of)' : 'the last day of the report' }
    : budgetsAsOf(span, options.period);
  const { asOf, reason } = judgedReason(judged, span, storeSpan, spans, options.period);
  const periodDays = await runQuery(engine, 'calendar/billing_period_days');
  // Days in the store are the store's (its first day, its gaps), whichever delivery's data a period is judged on.
  const store = storeDaysOf(storeSpan, periodDays);
  const statuses: BudgetStatus[] = [];
  const chargeDayBasis: string[] = [];
  const afterHorizon: string[] = [];
  const notInvoiced: string[] = [];
  const readRates = commitmentRatesReader(engine);
  const charged = chargedDaysOf(periodDays);
  for (const budget of configs.budgets) {
    const { status, basis, after, billed } = await evaluateBudgetAndBasis(engine, configs, budget, asOf, span, store, readRates, spans, charged);
    statuses.push(status);
    const open = notInvoicedNote(budget.name, status.period, asOf, billed, spans);
    if (open !== null) notInvoiced.push(open);
    const note = chargeDayBasisNote(budget.name, status.period, basis, charged);
    if (note !== null) chargeDayBasis.push(note);
    if (after !== null) afterHorizon.push(afterHorizonNote(budget.name, status.period, span, after, endedSourcesOfSpan(spans, span)));
  }
  const endedLeftOut = leftOutNotes(statuses);
  return { asOf, asOfReason: reason, horizon: span.lastDay, statuses, wholeBills: null, afterHorizon, ...(notInvoiced.length > 0 ? { notInvoiced } : {}), chargeDayBasis,
    ...(endedLeftOut.length > 0 ? { endedLeftOut } : {}) };
}
