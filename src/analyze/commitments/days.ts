/**
 * The days a commitments report covers, and the periods and ranges it refuses (README,
 * "Commitments"):
 * - a billing period or a range of charge days holding no day of the store's billing data is a
 *   usage error naming it and the store's first and last day, in the words every command uses
 *   (src/analyze/billing-calendar.ts, outsideBillingData), as `costlens attribute` refuses it;
 * - one whose days all lie in a gap between billing periods (a month never ingested) is refused
 *   too, naming the gap, rather than reported as zeros;
 * - the default period, the last complete month up to the data horizon, gives way to the
 *   horizon's month, up to the horizon, when the store does not hold it (as the weekly e-mails'
 *   Commitments section picks its period), and says so;
 * - a period or range the data horizon cuts short is named by its days and where the data ends, in
 *   the words of `attribute` and `invoice` (billing-calendar.ts, dataEndsOn), never "so far" or "to
 *   date" (the month may be long over): `1–13 Nov 2023, not complete (the data ends on 13 Nov 2023,
 *   the data horizon; lines dated up to 14 Nov 2023 are counted too)`;
 * - the days of a period or range the store does not hold, before its first day or in a gap between
 *   its billing periods (a month never ingested), are named in lib/store-days.ts's words and not
 *   counted: `1–31 Oct 2018; 1–30 Nov 2018 are not in the store (the store holds no billing data
 *   from 1 Nov 2018 to 30 Nov 2018)`;
 * - a store without daily usage has no data horizon: its days are its bills', the latest said not
 *   invoiced yet while it is not (bill-days.ts).
 */
import {
  addDays, billingDataDays, type BillingDaySpan, checkSelectionDays, dataEndsOn, daysBetween, type HeldBackHorizon, heldDaysOfMonth,
  linesAfterHorizon, monthEnd,
} from '../billing-calendar.ts';
import type { AttributionRange } from '../attribution/index.ts';
import { type DayRun, daySpan, earlierDay, monthLabel, shortDay } from '../../lib/calendar.ts';
import { type DaysNotInStore, daysNotInStore, daysNotInStoreSentence, notInStoreField, type StoreDays } from '../../lib/store-days.ts';
import { CostlensError } from '../../errors.ts';
import type { DefiniteSelection } from '../selection.ts';
import { defaultBillPeriod } from '../whole-bills-period.ts';
import { endedWords, type SourceSpans } from '../source-spans.ts';
import { lastCompleteMonthChosen, lastCompleteMonthOf } from '../default-period.ts';
import type { WholeBillsOnly } from '../monthly-bills.ts';
import { billDays, type BillDays } from './bill-days.ts';

/**
 * The charge days a report covers, up to the data horizon (its fields: bill-days.ts's BillDays).
 * `description` in words: `1–31 Oct 2026, complete`, `1–14 Nov 2026, not complete (the data ends
 * on 14 Nov 2026, the data horizon)` (a period); `15–19 Oct 2026`, `10–14 Nov 2026, not complete
 * (the data ends on 14 Nov 2026, the data horizon): the range runs to 19 Nov 2026`, `10–14 Nov 2026,
 * to the data horizon` (a range, the last with an open end). Lines dated after the horizon that the
 * figures count are named as `attribute` and `invoice` name them (`; lines dated up to 20 Nov 2018
 * are counted too`), and the days up to the horizon the store does not hold, before its first day
 * or in a gap between its billing periods, in lib/store-days.ts's words (`10–30 Nov 2018,
 * complete; 1–9 Nov 2018 are not in the store (the store's billing data begins on 10 Nov 2018)`,
 * `…; 1–30 Nov 2018 are not in the store (the store holds no billing data on 1–30 Nov 2018)`).
 */
export type CoveredDays = BillDays;

