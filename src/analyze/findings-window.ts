/** The as-of day that idle and rightsizing analyses look back from, and their date ranges. */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { CostlensError } from '../errors.ts';
import { addDays, daySpan, daysBetween, onDaySpan } from '../lib/calendar.ts';
import { daysNotInStore } from '../lib/store-days.ts';
import { billingDataDays, billSpan, outsideBillingData, parseDay, storeDays, type BillingDaySpan } from './billing-calendar.ts';
import { noDailyUsageError } from './monthly-bills.ts';

/** What idle and rightsizing need, in the refusal of a store without daily usage (noDailyUsageError's `needs`). */
export const FINDINGS_NEED = "idle and rightsizing findings read each resource's cost day by day, so they need";

/**
 * The days of the findings' cost window: the 30 days before as-of (a finding's cost of its last 30
 * days). Not a month: a month is HOURS_PER_MONTH (730) hours (lib/calendar.ts), and rightsizing takes
 * the window's cost to one, × 730/720 (rightsizing/savings.ts, windowToMonth).
 */
export const MONTHLY_COST_DAYS = 30;

/** A half-open range of whole UTC days: `start` included, `end` excluded (both YYYY-MM-DD). */
export interface DateRange {
  start: string;
  end: string;
}

/**
 * A range's days, both included, as every surface writes a span (daySpan): the cost window
 * 2018-11-01 to 2018-12-01 (end excluded) is `1–30 Nov 2018`.
 */
export function rangeDays(range: DateRange): string {
  return daySpan(range.start, addDays(range.end, -1));
}

/** The `days` whole days before `asOf` (the look-back of a finding, or its 30-day cost window). */
export function lookbackRange(asOf: string, days: number): DateRange {
  return { start: addDays(asOf, -days), end: asOf };
}

/**
 * Why the findings' default as-of is the day it is, for hints: `the day after 2025-03-13, the last
 * complete day of the billing data` (or, in a store without billing lines, of its metrics).
 */
export function defaultAsOfReason(span: BillingDaySpan | undefined, asOf: string): string {
  return span ? `the day after ${span.lastDay}, the last complete day of the billing data` : `the day after ${addDays(asOf, -1)}, the latest metric day`;
}

/**
 * The as-of day idle and rightsizing look back from when none is given: the day after the data
 * horizon (the last complete day of the billing data, billingDaySpan's lastDay) when the store
 * holds billing lines, so that no window ends in a partial or unbilled day and every finding is
 * priced from days the bill covers; in a store without billing lines (metrics and inventory only),
 * the day after its latest metric day. A fixed store gives the same answer on any day. A span of
 * whole bills only (`wholeBillsOnly`) has no day to look back from: the refusal of {@link billingSpanIfAny}.
 */
export async function defaultFindingsAsOf(engine: Engine, span: BillingDaySpan | undefined): Promise<string> {
  if (span?.wholeBillsOnly) throw noDailyUsageError(span.wholeBillsOnly, FINDINGS_NEED);
  if (span) return addDays(span.lastDay, 1);
  const rows = await runQuery(engine, 'optimisation/default_as_of');
  const found = rows[0]?.as_of;
  if (!found) {
    throw new CostlensError('not_found', 'the store holds no billing lines and no metrics to analyse', {
      hint: 'ingest a Cost and Usage Report and metrics first (costlens ingest PATH ...), or give --as-of',
    });
  }
  return found.slice(0, 10);
}

/**
 * The as-of day of idle and rightsizing: the given one (a checked calendar day), else
 * {@link defaultFindingsAsOf}. A caller that has read the span passes it as `read`.
 */
export async function findingsAsOf(engine: Engine, asOf?: string, read?: { span: BillingDaySpan | undefined }): Promise<string> {
  if (asOf !== undefined) return parseDay('as-of', asOf);
  return defaultFindingsAsOf(engine, read ? read.span : await billingSpanIfAny(engine));
}

/**
 * How much of a cost window the store's billing data holds: `days` of its `of` days are complete
 * days of the bill (from the first charge day to the data horizon, in no gap between billing
 * periods); `missing` says why the others are not (`the store's billing data begins on 27 Feb
 * 2025`, `… ends on 13 Mar 2025 (the data horizon: …)`: days after the horizon are partial or not
 * billed yet, and their lines are not counted), null when it holds them all.
 */
export interface CostWindowHeld {
  days: number;
  of: number;
  missing: string | null;
}

