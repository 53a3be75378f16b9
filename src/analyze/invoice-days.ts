/**
 * The days each billing period of `costlens invoice` covers, and how its fees are read there. A
 * `--period` is the whole bill; so is every billing period a range of days holds from its first
 * day to its last. A range that cuts a billing period reads that period's daily spend alone in its
 * classes and total: a fee that posts once for a charge period longer than a day (the month's RI
 * and Support fees, tax, monthly credits), dated the first, is not spend of the days it is dated
 * to, so it is listed apart as posted in the range (`posted`), outside the total. A period the
 * data horizon has not reached the end of is named by the days the store holds of it and where its
 * data ends, never "to date": the month may be long over. A billing period's days are its month and
 * any day before or after it that its lines are charged on (the FOCUS 1.0 sample's one Oracle line
 * of billing period 2024-10, charged on 30 Sep 2024): the days name the lines' charge days, never a
 * range that ends before it starts.
 */
import type { Engine } from '../engine/engine.ts';
import { addDays, type DayRun, daySpan, laterDay, monthEnd, monthLabel, shortDay } from '../lib/calendar.ts';
import { daysHeldOf, daysNotInStoreSentence, runsText } from '../lib/store-days.ts';
import type { AttributionRange } from './attribution/index.ts';
import { type BillingDaySpan, dataEndsOn } from './billing-calendar.ts';
import { billingPeriodDays, type ChargedDays, type PeriodDays, readPeriodDays } from './charged-days.ts';
import { type InvoicePeriod, readInvoice } from './invoice.ts';
import type { DefiniteSelection } from './selection.ts';
import { notInvoicedWords } from './fees-delivery.ts';
import { endedWords, readSourceSpans, type SourceSpans } from './source-spans.ts';
import { endedSourcesOfSpan } from './ended-delivery.ts';

export { billingPeriodDays, type ChargedDays, chargedDaysOf, type PeriodDays, readChargedDays, readPeriodDays } from './charged-days.ts';

/** The fees that post once for a charge period longer than a day, as `invoice` and `attribute` name them. */
export const POSTED_FEES = "the month's RI and Support fees, tax, monthly credits";

/** The days one billing period of an invoice covers. */
export interface InvoiceDays {
  /** First and last charge day the selection names in the period (both included). */
  from: string;
  to: string;
  /**
   * The period is read as its bill (every line of it, the fees posted once a month included): a
   * `--period`, or a range holding every day of the period. Not a range's daily spend; whether the
   * store holds all of the bill is `complete`.
   */
  wholeBill: boolean;
  /**
   * Every day named is up to the data horizon (a month in progress is not) and in the store (none in a gap of it: a
   * period whose export left out 10–12 Nov is not): a whole bill not complete is the bill of the days the store holds.
   */
  complete: boolean;
  /** The data horizon, when the days run past it; else null. */
  dataThrough: string | null;
  /**
   * In words: `1 Nov 2018`, `1–31 Oct 2026`; days the data horizon cuts, `1–14 Nov 2026 (the data
   * ends on 14 Nov 2026, the data horizon)` (a whole bill or a range, up to the horizon); a store of
   * whole bills, `Nov 2018 not complete yet (why)`.
   */
  covers: string;
  /**
   * `covers` in the parts a cut period's note puts the range as given between ({@link daysOfRange}):
   * the days (`1–6 Dec 2026`), what `covers` says of them in brackets (`the data ends on 6 Dec 2026,
   * the data horizon`; null: nothing) and after them (`, after the data horizon (6 Dec 2026): no day
   * of it is complete`; empty: nothing).
   */
  coversParts: CoversParts;
  /**
   * What the note under the table says of a whole bill that is not complete, after `covers`
   * (`: the bill of the days the store holds, not complete`; nothing more where `covers` says it
   * already: a store of whole bills, days after the data horizon); null otherwise.
   */
  incompleteBill: string | null;
  /**
   * Of a whole bill judged on the data of some deliveries while others have ended inside it (source-spans.ts,
   * endedIn; {@link invoiceDaysOfBill}): `judged on the data of aws/836060457634 (data through 30 Nov 2018); Nov 2018
   * holds the data of … only through 9 Nov 2018, where it ends (…)`; then, of each delivery of fees only whose
   * bill of the period is not invoiced yet beside the data it is judged on, `2023-11 is the latest bill of
   * aws/111122223333 and not invoiced yet, …` (the bill is then not `complete`); absent otherwise.
   */
  ended?: string;
  /**
   * When some of the days named up to the data horizon lie in a gap of the store (`gaps`: days no billing period
   * covers), in lib/store-days.ts's words: `1–13 Nov 2018 are not in the store (the store holds no billing data on 1–13
   * Nov 2018)`, `10–12 Nov 2018 are not in the store (…)`; `covers` then names the days held alone (`14–16 Nov 2018 (…)`,
   * `1–9 Nov 2018 and 13–30 Nov 2018`). Absent otherwise.
   */
  notInStore?: string;
}

