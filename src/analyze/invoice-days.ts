/**
 * The days each billing period of `costlens invoice` covers, and how its fees are read there. A
 * `--period` is the whole bill; so is every billing period a range of days holds from its first
 * day to its last. A range that cuts a billing period reads that period's daily spend alone in its
 * classes and total: a fee that posts once for a charge period longer than a day (the month's RI
 * and Support fees, tax, monthly credits), dated the first, is not spend of the days it is dated
 * to, so it is listed apart as posted in the range (`posted`), outside the total. A period the
 * data horizon has not reached the end of is named to date.
 */
import type { Engine } from '../engine/engine.ts';
import { addDays, daySpan, monthEnd, monthLabel, shortDay } from '../lib/calendar.ts';
import type { AttributionRange } from './attribution/index.ts';
import type { BillingDaySpan } from './billing-calendar.ts';
import { type InvoicePeriod, readInvoice } from './invoice.ts';
import type { DefiniteSelection } from './selection.ts';

/** The days one billing period of an invoice covers. */
export interface InvoiceDays {
  /** First and last charge day the selection names in the period (both included). */
  from: string;
  to: string;
  /** The whole bill: a `--period`, or a range holding every day of the period. */
  wholeBill: boolean;
  /** Every day named is up to the data horizon (a month in progress is not). */
  complete: boolean;
  /** The data horizon, when the days run past it; else null. */
  dataThrough: string | null;
  /** In words: `1 Nov 2018`, `1–31 Oct 2026`, `Nov 2026 to date (through 14 Nov 2026, the data horizon)`, `10–20 Nov 2026, to date (…)`. */
  covers: string;
}

/** The days `selection` names in billing period `period` (`YYYY-MM`), read against the store's span. */
export function invoiceDays(period: string, selection: DefiniteSelection, span: BillingDaySpan): InvoiceDays {
  const first = `${period}-01`;
  const last = monthEnd(first);
  const next = addDays(last, 1);
  const from = selection.kind === 'days' && selection.from !== undefined && selection.from > first ? selection.from : first;
  const to = selection.kind === 'days' && selection.to !== undefined && selection.to < next ? addDays(selection.to, -1) : last;
  const wholeBill = from === first && to === last;
  const complete = to <= span.lastDay;
  const dataThrough = complete ? null : span.lastDay;
  const covers = complete ? daySpan(from, to) : wholeBill ? `${monthLabel(period)}${toDate(span)}` : `${daySpan(from, to)},${toDate(span)}`;
  return { from, to, wholeBill, complete, dataThrough, covers };
}

/** ` to date (through 14 Nov 2026, the data horizon)`; a store of whole bills: ` not complete yet (why)`. */
function toDate(span: BillingDaySpan): string {
  const bills = span.wholeBillsOnly;
  if (bills) return ` not complete yet (${bills.incomplete?.why ?? `complete bills through ${shortDay(span.lastDay, true)}`})`;
  return ` to date (through ${shortDay(span.lastDay, true)}, the data horizon)`;
}

/** A billing period of the invoice with the days it covers. */
export type DatedInvoicePeriod = InvoicePeriod & { days: InvoiceDays };

/**
 * The invoice of the billing periods in `range`, each with the days `selection` names in it; a
 * period the selection cuts has its postings (charge period longer than a day) apart, as `posted`.
 */
export async function readDatedInvoice(engine: Engine, range: AttributionRange, selection: DefiniteSelection, span: BillingDaySpan): Promise<DatedInvoicePeriod[]> {
  const periods = await readInvoice(engine, range, (period) => !invoiceDays(period, selection, span).wholeBill);
  return periods.map((p) => ({ ...p, days: invoiceDays(p.period, selection, span) }));
}
