/**
 * The days an attribution (`costlens attribute`, the Attribution page) covers. Its rows stay per
 * billing period, and each period's row covers the days the selection names in it, as `costlens
 * invoice` names them (invoice-days.ts, `invoiceDays`: `15–31 Oct 2018`; a month the data horizon
 * cuts short, where its data ends). A range of days that cuts a billing period attributes every line
 * charged in those days, so its rows include, whole, the fees posted in them for a charge period
 * longer than a day (the month's RI fee dated the 1st), which `invoice` lists apart as
 * `posted:CLASS` (its `readDatedInvoice` reads them here); a fee posted on another day of the month
 * is in none of the rows. The notes say both, per period, and which rows hold those fees (the tag
 * values, with the cents of each: the attribution's own split of them, attribution/posted.ts); the
 * JSON rows carry the days (`from`, `to`, `covers`).
 */
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import { formatCents } from '../lib/money.ts';
import { codePointOrder, descending } from '../lib/order.ts';
import type { TextTable } from '../lib/table.ts';
import type { Attribution, AttributionRange } from './attribution/index.ts';
import type { BillingDaySpan } from './billing-calendar.ts';
import { invoiceDaysOfBill, daysOfRange, incompleteBillNote, type InvoiceDays, POSTED_FEES, rangeFlags, readDatedInvoice, readPeriodDays } from './invoice-days.ts';
import type { InvoicePart } from './invoice.ts';
import type { DefiniteSelection } from './selection.ts';
import { readSourceSpans } from './source-spans.ts';

/** One billing period of an attribution: the days its rows cover and, when a range cuts it, the fees posted in them for longer than a day. */
export interface AttributedPeriodDays {
  period: string;
  days: InvoiceDays;
  /** The fees posted in the days of a period the range cuts (charge period longer than a day), which its rows include; null for a whole bill. */
  posted: InvoicePart | null;
  /** Which rows hold `posted` (read from an attribution asked for its posted fees); null otherwise. */
  holders: PostedFeesHolders | null;
}

/** One tag value's part of a cut period's posted fees: its rows' (its --by rows together), in cents. */
export interface PostedFeesHolder {
  value: string;
  billed: bigint;
  effective: bigint;
  /** How many of the value's rows (with --by, one per --by value) hold any of them. */
  rows: number;
}

/** The rows that hold a cut period's posted fees. */
export interface PostedFeesHolders {
  /** The tag key of the rows' values. */
  key: string;
  /** Largest first (the measure the rows are sorted by), a value holding none in either measure left out; they add up to `posted`'s total. */
  values: PostedFeesHolder[];
}

/** How many holders a note names before `N more values`. */
const NAMED_HOLDERS = 3;

/**
 * The days each of `periods` (`YYYY-MM`, those the rows hold) covers in `selection`, read against
 * each period's own delivery's span (source-spans.ts, of the store's `span`: one query) and the
 * charge days of each period's lines and the store's gaps, whose days a period's note names apart (those `attribution`
 * read, else readPeriodDays: one query);
 * for a period the selection cuts, the fees posted in its days and, given the `attribution` of the rows
 * read with `postedFees`, which rows hold them. Reads the invoice's classes (one more query) only
 * when the selection cuts a period.
 */
export async function readAttributedDays(engine: Engine, range: AttributionRange, selection: DefiniteSelection, span: BillingDaySpan, periods: readonly string[], attribution?: Attribution): Promise<AttributedPeriodDays[]> {
  const periodDays = attribution?.periodDays ?? await readPeriodDays(engine);
  const spans = await readSourceSpans(engine, span);
  const dated = periods.map((period) => ({ period, days: invoiceDaysOfBill(period, selection, spans, periodDays.charged, periodDays.gaps) }));
  if (dated.every((p) => p.days.wholeBill)) return dated.map((p) => ({ ...p, posted: null, holders: null }));
  const invoice = new Map((await readDatedInvoice(engine, range, selection, span, periodDays, spans)).map((p) => [p.period, p.posted]));
  return dated.map((p) => {
    const posted = p.days.wholeBill ? null : invoice.get(p.period) ?? null;
    return { ...p, posted, holders: p.days.wholeBill || !attribution ? null : postedFeesHolders(attribution, p.period, posted) };
  });
}

/**
 * The tag values whose rows hold period `period`'s posted fees, from the attribution's split of
 * them (null when it was not asked for it). Their cents are the invoice's posted fees (`posted`), to
 * the cent in each measure: the same lines, split exactly and rounded once; anything else is an
 * internal error rather than a note whose parts do not add up.
 */
