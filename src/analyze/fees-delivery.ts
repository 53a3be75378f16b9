/**
 * The span of a delivery of fees only (no usage line: a file of RI or Support fees, tax) in a store
 * of several deliveries (src/analyze/source-spans.ts): judged as a store of its files alone judges
 * its bills (billing-calendar.ts, billSpan; monthly-bills.ts), complete once invoiced, not on the
 * other deliveries' data. Its latest billing period whose lines carry no InvoiceId is not complete
 * yet: beside the 2018 CURs, the legacy CUR and the FOCUS sample (data to 30 Sep 2024), a file of
 * RI fees for 2023-12 without an InvoiceId read complete, as the others' data runs past its month;
 * alone it reads "not invoiced yet".
 */
import { addMonths, monthEnd } from '../lib/calendar.ts';
import type { BillingDaySpan } from './billing-day-span.ts';
import { notInvoicedYet, openBillWhy } from './monthly-bills.ts';

/** What {@link feesDeliverySpan} reads of a row of queries/calendar/data_horizon_by_source.sql (the counts, NULL or absent: none). */
export interface FeesRow {
  billing_period: string | null;
  first_day: string | null;
  last_charge_day: string | null;
  lines?: number | null;
  lines_without_invoice?: number | null;
}

/**
 * The span of a delivery of fees only (`rows`: its sources' rows; `sources`: those sources, sorted),
 * as billSpan reads a store of fees only: its first and latest charge days, its latest billing
 * period, `wholeBillsOnly` saying what it holds, and its data horizon the last day of its last
 * complete bill (every bill but a latest with lines carrying no InvoiceId). Null without a billing period.
 */
export function feesDeliverySpan(rows: readonly FeesRow[], sources: readonly string[]): BillingDaySpan | null {
  const periods = [...new Set(rows.map((r) => r.billing_period).filter((p): p is string => p !== null))].sort();
  const firstDay = rows.map((r) => r.first_day).filter((d): d is string => d !== null).sort()[0];
  const lastChargeDay = rows.map((r) => r.last_charge_day).filter((d): d is string => d !== null).sort().at(-1);
  const last = periods.at(-1);
  if (!last || !firstDay || !lastChargeDay) return null;
  const ofLast = rows.filter((r) => r.billing_period === last);
  const [lines, notInvoiced] = [ofLast.reduce((n, r) => n + Number(r.lines ?? 0), 0), ofLast.reduce((n, r) => n + Number(r.lines_without_invoice ?? 0), 0)];
  const whose = sources.join(', ');
  const held = periods.length === 1 ? `billing period ${periods[0]}` : `billing periods ${periods[0]} to ${last}`;
  const incomplete = notInvoicedYet(last, lines, notInvoiced, `of ${whose}`);
  return {
    firstDay,
    lastDay: monthEnd(incomplete ? addMonths(`${last}-01`, -1) : `${last}-01`),
    lastChargeDay,
    lastUsagePeriod: last,
    wholeBillsOnly: {
      kind: 'fees',
      holds: `no usage: ${whose} holds fees but no usage lines (${held})`,
      reason: `${whose} holds fees but no usage lines (${held})`,
      periods,
      incomplete,
    },
  };
}

/**
 * The deliveries of fees only among `holders` (the spans of the deliveries holding billing period
 * `period`) whose latest bill, not invoiced yet, is `period`: each keeps the month from being complete
 * whatever the usage deliveries' data (source-spans.ts, SourceSpans.notInvoicedIn).
 */
export function feesNotInvoicedIn(holders: readonly BillingDaySpan[], period: string): BillingDaySpan[] {
  return holders.filter((own) => openBillWhy(own.wholeBillsOnly, period) !== null);
}

/** What {@link sameDelivery} and {@link notInvoicedWords} read of a store's delivery spans (source-spans.ts, SourceSpans). */
export interface DeliverySources {
  /** The sources of the delivery whose span `span` is, sorted; empty for the store's. */
  sourcesOf(span: BillingDaySpan): string[];
  /** The deliveries of fees only whose latest bill, not invoiced yet, is billing period `period`. */
  notInvoicedIn(period: string): BillingDaySpan[];
}

/**
 * Whether spans `a` and `b` are of the same delivery: the same sources (a bill's span, its first day
 * moved back to the earliest delivery holding the month, is its delivery's; the store's own span is
 * no delivery's but its own).
 */
export function sameDelivery(spans: Pick<DeliverySources, 'sourcesOf'>, a: BillingDaySpan, b: BillingDaySpan): boolean {
  return a === b || sameSources(spans.sourcesOf(a), spans.sourcesOf(b));
}

/** Whether two deliveries' sorted sources are the same: a delivery is its sources ({@link sameDelivery}). */
export function sameSources(a: readonly string[], b: readonly string[]): boolean {
  return a.join() === b.join();
}

/**
 * Why billing period `period` is not complete whatever the usage data: each delivery of fees only whose
 * bill of it is not invoiced yet ({@link DeliverySources.notInvoicedIn}) but `own`'s (the span the bill
 * is judged on, which says it itself; every one when absent), in {@link feesDeliverySpan}'s words
 * (`2018-11 is the latest bill of aws/111122223333 and not invoiced yet, …`); empty when none.
 */
export function notInvoicedWords(spans: DeliverySources, period: string, own?: BillingDaySpan): string[] {
  return spans.notInvoicedIn(period).filter((fees) => own === undefined || !sameDelivery(spans, fees, own))
    .flatMap((fees) => openBillWhy(fees.wholeBillsOnly, period) ?? []);
}