/** What {@link invoiceDays} reads a period's days against besides the span: {@link cutCovers}' `sources`, and the store's gaps. */
export interface InvoiceDaysOptions {
  /** Of a span that is a delivery's that has ended: its sources, whose data ends where the days stop. */
  sources?: readonly string[];
  /** The runs of days no billing period of the store covers (lib/store-days.ts gapsBetween): not held, named apart. */
  gaps?: readonly DayRun[];
}

/** {@link InvoiceDays.coversParts}. */
export interface CoversParts {
  days: string;
  bracket: string | null;
  after: string;
}

/**
 * The days `selection` names in billing period `period` (`YYYY-MM`), read against the store's span:
 * of the period's charge days ({@link billingPeriodDays}, from `charged`, its lines' charge days).
 * They begin no earlier than the store's first charge day (`span.firstDay`: a store that begins on
 * 3 Nov 2018 covers 3–30 Nov 2018 of its bill, not 1–30 Nov; a later month whose lines happen to
 * begin on its 2nd still covers its 1st, a day the store holds); whether it is the whole bill is read
 * on the selection alone: a `--period`, or a range holding every charge day of the period. `options.sources`: of a
 * span that is a delivery's that has ended (ended-delivery.ts, endedSourcesOfSpan), whose data ends where the
 * days stop (`the data of aws/123412340534 ends on 13 Nov 2023`), as that day is no data horizon. `options.gaps`:
 * the days up to the data horizon are named by the runs the store holds, the days in its gaps apart (`notInStore`), and
 * are not `complete`: the real Oct 2018 CUR beside Nov 2018's lines of 14–16 Nov covers `14–16 Nov 2018 (…)` of
 * 2018-11, not `1–16 Nov 2018`; both 2018 CURs without 10–12 Nov cover `1–9 Nov 2018 and 13–30 Nov 2018`, not complete.
 */
export function invoiceDays(period: string, selection: DefiniteSelection, span: BillingDaySpan, charged: ChargedDays, options: InvoiceDaysOptions = {}): InvoiceDays {
  const { first, last } = billingPeriodDays(period, charged);
  const next = addDays(last, 1);
  const named = selection.kind === 'days' && selection.from !== undefined && selection.from > first ? selection.from : first;
  const to = selection.kind === 'days' && selection.to !== undefined && selection.to < next ? addDays(selection.to, -1) : last;
  const wholeBill = named === first && to === last;
  const start = laterDay(named, span.firstDay);
  const reached = to <= span.lastDay;
  // The days up to the horizon are named by the runs the store holds, those in its gaps apart.
  const through = reached ? to : span.lastDay;
  const gapped = !span.wholeBillsOnly && start <= through && options.gaps?.length ? daysHeldOf(start, through, { firstDay: start, gaps: options.gaps }) : null;
  const held = gapped?.notHeld && gapped.runs.length > 0 ? gapped : null;
  const complete = reached && held === null;
  const from = held ? held.runs[0].first : start <= to ? start : named;
  const dataThrough = reached ? null : span.lastDay;
  const cut = reached ? null : cutCovers(period, from, to, span, options.sources);
  const coversParts: CoversParts = cut === null ? { days: held ? runsText(held.runs) : daySpan(from, to), bracket: null, after: '' } : held ? { ...cut, days: runsText(held.runs) } : cut;
  const covers = `${coversParts.days}${coversParts.bracket === null ? '' : ` (${coversParts.bracket})`}${coversParts.after}`;
  const saysWhy = Boolean(span.wholeBillsOnly) || from > span.lastDay;
  const incompleteBill = wholeBill && !complete ? (saysWhy ? '' : ': the bill of the days the store holds, not complete') : null;
  return { from, to, wholeBill, complete, dataThrough, covers, coversParts, incompleteBill, ...(held?.notHeld ? { notInStore: daysNotInStoreSentence(held.notHeld) } : {}) };
}

/**
 * {@link invoiceDays} of `period` judged as its bill is (`spans`: source-spans.ts, ofBill: its own
 * delivery's data, a delivery that has ended inside it while another's data reaches on left out), and,
 * of a whole bill with such ended deliveries, `ended` saying whose data it is judged on and where theirs ends;
 * `gaps`, the store's, as {@link invoiceDays} reads them.
 */
export function invoiceDaysOfBill(period: string, selection: DefiniteSelection, spans: SourceSpans, charged: ChargedDays, gaps?: readonly DayRun[]): InvoiceDays {
  const own = spans.ofBill(period);
  // Where the data of a delivery that has ended stops is no data horizon: its days say whose data ends there.
  const days = invoiceDays(period, selection, own, charged, { sources: endedSourcesOfSpan(spans, own), gaps });
  const ended = endedWords(spans, period);
  // The other deliveries keeping the bill from being complete: fees whose bill of it is not invoiced yet.
  const notInvoiced = notInvoicedWords(spans, period, own);
  if (!days.wholeBill || ended.length + notInvoiced.length === 0) return days;
  const judged = ended.length === 0 ? [] : [`judged on the data of ${spans.sourcesOf(own).join(', ')} (data through ${shortDay(own.lastDay, true)})`, ...ended];
  return { ...days, complete: days.complete && notInvoiced.length === 0, ended: [...judged, ...notInvoiced].join('; ') };
}

