/**
 * The calendar of billing data, shared by anomalies, forecast and unit cost: UTC day arithmetic
 * on `YYYY-MM-DD` strings, the span of charge days in the store, provisional days, and money
 * formatting for output.
 */
import type { Engine } from '../engine/engine.ts';
import { type QueryRowTypes, runQuery } from '../engine/query-types.ts';
import { CostlensError } from '../errors.ts';
import { addDays, addMonths, daySpan, laterDay, monthEnd, shortDay } from '../lib/calendar.ts';
import { gapsBetween, type StoreDays } from '../lib/store-days.ts';
import { divideRounded, fromUnits } from '../lib/money.ts';
import { noDailyUsageError, readWholeBills } from './monthly-bills.ts';
import { type DefiniteSelection, parseDayField, selectionDays } from './selection.ts';
import type { BillingDaySpan, HeldBackHorizon } from './billing-day-span.ts';
import { pluralNoun } from '../lib/text.ts';
import { horizonHeldBack } from './source-spans.ts';

export { addDays, dayRange, daysBetween, monthEnd, monthStart, weekStart } from '../lib/calendar.ts';
export type { BillingDaySpan, HeldBackHorizon } from './billing-day-span.ts';

/** Checks a `YYYY-MM-DD` day given by a user in `--flag` (the rules and message of src/analyze/selection.ts). */
export function parseDay(flag: string, value: string): string {
  return parseDayField(`--${flag}`, value, `a calendar day, e.g. --${flag} 2026-10-31`);
}

/**
 * Reads the data horizon of the store. A store without daily usage is a not_found error saying
 * what it holds: no billing data, a CUR at monthly time granularity, or fees without usage; with
 * `needs` (`anomalies need`, `forecast needs`), it says too that the command needs a daily or
 * hourly CUR.
 */
export async function billingDaySpan(engine: Engine, needs?: string): Promise<BillingDaySpan> {
  const [row] = await runQuery(engine, 'calendar/data_horizon');
  const span = daySpanOf(row);
  if (span) return horizonHeldBack(engine, span, row?.sources);
  throw noDailyUsageError(await readWholeBills(engine), needs);
}

/**
 * The span of the billing data as whole monthly bills read it (`costlens explain` month against
 * month): {@link billingDaySpan} when the store holds daily usage; else the span of its bills,
 * `wholeBillsOnly` saying what it holds, and its data horizon the last day of its last complete
 * bill: every bill but the latest, which is complete once invoiced (its lines carry an InvoiceId).
 * An empty store is the not_found error "the store holds no billing data".
 */
export async function billSpan(engine: Engine): Promise<BillingDaySpan> {
  const [row] = await runQuery(engine, 'calendar/data_horizon');
  return billSpanOf(engine, row);
}

/** {@link billSpan} from the row of queries/calendar/data_horizon.sql a caller has read already (undefined: an empty store). */
export async function billSpanOf(engine: Engine, row: QueryRowTypes['calendar/data_horizon'] | undefined): Promise<BillingDaySpan> {
  const span = daySpanOf(row);
  if (span) return horizonHeldBack(engine, span, row?.sources);
  const bills = await readWholeBills(engine);
  const lastBill = bills.periods.at(-1)!;
  return {
    firstDay: row?.first_day ?? `${bills.periods[0]}-01`,
    lastDay: monthEnd(bills.incomplete ? addMonths(`${lastBill}-01`, -1) : `${lastBill}-01`),
    lastChargeDay: row?.last_charge_day ?? `${lastBill}-01`,
    lastUsagePeriod: lastBill,
    wholeBillsOnly: bills,
  };
}

/** The span queries/calendar/data_horizon.sql's row gives when the store holds daily usage, else null. */
function daySpanOf(row: QueryRowTypes['calendar/data_horizon'] | undefined): BillingDaySpan | null {
  return row?.first_day && row.horizon && row.last_charge_day && row.last_usage_period
    ? { firstDay: row.first_day, lastDay: row.horizon, ...(row.last_usage_day ? { lastUsageDay: row.last_usage_day } : {}), lastChargeDay: row.last_charge_day, lastUsagePeriod: row.last_usage_period }
    : null;
}

/**
 * What the store's billing data covers: from its first charge day, less the gaps no billing period
 * covers: days between periods, and days inside a period of daily usage that hold none of its lines
 * (queries/calendar/billing_period_days.sql gives each period's runs of days).
 */