/** The store's days a report's days are told against: its first charge day, the gaps between its billing periods and the latest day holding a line. */
export interface StoreEdges {
  /** The store's first charge day; null when unknown (an open start is then the horizon). */
  firstDay: string | null;
  /** The runs of days between its billing periods that none covers (lib/store-days.ts, gapsBetween; default none). */
  gaps?: readonly DayRun[];
  /** The latest day holding any line (default: the horizon). */
  lastChargeDay?: string;
  /** In a store without daily usage, what it holds: its days are then its bills' (bill-days.ts), with no data horizon. */
  bills?: WholeBillsOnly | null;
  /**
   * When `bills` are one delivery's among the store's several (a delivery of fees only, source-spans.ts):
   * the store's days, which a range's days outside those bills are told against (bill-days.ts, billDays).
   */
  storeDays?: StoreDays;
  /** When the horizon is one a lagging delivery holds back (source-spans.ts, heldBackSpan): who, named where the horizon is (heldBackWords). */
  heldBack?: HeldBackHorizon;
  /**
   * When the horizon is where a delivery's data ends before the store's latest (a billing period or a
   * range judged on its own delivery's data: horizon.ts, ownSpanOf): that delivery's sources, which
   * say what the day is (`the data of aws/123412340534 ends on 13 Nov 2023`), as it is no data horizon.
   */
  sources?: readonly string[];
  /**
   * Of a billing period whose days the data completes: a bill of it is not final (a delivery of fees only
   * has not invoiced it yet: source-spans.ts, notInvoicedIn), so it is not complete (`1–30 Nov 2018, not
   * complete`), the caller saying why; its days and horizon still the data's. Of a range of charge days: a
   * billing period it reaches is not complete (source-spans.ts, notCompleteIn), so neither is the range.
   */
  billOpen?: boolean;
  /**
   * The deliveries that have ended inside the days, while others' data runs on (horizon.ts, endedInsideWords), in
   * words: their figures stop where their data ends, so the days are not complete, and the words say why
   * (`1–30 Nov 2018, not complete: Nov 2018 holds the data of aws/836060457634 only through 13 Nov 2018, where it ends (…)`).
   */
  ended?: readonly string[];
}

/**
 * The days a range covers up to the horizon: a billing period's (billing bounds), or the charge
 * days of a range (an open start is the store's first day; an open end the horizon), less the days
 * the store does not hold (before its first day, or in a gap between its billing periods), which
 * are named and not counted. The figures count every line of a period, and every line of a range's
 * days, so the lines dated after the horizon are named too when the store's latest line
 * (`lastChargeDay`) is one of them. A horizon a lagging delivery holds back (`store.heldBack`) says
 * who, in billing-calendar.ts's words (heldBackWords): `1–19 Nov 2018, not complete (the data ends on
 * 19 Nov 2018, the data horizon, held back by aws/836060457634 (…); …)`; a horizon that is where an earlier
 * delivery's data ends (`store.sources`) says so: `1–13 Nov 2023, not complete (the data of
 * aws/123412340534 ends on 13 Nov 2023; …)`.
 * In a store without daily usage (`store.bills`), the days of its bills, in whole-bill words (bill-days.ts).
 */
export function coveredDays(range: AttributionRange, horizon: string, store: StoreEdges): CoveredDays {
  if (store.bills) return billDays(range, store.bills, store.storeDays);
  const isPeriod = range.billingFrom !== undefined && range.billingTo !== undefined;
  const open = !isPeriod && range.chargeTo === undefined;
  const given = isPeriod ? range.billingFrom! : (range.chargeFrom ?? store.firstDay ?? horizon);
  const endExclusive = isPeriod ? range.billingTo! : (range.chargeTo ?? addDays(horizon, 1));
  const lastDay = addDays(endExclusive, -1);
  const upTo = earlierDay(lastDay, horizon);
  if (upTo < given) {
    return { first: null, last: null, count: 0, complete: false, description: `${daySpan(given, lastDay)}, after the data horizon: no day of it is complete yet` };
  }
  const ended = store.ended ?? [];
  const complete = lastDay <= horizon && !store.billOpen && ended.length === 0;
  const missing = daysNotInStore(given, addDays(upTo, 1), { firstDay: store.firstDay ?? given, gaps: store.gaps ?? [] });
  const notInStore = notInStoreField(missing);
  const notInStoreText = missing ? daysNotInStoreSentence(missing) : '';
  if (missing?.all) return { first: null, last: null, count: 0, complete, description: notInStoreText, ...notInStore };
  const { first, last } = heldEnds(given, upTo, missing);
  // The lines after the horizon are named when the store's latest line is one the figures count.
  const lastChargeDay = store.lastChargeDay ?? horizon;
  const counted = { lastDay: horizon, lastChargeDay: open || lastChargeDay <= lastDay ? lastChargeDay : horizon, heldBack: store.heldBack };
  const days = daySpan(first, last);
  const verdict = open ? `${days}, to the data horizon${linesAfterHorizon(counted, null, 'counted')}`
    : complete ? `${days}${isPeriod ? ', complete' : ''}`
    : lastDay <= horizon ? `${days}, not complete`
    : `${days}, not complete (${dataEndsOn(counted, null, 'counted', store.sources)})${isPeriod ? '' : `: the range runs to ${shortDay(lastDay, true)}`}`;
  const description = ended.length === 0 ? verdict : `${verdict}${!open && lastDay <= horizon ? ': ' : '; '}${ended.join('; ')}`;
  const count = daysBetween(given, upTo) + 1 - (missing?.days ?? 0);
  return { first, last, count, complete, description: missing ? `${description}; ${notInStoreText}` : description, ...notInStore };
}