/**
 * A cost window as the bill in the store covers it: the days it holds ({@link CostWindowHeld}) and
 * `countedEnd`, where the days its sums count end (exclusive): the window's end, or the day after
 * the data horizon when that comes first, so that no line of a partial day enters a sum that is
 * scaled from `held.days` complete days.
 */
export interface CostWindowOnBill {
  held: CostWindowHeld;
  countedEnd: string;
}

/** What {@link CostWindowHeld} adds to why the days after the data horizon are missing. */
const AFTER_HORIZON = ' (the data horizon: the days after it are partial or not billed yet, and their lines are not counted)';

/**
 * The days of `window` the store's billing data holds complete (none in a store without billing
 * lines), and where the days its sums count end ({@link CostWindowOnBill}). A caller that has read
 * the span ({@link billingSpanIfAny}) passes it as `read`, so it is not read again.
 */
export async function costWindowOnBill(engine: Engine, window: DateRange, read?: { span: BillingDaySpan | undefined }): Promise<CostWindowOnBill> {
  const of = daysBetween(window.start, window.end);
  const span = read ? read.span : await billingSpanIfAny(engine);
  if (!span) return { held: { days: 0, of, missing: 'the store holds no billing data' }, countedEnd: window.end };
  const countedEnd = completeDaysEnd(window, span);
  const notHeld = daysNotInStore(window.start, window.end, { ...(await storeDays(engine, span)), lastDay: span.lastDay });
  if (!notHeld) return { held: { days: of, of, missing: null }, countedEnd };
  const missing = countedEnd < window.end ? `${notHeld.why}${AFTER_HORIZON}` : notHeld.why;
  return { held: { days: of - notHeld.days, of, missing }, countedEnd };
}

/**
 * The end (exclusive) of the days of `window` that a cost figure counts: the window's end, or the
 * day after the data horizon (`span.lastDay`) when that comes first; never before the window's start.
 */
export function completeDaysEnd(window: DateRange, span: BillingDaySpan): string {
  const afterHorizon = addDays(span.lastDay, 1);
  if (afterHorizon >= window.end) return window.end;
  return afterHorizon > window.start ? afterHorizon : window.start;
}

/**
 * The store's billing data span, or undefined when it holds no billing line (metrics and inventory
 * only). A store of billing lines without daily usage (a monthly CUR, fees only: billSpan's
 * `wholeBillsOnly`) is the not_found error that says what it holds and that idle and rightsizing
 * need a daily or hourly CUR ({@link FINDINGS_NEED}): a finding's cost and run-rate are read by the day.
 */
export async function billingSpanIfAny(engine: Engine): Promise<BillingDaySpan | undefined> {
  let span: BillingDaySpan;
  try {
    span = await billSpan(engine);
  } catch (error) {
    if (error instanceof CostlensError && error.code === 'not_found') return undefined;
    throw error;
  }
  if (span.wholeBillsOnly) throw noDailyUsageError(span.wholeBillsOnly, FINDINGS_NEED);
  return span;
}

/**
 * The days of a look-back, as {@link refuseLookbackPastData} checks them: `days` days before the
 * as-of day, and how the refusal names them when they are more than one (`its 14-day look-back`,
 * `the 7 days its shortest rule looks back on`).
 */
export interface LookbackDays {
  days: number;
  named: string;
}

/** A refusal of an as-of day: the usage error's message and hint, in the words of the flag or parameter that gave the day. */
export interface AsOfRefusal {
  message: string;
  hint: string;
}

/**
 * The one refusal of an as-of day whose look-back, the `lookback.days` days before it, holds no
 * complete day of the billing data (from its first charge day to the data horizon,
 * `span.lastDay`), or null when it holds one: what `costlens modernise` refuses for its one day
 * (`the day before it must be a complete day from …`), and `idle` and `rightsize` for their rules'
 * look-back, which would otherwise judge days after the horizon and report "0 found". The hint
 * gives the as-of days that work: from the day after the first charge day to the horizon + the
 * look-back's days. `flag` names the day as it was given: `--as-of` on the command line, `as_of`
 * on the Optimisation page and its API, which refuse it with a 400 in the same words.
 */