export async function storeDays(engine: Engine, span: BillingDaySpan): Promise<StoreDays> {
  return storeDaysOf(span, await runQuery(engine, 'calendar/billing_period_days'));
}

/** {@link storeDays} from the rows of queries/calendar/billing_period_days.sql a caller has read already. */
export function storeDaysOf(span: BillingDaySpan, periods: readonly QueryRowTypes['calendar/billing_period_days'][]): StoreDays {
  return { firstDay: span.firstDay, gaps: gapsBetween(periods.map((p) => ({ first: p.first_day!, last: p.last_day! }))) };
}

/**
 * Where the store's data horizon is stated, when a lagging delivery holds it back (`span.heldBack`,
 * src/analyze/source-spans.ts): `, held back by aws/836060457634 (its data ends at 20 Nov 2018 12:00
 * UTC; other sources run to 30 Nov 2018)`; else empty.
 */
export function heldBackWords(span: Pick<BillingDaySpan, 'heldBack'>): string {
  const held = span.heldBack;
  return held ? `, held back by ${held.sources.join(', ')} (${heldBackDetail(held)})` : '';
}

/** What {@link heldBackWords} says in brackets of a lagging delivery: `its data ends at 20 Nov 2018 12:00 UTC; other sources run to 30 Nov 2018`. */
export function heldBackDetail(held: HeldBackHorizon): string {
  const [day, time] = [held.endsAt.slice(0, 10), held.endsAt.slice(11, 16)];
  const ends = time === '00:00' ? `the end of ${shortDay(addDays(day, -1), true)}` : `${shortDay(day, true)} ${time} UTC`;
  return `${pluralNoun(held.sources.length, 'its', 'their')} data ends at ${ends}; other sources run to ${shortDay(held.othersTo, true)}`;
}

/**
 * The days of the store's billing data a given day or range is checked against: its first charge
 * day and the latest day holding any line (the data horizon, or a fee posted after it); on a store
 * of whole monthly bills, at least the last day of its latest bill, invoiced or not (the bill's
 * lines span the month, though they start on its first day).
 */
export function billingDataDays(span: BillingDaySpan): { first: string; last: string } {
  const last = laterDay(span.lastChargeDay, span.lastDay);
  return { first: span.firstDay, last: span.wholeBillsOnly ? laterDay(last, monthEnd(`${span.lastUsagePeriod}-01`)) : last };
}

/** A day or range someone gave, for {@link outsideBillingData}. */
export interface GivenDays {
  /** As the message names it: `--as-of 2019-01-10`, `period 2025-01 (2025-01-01 to 2025-01-31)`. */
  given: string;
  /** The days it makes a view cover (half-open; either end open). */
  start?: string;
  end?: string;
  /** When they are not the days given, those days in words, before "hold none of it". */
  covers?: string;
}

/**
 * The one wording of a refusal of days outside the billing data, for the CLI and the pages alike:
 * null when some of the given days hold billing data, else `… is outside the billing data in the
 * store (first to last)[: covers hold none of it]`.
 */
export function outsideBillingData(given: GivenDays, data: { first: string; last: string }): string | null {
  if ((given.end === undefined || given.end > data.first) && (given.start === undefined || given.start <= data.last)) return null;
  return `${given.given} is outside the billing data in the store (${daySpan(data.first, data.last)})${given.covers ? `: ${given.covers} hold none of it` : ''}`;
}

/** A `--period` or `--from`/`--to` selection checked against the billing data: see {@link checkSelectionDays}. */
export interface SelectionDays {
  /** The flags as a refusal names them, with their days: `--period 2025-01 (2025-01-01 to 2025-01-31)`. */
  given: string;
  start?: string;
  end?: string;
  /** What to give instead: the store's periods or days, or leaving the flags out for `fallback`. */
  hint: string;
  /** The refusal's message when none of the days is a day of the billing data, else null. */
  outside: string | null;
}

/**
 * The days a `--period` or `--from`/`--to` selection names, in the words the CLI refuses them with
 * (`attribute`, `commitments`), the hint of the days that work (`fallback`: the default period the
 * flags' absence gives) and, when none of them is a day of the billing data, the refusal's message.
 * With `byBillingPeriod` (a command that selects a `--period`'s lines by billing period:
 * `attribute`), a `--period` the store holds ({@link billingPeriodsHeld}) is never refused, and the
 * hint names those periods, a billing period whose lines are all charged in the month before included.
 */