/** The first and last day from `given` to `upTo` that the store holds: the days not in it at either end are left out. */
function heldEnds(given: string, upTo: string, missing: DaysNotInStore | null): { first: string; last: string } {
  const [head, tail] = [missing?.runs[0], missing?.runs.at(-1)];
  return {
    first: head?.first === given ? addDays(head.last, 1) : given,
    last: tail?.last === upTo ? addDays(tail.first, -1) : upTo,
  };
}

/** The selection a command reports on, once the default is decided, and what to say about the choice. */
export interface ChosenPeriod {
  period: string;
  /** Why it was chosen, for stderr (`2026-10, the last complete month (…)`). */
  reason: string;
  /** When the last complete month is not in the store: that month, and why (`the store holds no billing data on …`). */
  notInStore?: { period: string; why: string };
}

/**
 * The default period: the last month up to the data horizon complete by every delivery holding it
 * (`spans`, the store's deliveries': whole-bills-period.ts, defaultBillPeriod), said not complete when a
 * delivery that has ended stops inside it (its figures stop there: coveredDays's `ended`); when the store holds none of its days (a month never ingested, between two that
 * were) the horizon's month, named by its days up to the horizon, instead, saying why. In a store without daily usage (billSpan's
 * `wholeBillsOnly`: a monthly CUR, fees only), its last complete bill (whole-bills-period.ts).
 */
export function defaultCommitmentsPeriod(span: BillingDaySpan, store: StoreDays, spans: SourceSpans): ChosenPeriod {
  const chosen = defaultBillPeriod(span, spans);
  if (span.wholeBillsOnly) return chosen;
  // A delivery that has ended inside the last complete month leaves it not complete for commitments (coveredDays's `ended`): said so.
  const last = lastCompleteMonthOf(span.lastDay, spans);
  const ended = endedWords(spans, chosen.period, { first: `${chosen.period}-01`, last: monthEnd(`${chosen.period}-01`) });
  if (ended.length > 0 && last.month === chosen.period) return lastCompleteMonthChosen(span, chosen.period, last.open, ended);
  const first = `${chosen.period}-01`;
  const missing = daysNotInStore(first, addDays(monthEnd(first), 1), store);
  const current = span.lastDay.slice(0, 7);
  if (missing?.all !== true || current === chosen.period) return chosen;
  return {
    period: current,
    notInStore: { period: chosen.period, why: missing.why },
    reason: `${current}, ${heldDaysOfMonth(span, current, 'counted')}: ${chosen.period} (${monthLabel(chosen.period)}), the last complete month, is not in the store (${missing.why})`,
  };
}

/**
 * Why every day from `start` to `end` (half-open; an open end is the store's first or last day)
 * is not in the store although the span lies inside its billing data: the gaps between billing
 * periods holding them (`the store holds no billing data on 1–31 Oct 2026`); null
 * when the store holds a day of it.
 */
export function allInGaps(start: string | undefined, end: string | undefined, span: BillingDaySpan, store: StoreDays): string | null {
  const data = billingDataDays(span);
  const missing = daysNotInStore(start ?? data.first, end ?? addDays(data.last, 1), { ...store, lastDay: data.last });
  return missing?.all ? missing.why : null;
}

/**
 * Refuses `--period` or `--from`/`--to` when they hold no day of the store's billing data (the
 * words and hints of `costlens attribute`), or when all their days lie in gaps between its
 * billing periods: a usage error naming the flags, the days they cover and the store's days.
 * `fallback` is the default period the hint offers; `byBillingPeriod` as checkSelectionDays takes
 * it (`invoice`, which selects a `--period`'s lines by billing period, shares these words).
 */
export function refuseSelectionOutsideData(selection: DefiniteSelection, span: BillingDaySpan, store: StoreDays, fallback: string, byBillingPeriod = false): void {
  const { given, start, end, hint, outside } = checkSelectionDays(selection, span, fallback, byBillingPeriod);
  if (outside) throw new CostlensError('usage', outside, { hint });
  const gaps = allInGaps(start, end, span, store);
  if (gaps) throw new CostlensError('usage', `${given} is not in the store: ${gaps}`, { hint: `${hint} (costlens status lists each billing period and its days)` });
}
