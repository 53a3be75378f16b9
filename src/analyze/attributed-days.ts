/**
 * The days an attribution (`costlens attribute`, the Attribution page) covers. Its rows stay per
 * billing period, and each period's row covers the days the selection names in it, as `costlens
 * invoice` names them (invoice-days.ts, `invoiceDays`: `15–31 Oct 2018`; a month the data horizon
 * cuts short, where its data ends). A range of days that cuts a billing period attributes every line
 * charged in those days, so its rows include, whole, the fees posted in them for a charge period
 * longer than a day (the month's RI fee dated the 1st), which `invoice` lists apart as
 * `posted:CLASS` (its `readDatedInvoice` reads them here); a fee posted on another day of the month
 * is in none of the rows. The notes say both, per period; the JSON rows carry the days (`from`,
 * `to`, `covers`).
 */
import type { Engine } from '../engine/engine.ts';
import { formatCents } from '../lib/money.ts';
import type { TextTable } from '../lib/table.ts';
import type { AttributionRange } from './attribution/index.ts';
import type { BillingDaySpan } from './billing-calendar.ts';
import { incompleteBillNote, type InvoiceDays, invoiceDays, POSTED_FEES, rangeFlags, readDatedInvoice } from './invoice-days.ts';
import type { InvoicePart } from './invoice.ts';
import type { DefiniteSelection } from './selection.ts';

/** One billing period of an attribution: the days its rows cover and, when a range cuts it, the fees posted in them for longer than a day. */
export interface AttributedPeriodDays {
  period: string;
  days: InvoiceDays;
  /** The fees posted in the days of a period the range cuts (charge period longer than a day), which its rows include; null for a whole bill. */
  posted: InvoicePart | null;
}

/**
 * The days each of `periods` (`YYYY-MM`, those the rows hold) covers in `selection`, read against
 * the store's span; for a period the selection cuts, the fees posted in its days. Reads the invoice's
 * classes (one query) only when the selection cuts a period.
 */
export async function readAttributedDays(engine: Engine, range: AttributionRange, selection: DefiniteSelection, span: BillingDaySpan, periods: readonly string[]): Promise<AttributedPeriodDays[]> {
  const dated = periods.map((period) => ({ period, days: invoiceDays(period, selection, span) }));
  if (dated.every((p) => p.days.wholeBill)) return dated.map((p) => ({ ...p, posted: null }));
  const invoice = new Map((await readDatedInvoice(engine, range, selection, span)).map((p) => [p.period, p.posted]));
  return dated.map((p) => ({ ...p, posted: p.days.wholeBill ? null : invoice.get(p.period) ?? null }));
}

/** How the notes name what was asked for: the CLI's flags, or the page's filters. */
export interface SelectionWords {
  /** The range of days as given, in brackets after its days (`--from … --to …, --to excluded`). */
  range: string;
  /** The sentence that ends a cut period's note: how to ask for its whole bill. */
  wholeBill: (period: string) => string;
}

/** The notes' words for `costlens attribute`: its flags. */
export function flagWords(selection: DefiniteSelection): SelectionWords {
  return { range: rangeFlags(selection), wholeBill: (period) => `--period ${period} gives the whole bill.` };
}

/**
 * What the rows' period labels do not say, one line per period that needs it: the days of a period
 * a range cuts (with the range as given), whether fees posted for longer than a day are in its rows
 * and how much (BilledCost and EffectiveCost), and a whole bill the store does not hold all of, in
 * `invoice`'s words (incompleteBillNote). Nothing for a complete whole bill.
 */
export function attributedDaysNotes(periods: readonly AttributedPeriodDays[], words: SelectionWords): string[] {
  return periods.flatMap(({ period, days, posted }) => {
    if (days.wholeBill) return [incompleteBillNote(period, days, 'the rows cover ')].filter((note) => note !== null);
    const classes = posted?.classes ?? [];
    const fees = classes.length > 0
      ? ` They include, whole (not prorated to these days), the fees posted in these days for a charge period longer than a day (${POSTED_FEES}): `
        + `BilledCost ${formatCents(posted!.total.cents.billed)}, EffectiveCost ${formatCents(posted!.total.cents.amortised)}, `
        + `which \`costlens invoice\` lists apart as posted:${classes.map((c) => c.chargeClass).join(', posted:')}.`
      : ` No fee for a charge period longer than a day (${POSTED_FEES}) was posted in these days; one posted on another day of the month is in none of the rows.`;
    return [`${period}: the rows cover ${days.covers} (${words.range}): the lines charged in these days.${fees} ${words.wholeBill(period)}`];
  });
}

/** `table` with the days each row's period covers (its first column) as three more columns: `from` and `to` (both included) and `covers`, in words. */
export function withCoveredDays(table: TextTable, periods: readonly AttributedPeriodDays[]): TextTable {
  const byPeriod = new Map(periods.map((p) => [p.period, p.days]));
  return {
    ...table,
    columns: [...table.columns, 'from', 'to', 'covers'],
    rows: table.rows.map((row) => {
      const days = byPeriod.get(String(row[0]));
      return [...row, days?.from ?? null, days?.to ?? null, days?.covers ?? null];
    }),
  };
}
