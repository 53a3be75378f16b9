/**
 * The days `costlens attribute` covers. Its rows stay per billing period, and each period's row
 * covers the days the selection names in it, as `costlens invoice` names them (src/analyze/invoice-days.ts,
 * `invoiceDays`: `15–31 Oct 2018`; a month the data horizon cuts short, where its data ends). A
 * range of days that cuts a billing period attributes every line charged in those days, so its
 * rows include, whole, the fees posted in them for a charge period longer than a day (the month's
 * RI fee dated the 1st), which `invoice` lists apart as `posted:CLASS` (its `readDatedInvoice` reads
 * them here); a fee posted on another day of the month is in none of the rows. The notes say both,
 * per period; the JSON rows carry the days (`from`, `to`, `covers`).
 */
import type { BillingDaySpan } from '../analyze/billing-calendar.ts';
import { type InvoiceDays, invoiceDays, POSTED_FEES, readDatedInvoice } from '../analyze/invoice-days.ts';
import type { InvoicePart } from '../analyze/invoice.ts';
import type { AttributionRange } from '../analyze/attribution/index.ts';
import type { DefiniteSelection } from '../analyze/selection.ts';
import type { Engine } from '../engine/engine.ts';
import { formatCents } from '../lib/money.ts';
import type { TextTable } from '../lib/table.ts';

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

/**
 * What the rows' period labels do not say, one line per period that needs it: the days of a period
 * a range cuts (with the flags), whether fees posted for longer than a day are in its rows and how
 * much (BilledCost and EffectiveCost), and the days of a whole bill the data horizon cuts short.
 * Nothing for a complete whole bill.
 */
export function attributedDaysNotes(periods: readonly AttributedPeriodDays[], selection: DefiniteSelection): string[] {
  const flags = selection.kind === 'days'
    ? `${[selection.from === undefined ? '' : `--from ${selection.from}`, selection.to === undefined ? '' : `--to ${selection.to}`].filter(Boolean).join(' ')}${selection.to === undefined ? '' : ', --to excluded'}`
    : '';
  return periods.flatMap(({ period, days, posted }) => {
    if (days.wholeBill) return days.complete ? [] : [`${period}: the rows cover ${days.covers}, not the month's whole bill`];
    const classes = posted?.classes ?? [];
    const fees = classes.length > 0
      ? ` They include, whole (not prorated to these days), the fees posted in these days for a charge period longer than a day (${POSTED_FEES}): `
        + `BilledCost ${formatCents(posted!.total.cents.billed)}, EffectiveCost ${formatCents(posted!.total.cents.amortised)}, `
        + `which \`costlens invoice\` lists apart as posted:${classes.map((c) => c.chargeClass).join(', posted:')}.`
      : ` No fee for a charge period longer than a day (${POSTED_FEES}) was posted in these days; one posted on another day of the month is in none of the rows.`;
    return [`${period}: the rows cover ${days.covers} (${flags}): the lines charged in these days.${fees} --period ${period} gives the whole bill.`];
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