export function checkSelectionDays(selection: DefiniteSelection, span: BillingDaySpan, fallback: string, byBillingPeriod = false): SelectionDays {
  const data = billingDataDays(span);
  const days = selectionDays(selection);
  const start = days?.start ?? (selection.kind === 'days' ? selection.from : undefined);
  const end = days?.end ?? (selection.kind === 'days' ? selection.to : undefined);
  const given = selection.kind === 'period' ? `--period ${selection.period} (${daySpan(start!, addDays(end!, -1))})`
    : start !== undefined && end !== undefined ? `--from ${start} --to ${end} (${daySpan(start, addDays(end, -1))})`
    : start !== undefined ? `--from ${start}` : `--to ${end} (the days before it)`;
  const periods = byBillingPeriod ? billingPeriodsHeld(span) : { first: data.first.slice(0, 7), last: data.last.slice(0, 7) };
  const hint = selection.kind === 'period'
    ? (periods.first === periods.last ? `give --period ${periods.first}, or leave --period out` : `give a period from ${periods.first} to ${periods.last}, or leave --period out for ${fallback}`)
    : `give days from ${data.first} to ${data.last} (--to is exclusive: at most --to ${addDays(data.last, 1)}), or leave --from/--to out for ${fallback}`;
  const heldPeriod = byBillingPeriod && selection.kind === 'period' && selection.period >= periods.first && selection.period <= periods.last;
  return { given, start, end, hint, outside: heldPeriod ? null : outsideBillingData({ given, start, end }, data) };
}

/**
 * The billing periods (`YYYY-MM`) of the store's billing data: from the month of its first charge
 * day to the later of the month of its last day ({@link billingDataDays}) and its latest billing
 * period holding usage, as a line charged on the last day of a month may belong to the next
 * billing period (the FOCUS 1.0 sample's one Oracle line of billing period 2024-10, charged on
 * 30 Sep 2024, which `attribute --period 2024-10` reads).
 */
export function billingPeriodsHeld(span: BillingDaySpan): { first: string; last: string } {
  const data = billingDataDays(span);
  const lastDataPeriod = data.last.slice(0, 7);
  return { first: data.first.slice(0, 7), last: span.lastUsagePeriod > lastDataPeriod ? span.lastUsagePeriod : lastDataPeriod };
}

/**
 * Resolves the as-of day: the given one, else the data horizon. As-of must be a complete day of
 * the billing data, from its first charge day to the data horizon: a day before the data or
 * after it is a usage error saying where the data lies, and a day after the horizon that still
 * holds lines (a half-delivered day, a fee posted on the 1st) is refused as a partial day, which
 * would be judged or counted as a whole one. The hint gives the days that work.
 */
export function resolveAsOf(asOf: string | undefined, span: BillingDaySpan): string {
  if (asOf === undefined) return span.lastDay;
  const hint = `give a day from ${span.firstDay} to ${span.lastDay} (the data horizon, the last complete day in the store), or leave --as-of out for ${span.lastDay}`;
  const outside = outsideBillingData({ given: `--as-of ${asOf}`, start: asOf, end: addDays(asOf, 1) }, billingDataDays(span));
  if (outside) throw new CostlensError('usage', outside, { hint });
  if (asOf > span.lastDay) {
    throw new CostlensError('usage', `--as-of ${asOf} is after the data horizon, ${span.lastDay}, the last complete day in the store: ${asOf} is a partial day (not all of its usage is in the store yet)`, { hint });
  }
  return asOf;
}

/**
 * The first provisional day: the last `provisionalDays` complete days up to the data horizon
 * are treated as provisional, as AWS may still restate them (and every day after the horizon is
 * partial); provisional-wording.ts says so in the CLI's, the e-mail's and the pages' one wording.
 * Null when none are.
 */
export function firstProvisionalDay(span: Pick<BillingDaySpan, 'lastDay'>, provisionalDays: number): string | null {
  return provisionalDays > 0 ? addDays(span.lastDay, -(provisionalDays - 1)) : null;
}

/** Units in a micro-dollar: the 6-decimal grid costlens prints trend money on. */
export const UNITS_PER_MICRO = 10n ** 4n;

/** Exact money (bigint units) for output, rounded once to 6 decimal places, half away from zero; never "-0.000000". */
export function formatUnits(units: bigint): string {
  return fromUnits(units, 6);
}

/** Units rounded to the micro-dollar (6 decimals, half away from zero): the grid every estimate sits on. */
export function toMicroGrid(units: bigint): bigint {
  return divideRounded(units, UNITS_PER_MICRO) * UNITS_PER_MICRO;
}