function postedFeesHolders(attribution: Attribution, period: string, posted: InvoicePart | null): PostedFeesHolders | null {
  const allocated = attribution.periods.find((p) => p.period === period);
  if (!allocated?.postedFees) return null;
  const byValue = new Map<string, PostedFeesHolder>();
  for (const row of allocated.rows) {
    const holder = byValue.get(row.value) ?? { value: row.value, billed: 0n, effective: 0n, rows: 0 };
    const [billed, effective] = [row.postedFees?.billed ?? 0n, row.postedFees?.effective ?? 0n];
    byValue.set(row.value, { ...holder, billed: holder.billed + billed, effective: holder.effective + effective, rows: holder.rows + (billed !== 0n || effective !== 0n ? 1 : 0) });
  }
  const expected = { billed: posted?.total.cents.billed ?? 0n, effective: posted?.total.cents.amortised ?? 0n };
  if (allocated.postedFees.cents.billed !== expected.billed || allocated.postedFees.cents.effective !== expected.effective) {
    throw new CostlensError('internal', `attribution of ${period}: the rows hold posted fees of BilledCost ${formatCents(allocated.postedFees.cents.billed)}, EffectiveCost `
      + `${formatCents(allocated.postedFees.cents.effective)}; the invoice lists ${formatCents(expected.billed)}, ${formatCents(expected.effective)}`);
  }
  const first = attribution.cost;
  const second = first === 'billed' ? 'effective' : 'billed';
  const size = (cents: bigint) => (cents < 0n ? -cents : cents);
  const values = [...byValue.values()].filter((h) => h.billed !== 0n || h.effective !== 0n)
    .sort((a, b) => descending(size(a[first]), size(b[first])) || descending(size(a[second]), size(b[second])) || codePointOrder(a.value, b.value));
  return { key: attribution.key.name, values };
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
 * a range cuts (with the range as given, in one bracket with where the data ends: daysOfRange),
 * whether fees posted for longer than a day are in its rows, how much (BilledCost and
 * EffectiveCost) and, when known, which rows hold them (postedFeesWords), and a whole bill the store
 * does not hold all of, in `invoice`'s words (incompleteBillNote). Nothing for a complete whole bill.
 */
export function attributedDaysNotes(periods: readonly AttributedPeriodDays[], words: SelectionWords): string[] {
  return periods.flatMap(({ period, days, posted, holders }) => {
    if (days.wholeBill) return [incompleteBillNote(period, days, 'the rows cover ')].filter((note) => note !== null);
    const classes = posted?.classes ?? [];
    const fees = classes.length > 0
      ? ` They include, whole (not prorated to these days), the fees posted in these days for a charge period longer than a day (${POSTED_FEES}): `
        + `BilledCost ${formatCents(posted!.total.cents.billed)}, EffectiveCost ${formatCents(posted!.total.cents.amortised)}, `
        + `which \`costlens invoice\` lists apart as posted:${classes.map((c) => c.chargeClass).join(', posted:')}.${postedFeesWords(holders)}`
      : ` No fee for a charge period longer than a day (${POSTED_FEES}) was posted in these days; one posted on another day of the month is in none of the rows.`;
    return [`${period}: the rows cover ${daysOfRange(days, words.range)}: the lines charged in these days.${fees} ${words.wholeBill(period)}`];
  });
}

/**
 * Which rows hold the posted fees, after their total: ` The rows holding them, by team (BilledCost,
 * EffectiveCost): (untagged) 803.28, 725.30; payments 100.00, 100.00; search 50.00, 50.00; 3 more
 * values 50.00, 50.00.`; {@link NAMED_HOLDERS} values named, those beyond together (all named when
 * one more would be alone). `The row holding them` only when one row does: a value's --by rows
 * are counted, not its values. Empty when not known or when no row holds any.
 */
export function postedFeesWords(holders: PostedFeesHolders | null): string {
  if (!holders || holders.values.length === 0) return '';
  const { values } = holders;
  const named = values.length <= NAMED_HOLDERS + 1 ? values : values.slice(0, NAMED_HOLDERS);
  const rest = values.slice(named.length);
  const figures = (billed: bigint, effective: bigint) => `${formatCents(billed)}, ${formatCents(effective)}`;
  const parts = named.map((h) => `${h.value} ${figures(h.billed, h.effective)}`);
  if (rest.length > 0) {
    parts.push(`${rest.length} more values ${figures(rest.reduce((s, h) => s + h.billed, 0n), rest.reduce((s, h) => s + h.effective, 0n))}`);
  }
  const rows = values.reduce((sum, h) => sum + h.rows, 0);
  return ` The ${rows === 1 ? 'row holding them' : 'rows holding them'}, by ${holders.key} (BilledCost, EffectiveCost): ${parts.join('; ')}.`;
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

/**
 * An allocation table (allocationTable: one row per attribution row, in the attribution's order) with
 * two more money columns, `posted_fees_billed` and `posted_fees_effective`: the cents of each row that
 * are fees posted for a charge period longer than a day in a period the range cuts (what the note
 * under the table names; they add up to its figures), `0.00` in a whole bill and a row holding none.
 */
export function withPostedFees(table: TextTable, attribution: Attribution): TextTable {
  const rows = attribution.periods.flatMap((p) => p.rows);
  if (rows.length !== table.rows.length) throw new CostlensError('internal', 'the allocation table does not have one row per attribution row');
  return {
    ...table,
    columns: [...table.columns, 'posted_fees_billed', 'posted_fees_effective'],
    money: [...(table.money ?? []), 'posted_fees_billed', 'posted_fees_effective'],
    rows: table.rows.map((row, i) => [...row, formatCents(rows[i].postedFees?.billed ?? 0n), formatCents(rows[i].postedFees?.effective ?? 0n)]),
  };
}
