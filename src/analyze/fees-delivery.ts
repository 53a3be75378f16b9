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
import { notInvoicedYet } from './monthly-bills.ts';

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