/**
 * How lines dated after the data horizon are told ({@link linesAfterHorizon}): `counted` where the figures shown
 * count them (`; lines dated up to 14 Nov 2023 are counted too`: a billing period's bill, attribution,
 * commitments, `status`, the default period chosen for them), `in the store` where they do not (a span of
 * complete days, as `explain` compares): every caller says which.
 */
type LaterLines = 'in the store' | 'counted';

/**
 * The days the store holds of billing period `period` (YYYY-MM), the month of the data horizon, and
 * where its data ends: from the store's first day when it begins inside the month, to the horizon,
 * `1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are
 * counted too)` ({@link dataEndsOn}, `laterLines` as {@link LaterLines} tells; `no complete day
 * from 2 Mar 2025 (the data ends on 1 Mar 2025, …)` when the store's first day is not complete), and, when
 * lines of a later period are in the store (a fee posted on the 1st), `; 2023-12 is not complete yet`.
 * The one wording of a month the horizon cuts short: the default period (the CLI, the pages),
 * `costlens commitments`' and the weekly e-mail's commitments period. A span cut short before a gap
 * (the weekly report's, of a week in the gap) holds usage of later periods, whose days it does not
 * tell: it says nothing of them. Of a delivery that has ended (`sources`: ended-delivery.ts, endedSourcesOfSpan),
 * its day is where its data ends, in {@link dataEndsOn}'s words: `1–13 Nov 2023 (the data of aws/123412340534 ends on 13 Nov 2023; …)`.
 */
export function heldDaysOfMonth(span: Pick<BillingDaySpan, 'firstDay' | 'lastDay' | 'lastChargeDay' | 'lastUsagePeriod' | 'heldBack'>, period: string,
  laterLines: LaterLines, sources?: readonly string[]): string {
  const first = laterDay(`${period}-01`, span.firstDay);
  const later = span.lastUsagePeriod <= period ? laterPeriodNotComplete(span, period) : '';
  const days = span.lastDay < first ? `no complete day from ${shortDay(first, true)}` : daySpan(first, span.lastDay);
  return `${days} (${dataEndsOn(span, period, laterLines, sources)}${later})`;
}

/** `; 2023-12 is not complete yet` when the store holds lines of a billing period after `period` (a fee posted on the 1st); else empty. */
export function laterPeriodNotComplete(span: Pick<BillingDaySpan, 'lastChargeDay'>, period: string): string {
  const latest = span.lastChargeDay.slice(0, 7);
  return latest > period ? `; ${latest} is not complete yet` : '';
}

/**
 * Where the store's data ends, said of billing period `period` (YYYY-MM) that the data horizon cuts:
 * `the data ends on 13 Nov 2023, the data horizon`, then {@link heldBackWords} and {@link linesAfterHorizon}.
 * Of a delivery's data that ends before the store's latest (`sources`: its sources), that day is no
 * data horizon but where that data ends: `the data of aws/123412340534 ends on 13 Nov 2023`.
 */
export function dataEndsOn(span: Pick<BillingDaySpan, 'lastDay' | 'lastChargeDay' | 'heldBack'>, period: string | null, laterLines: LaterLines,
  sources?: readonly string[]): string {
  const ends = sources?.length ? `the data of ${sources.join(', ')} ends on ${shortDay(span.lastDay, true)}` : `the data ends on ${shortDay(span.lastDay, true)}, the data horizon${heldBackWords(span)}`;
  return `${ends}${linesAfterHorizon(span, period, laterLines)}`;
}

/**
 * When lines dated after the data horizon (`lastDay`) are in the store (a partial day, a fee dated
 * ahead), up to `lastChargeDay`, and of billing period `period` (null: of any), `; lines dated up to
 * 14 Nov 2023 are counted too` where the figures include them (`laterLines: 'counted'`), `… are in the
 * store too` where they do not ({@link LaterLines}); else empty. The one sentence of those lines.
 */
export function linesAfterHorizon(span: Pick<BillingDaySpan, 'lastDay' | 'lastChargeDay'>, period: string | null, laterLines: LaterLines): string {
  const later = span.lastChargeDay > span.lastDay && (period === null || span.lastChargeDay.slice(0, 7) === period);
  return later ? `; lines dated up to ${shortDay(span.lastChargeDay, true)} are ${laterLines} too` : '';
}