/**
 * Days `from` to `to` of `period` that run past the data horizon, in words: the days up to it and
 * where the data ends; after it, that no day is complete; a store of whole bills, ` not complete yet (why)`.
 */
function cutCovers(period: string, from: string, to: string, span: BillingDaySpan, sources?: readonly string[]): CoversParts {
  const bills = span.wholeBillsOnly;
  if (bills) {
    const month = from === `${period}-01` && to === monthEnd(from);
    const why = bills.incomplete?.why ?? `complete bills through ${shortDay(span.lastDay, true)}`;
    return { days: month ? monthLabel(period) : daySpan(from, to), bracket: null, after: `${month ? '' : ','} not complete yet (${why})` };
  }
  if (from > span.lastDay) return { days: daySpan(from, to), bracket: null, after: `, after the data horizon (${shortDay(span.lastDay, true)}): no day of it is complete` };
  return { days: daySpan(from, span.lastDay), bracket: dataEndsOn(span, period, 'counted', sources), after: '' };
}

/**
 * The days of a period a range cuts with the range as given (`range`: the flags, rangeFlags, or a
 * page's filters), in one bracket with what `covers` says of them: `25–30 Nov 2026 (--from 2026-11-25
 * --to 2026-12-31, --to excluded)`; days the data horizon cuts, `1–6 Dec 2026 (--from 2026-11-25 --to
 * 2026-12-31, --to excluded; the data ends on 6 Dec 2026, the data horizon)`.
 */
export function daysOfRange(days: InvoiceDays, range: string): string {
  const { days: named, bracket, after } = days.coversParts;
  return `${named} (${range}${bracket === null ? '' : `; ${bracket}`})${after}`;
}

/**
 * The flags of a range of days as the notes repeat them, `--from 2018-10-15 --to 2018-11-15, --to
 * excluded` (either end alone when only one is given); empty for a `--period`.
 */
export function rangeFlags(selection: DefiniteSelection): string {
  if (selection.kind !== 'days') return '';
  const given = [selection.from === undefined ? '' : `--from ${selection.from}`, selection.to === undefined ? '' : `--to ${selection.to}`].filter(Boolean).join(' ');
  return selection.to === undefined ? given : `${given}, --to excluded`;
}

/**
 * The note of a whole bill the store does not hold all of, as `invoice`, `attribute` and `status` write it:
 * `PERIOD: LEAD` then its days and where the data ends, and that it is the bill of the days the store
 * holds (`incompleteBill`); of a bill judged on the others' data beside a delivery that has ended
 * inside it, its days then `ended` (`2018-11: 1–30 Nov 2018, judged on the data of …`); then the days in a gap
 * of the store (`notInStore`: `2018-11: 14–16 Nov 2018 (the data ends on 16 Nov 2018, the data horizon): the bill of
 * the days the store holds, not complete; 1–13 Nov 2018 are not in the store (…)`); null for another complete whole
 * bill, or a period a range cuts.
 */
export function incompleteBillNote(period: string, days: InvoiceDays, lead = ''): string | null {
  if (!days.wholeBill || (days.incompleteBill === null && days.ended === undefined)) return null;
  const notInStore = days.notInStore === undefined ? '' : `; ${days.notInStore}`;
  return `${period}: ${lead}${days.covers}${days.incompleteBill ?? ''}${days.ended === undefined ? '' : `${days.incompleteBill === null ? ',' : ';'} ${days.ended}`}${notInStore}`;
}

/** A billing period of the invoice with the days it covers. */
export type DatedInvoicePeriod = InvoicePeriod & { days: InvoiceDays };

/**
 * The invoice of the billing periods in `range`, each with the days `selection` names in it; a
 * period the selection cuts has its postings (charge period longer than a day) apart, as `posted`.
 * Each period's days are read against its own delivery's span ({@link invoiceDaysOfBill}, source-spans.ts: the legacy
 * CUR's 2023-11 is not complete beside the later FOCUS sample), of the store's span `span`.
 * `periodDays` (each period's charge days and the store's gaps, whose days it names apart) and `spans`: when the caller
 * has read them, else read here.
 */
export async function readDatedInvoice(engine: Engine, range: AttributionRange, selection: DefiniteSelection, span: BillingDaySpan, periodDays?: PeriodDays, spans?: SourceSpans): Promise<DatedInvoicePeriod[]> {
  const { charged, gaps } = periodDays ?? await readPeriodDays(engine);
  const own = spans ?? await readSourceSpans(engine, span);
  const periods = await readInvoice(engine, range, (period) => !invoiceDaysOfBill(period, selection, own, charged, gaps).wholeBill);
  return periods.map((p) => ({ ...p, days: invoiceDaysOfBill(p.period, selection, own, charged, gaps) }));
}
