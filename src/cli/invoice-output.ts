/**
 * `costlens invoice` output: the table (and CSV), the JSON and the notes under the table. A period
 * a range of days cuts shows its daily spend by charge class, then the fees posted in those days
 * for a charge period longer than a day as `posted:CLASS` rows, outside the total (README, "The
 * invoice (net view)"); with `--from`/`--to` each row names the days it covers, and the days of the
 * range the store does not hold are named as `costlens commitments` names them.
 */
import { type BillingDaySpan, billingDataDays } from '../analyze/billing-calendar.ts';
import { type DatedInvoicePeriod, daysOfRange, incompleteBillNote, POSTED_FEES, rangeFlags } from '../analyze/invoice-days.ts';
import type { Cents, InvoiceAmounts, InvoicePart } from '../analyze/invoice.ts';
import type { DefiniteSelection } from '../analyze/selection.ts';
import { addDays, earlierDay } from '../lib/calendar.ts';
import { formatCents, formatDollars, fromUnits } from '../lib/money.ts';
import { daysNotInStore, daysNotInStoreSentence, type StoreDays } from '../lib/store-days.ts';
import type { TextTable } from '../lib/table.ts';

/** How the table shows money, and which columns it has. */
export interface InvoiceTableOptions {
  /** Cents as shown (table), else exact decimals (csv). */
  cents: boolean;
  /** One row per line item type. */
  detail: boolean;
  /** The `from` and `to` columns (a `--from`/`--to` selection). */
  days: boolean;
}

/**
 * One row per period and charge class (or, with `detail`, per class and line item type), then the
 * period's total, then its posted fees (`posted:CLASS`, and `posted:total` when there are several);
 * money exact (csv) or in cents (table), the rows of each block rounded by largest remainder so
 * that they add up to its total shown.
 */
export function invoiceTable(periods: DatedInvoicePeriod[], options: InvoiceTableOptions): TextTable {
  const columns = ['period', ...(options.days ? ['from', 'to'] : []), 'charge_class', ...(options.detail ? ['line_item_type'] : []), 'lines', 'billed', 'amortised', 'net_amortised', 'net_unblended'];
  const rows: (string | null)[][] = [];
  const money = (a: InvoiceAmounts, cents: Cents) => (options.cents
    ? [formatCents(cents.billed), formatCents(cents.amortised), formatCents(cents.netAmortised), formatCents(cents.netUnblended)]
    : [fromUnits(a.billed), fromUnits(a.amortised), fromUnits(a.netAmortised), fromUnits(a.netUnblended)]);
  for (const p of periods) {
    const lead = [p.period, ...(options.days ? [p.days.from, p.days.to] : [])];
    const block = (part: InvoicePart, prefix: string, withTotal: boolean) => {
      for (const c of part.classes) {
        if (options.detail) c.types.forEach((t) => rows.push([...lead, `${prefix}${c.chargeClass}`, t.lineItemType, String(t.lines), ...money(t, t.cents)]));
        else rows.push([...lead, `${prefix}${c.chargeClass}`, String(c.lines), ...money(c, c.cents)]);
      }
      if (withTotal) rows.push([...lead, `${prefix}total`, ...(options.detail ? [null] : []), String(part.total.lines), ...money(part.total, part.total.cents)]);
    };
    block(p, '', true);
    if (p.posted && p.posted.classes.length > 0) block(p.posted, 'posted:', p.posted.classes.length > 1);
  }
  return { columns, rows, money: ['billed', 'amortised', 'net_amortised', 'net_unblended'], optional: ['net_unblended', 'lines', 'net_amortised'] };
}

type Amounts = InvoiceAmounts & { cents?: Cents };

const money = (a: Amounts) => ({
  lines: a.lines, billedCost: fromUnits(a.billed), amortisedCost: fromUnits(a.amortised), netAmortisedCost: fromUnits(a.netAmortised), netUnblendedCost: fromUnits(a.netUnblended),
});
const cents = (c: Cents) => ({ billed: formatCents(c.billed), amortised: formatCents(c.amortised), netAmortised: formatCents(c.netAmortised), netUnblended: formatCents(c.netUnblended) });

function partJson(part: InvoicePart) {
  return {
    total: { ...money(part.total), cents: cents(part.total.cents) },
    classes: part.classes.map((c) => ({
      chargeClass: c.chargeClass, ...money(c), cents: cents(c.cents),
      lineItemTypes: c.types.map((t) => ({ lineItemType: t.lineItemType, ...money(t), cents: cents(t.cents) })),
    })),
  };
}

/**
 * The JSON form: camelCase, money as exact decimal strings (and the cents the table shows); each
 * period with the days it covers and, when a range cuts it, its `posted` fees (else null).
 */
export function invoiceJson(periods: DatedInvoicePeriod[]) {
  return periods.map((p) => ({
    period: p.period,
    from: p.days.from,
    to: p.days.to,
    wholeBill: p.days.wholeBill,
    complete: p.days.complete,
    dataThrough: p.days.dataThrough,
    covers: p.days.covers,
    ...partJson(p),
    posted: p.posted ? partJson(p.posted) : null,
  }));
}

/**
 * What the rows do not say, one line per period that needs it: a whole bill not complete (its days
 * up to the data horizon, where the data ends: the bill of the days the store holds; `wholeBill`
 * and `complete: false` in JSON), and a period a range cuts (its days, daily spend only, its posted
 * fees apart). Nothing for a complete whole bill.
 */
export function invoiceNotes(periods: DatedInvoicePeriod[], selection: DefiniteSelection): string[] {
  const flags = rangeFlags(selection);
  return periods.flatMap((p) => {
    if (p.days.wholeBill) return [incompleteBillNote(p.period, p.days)].filter((note) => note !== null);
    const posted = p.posted && p.posted.classes.length > 0
      ? ` The fees posted in these days for a charge period longer than a day (${POSTED_FEES}) are not daily spend: `
        + `listed apart as posted:${p.posted.classes.map((c) => c.chargeClass).join(', posted:')}, ${formatDollars(formatCents(p.posted.total.cents.billed))} billed, outside the total.`
      : ' No fee was posted in these days.';
    return [`${p.period}: ${daysOfRange(p.days, flags)}: the daily spend of these days by charge class, its total their sum.${posted} --period ${p.period} gives the whole bill.`];
  });
}

/**
 * The days of a `--from`/`--to` range, up to the end of the billing data, that the store does not
 * hold (before its first charge day, or in a gap between its billing periods), in the words of
 * `costlens commitments`: `--from 2018-11-01 --to 2024-09-30, --to excluded: 1 Dec 2018 – 31 Oct
 * 2023 and 15 Nov 2023 – 31 Aug 2024 are not in the store (the store holds no billing data on 1 Dec
 * 2018 – 31 Oct 2023 and 15 Nov 2023 – 31 Aug 2024).`: missing data, not days without spend.
 * Null for a `--period` (its note says where its data ends) or when the store holds every day.
 */
export function rangeNotInStoreNote(selection: DefiniteSelection, span: BillingDaySpan, store: StoreDays): string | null {
  if (selection.kind !== 'days') return null;
  const data = billingDataDays(span);
  const afterData = addDays(data.last, 1);
  const missing = daysNotInStore(selection.from ?? data.first, earlierDay(selection.to ?? afterData, afterData), { firstDay: store.firstDay, gaps: store.gaps });
  return missing ? `${rangeFlags(selection)}: ${daysNotInStoreSentence(missing)}.` : null;
}