export function lookbackPastData(span: Pick<BillingDaySpan, 'firstDay' | 'lastDay'>, asOf: string, lookback: LookbackDays, flag = '--as-of'): AsOfRefusal | null {
  const start = addDays(asOf, -lookback.days);
  if (asOf > span.firstDay && start <= span.lastDay) return null;
  const needs = lookback.days === 1 ? 'the day before it must be a complete day'
    : `${lookback.named} (${daySpan(start, addDays(asOf, -1))}) must hold a complete day`;
  return { message: `${flag} ${asOf} is outside the billing data: ${needs} ${onDaySpan(span.firstDay, span.lastDay)}`, hint: asOfHint(span, lookback.days, flag) };
}

/** {@link lookbackPastData} on the command line: its refusal as a usage error naming --as-of. */
export function refuseLookbackPastData(span: Pick<BillingDaySpan, 'firstDay' | 'lastDay'>, asOf: string, lookback: LookbackDays): void {
  const refusal = lookbackPastData(span, asOf, lookback);
  if (refusal) throw new CostlensError('usage', refusal.message, { hint: refusal.hint });
}

/** `give a day from 2018-10-02 to 2018-12-07, or leave --as-of out for 2018-12-01 (the data horizon 2018-11-30 is the last day looked at)`. */
function asOfHint(span: Pick<BillingDaySpan, 'firstDay' | 'lastDay'>, lookbackDays: number, flag: string): string {
  const latest = addDays(span.lastDay, 1);
  return `give a day from ${addDays(span.firstDay, 1)} to ${addDays(span.lastDay, lookbackDays)}, or leave ${flag} out for ${latest} (the data horizon ${span.lastDay} is the last day looked at)`;
}

/**
 * The hint of an as-of day whose cost window holds no day of the billing data (`data`, billingDataDays):
 * the days that pass both checks, from the day after the first charge day to the data horizon +
 * the rules' look-back (`lookbackDays`), or the default as-of day (`fallback`) with why it is that
 * day; `flag` as {@link lookbackPastData} names it.
 */
export function asOfInDataHint(data: { first: string }, span: BillingDaySpan, lookbackDays: number, fallback: string, flag = '--as-of'): string {
  return `give a day from ${addDays(data.first, 1)} to ${addDays(span.lastDay, lookbackDays)}, or leave ${flag} out for ${fallback} (${defaultAsOfReason(span, fallback)})`;
}

/**
 * Why idle or rightsize cannot judge from `asOf`, or null when they can: first when the days it
 * looks back on at most (`checks.days`: the 30-day cost window, or a longer rule window) hold no day
 * of the billing data in the store (the message names the value and the data's first and last day,
 * worded as anomalies and forecast word theirs: src/analyze/billing-calendar.ts, resolveAsOf; the
 * last day is the latest day holding any line); then when its rules' look-back (`checks.rules`;
 * idle's shortest rule window) lies past the data horizon ({@link lookbackPastData}, as modernise
 * refuses it). Both hints give the as-of days that pass both; `fallback` is the as-of day used when
 * the flag is left out, read only for a refusal. `flag` names the value as the caller takes it
 * (`--as-of` on the command line, `as_of` on the pages and their API). A store of whole monthly
 * bills has no day to look back from: the analyses refuse it in their own words.
 */
export async function asOfRefusal(
  span: BillingDaySpan, asOf: string, checks: { days: number; rules: LookbackDays }, fallback: () => Promise<string>, flag = '--as-of',
): Promise<AsOfRefusal | null> {
  const data = billingDataDays(span);
  const window = lookbackRange(asOf, checks.days);
  const outside = outsideBillingData({ given: `${flag} ${asOf}`, ...window, covers: `the ${checks.days} days it looks back on, ${daySpan(window.start, addDays(window.end, -1))},` }, data);
  if (outside) return { message: outside, hint: asOfInDataHint(data, span, checks.rules.days, await fallback(), flag) };
  return span.wholeBillsOnly ? null : lookbackPastData(span, asOf, checks.rules, flag);
}

/**
 * Refuses an --as-of given on the command line that idle or rightsize cannot judge from
 * ({@link asOfRefusal}): a usage error. A store without billing lines is not checked (its inventory
 * still shows unattached volumes). The analyses themselves do not check: the server and the weekly
 * report give them an as-of of their own.
 */
export async function checkAsOfInData(engine: Engine, asOf: string, checks: { days: number; rules: LookbackDays }): Promise<void> {
  const day = parseDay('as-of', asOf);
  const span = await billingSpanIfAny(engine);
  if (!span) return;
  const refusal = await asOfRefusal(span, day, checks, () => defaultFindingsAsOf(engine, span));
  if (refusal) throw new CostlensError('usage', refusal.message, { hint: refusal.hint });
}
