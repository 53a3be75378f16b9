/**
 * The Overview's two tables of a month count its lines on two bases: "Every charge class" by charge
 * day (the UTC day of ChargePeriodStart), whatever the line's billing period, as budgets do; the net
 * view by billing period, as `costlens invoice` does. They part where a billing period's lines are
 * charged outside its month: the FOCUS 1.0 sample's one Oracle line of billing period 2024-10,
 * charged on 30 Sep 2024, is in "Every charge class, Sep 2024" ($20.52) and not in the net view's
 * Sep 2024 ($20.28). Each table then says its basis and names the difference, by billing period,
 * amount and charge days, as budgets' note does: the differences are src/analyze/charge-day-basis.ts's,
 * this module words them.
 */
import { addDays, daySpan, monthLabel } from '../../../lib/calendar.ts';
import { centsOfUnits, formatCents, fromUnits, toUnits } from '../../../lib/money.ts';
import { monthSoFar, monthToDateName } from '../../../analyze/month-names.ts';
import type { ChargedDays } from '../../../analyze/invoice-days.ts';
import { chargeDayDifferences as differencesOf, chargedOutsideMonth, type ChargeDayDifference, type Days } from '../../../analyze/charge-day-basis.ts';
import { money, type PageRequest, records } from '../../html/index.ts';

export type { ChargeDayDifference } from '../../../analyze/charge-day-basis.ts';

/** One column of "Every charge class" beside the net view's row of the same month. */
export interface ChargeDayColumn {
  /** The column as the table heads it: `Sep 2024`, `Dec 2026 so far`, `Nov 2026, whole month`. */
  name: string;
  /** The billing period (`YYYY-MM`) of the net view's row beside it. */
  period: string;
  /** The column's charge days, both included. */
  days: Days;
  /** invoice/by_charge_class rows of every billing period charged on those days. */
  chargedRows: Record<string, string | null>[];
  /** invoice/by_charge_class rows of the net view's row (its billing period over the days it counts); omitted: `chargedRows` of `period`. */
  netRows?: Record<string, string | null>[];
  /** The column's total as the table shows it (exact decimal), for the sum under the note; null: no sum. */
  shownTotal: string | null;
}

/** What a column and its net view row say of the difference; null when they count the same lines. */
export interface ChargeDayBasis {
  /** For the note under "Every charge class". */
  chargeClasses: string;
  /** For the net view's note. */
  netView: string;
}

/** The measure's column of invoice/by_charge_class for the page's cost. */
function measureColumn(cost: 'billed' | 'effective'): 'billed_cost' | 'amortised_cost' {
  return cost === 'effective' ? 'amortised_cost' : 'billed_cost';
}

/** Exact sum (units) of `column` over `rows`, per billing period (`YYYY-MM`). */
function sumsByPeriod(rows: Record<string, string | null>[], column: string): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const row of rows) {
    const period = String(row.billing_period).slice(0, 7);
    sums.set(period, (sums.get(period) ?? 0n) + toUnits(row[column] ?? '0'));
  }
  return sums;
}

/**
 * The lines the column and the net view's row of its month do not share, in the page's measure: each
 * other billing period charged on the column's days, and the row's own lines charged outside them;
 * none when the two count the same lines.
 */
export function chargeDayDifferences(column: ChargeDayColumn, cost: 'billed' | 'effective', charged: ChargedDays): ChargeDayDifference[] {
  const measure = measureColumn(cost);
  const inColumn = sumsByPeriod(column.chargedRows, measure);
  const held = new Map([...inColumn].filter(([period]) => period !== column.period));
  const outside = column.netRows ? (sumsByPeriod(column.netRows, measure).get(column.period) ?? 0n) - (inColumn.get(column.period) ?? 0n) : 0n;
  return differencesOf({ counted: column.days, held, leftOut: new Map([[column.period, outside]]) }, charged);
}

/** `$0.24 of billing period 2024-10 charged on 30 Sep 2024`. */
function differenceText(d: ChargeDayDifference): string {
  return `${money(d.amount)} of billing period ${d.period} charged on ${daySpan(d.days.first, d.days.last)}`;
}

/** The cents a figure shows (rounded once, half away from zero). */
function shownCents(decimal: string): bigint {
  return centsOfUnits(toUnits(decimal));
}

/**
 * The notes of both tables for one column: each its basis and the lines the column holds or leaves
 * out against the net view's row, with the sum of the figures as shown when it adds up to the cent
 * (`Sep 2024 here: $20.28 + $0.24 = $20.52`); null when there is no difference. `heading`: the
 * charge-class table's (`Every charge class, Sep 2024`); `netRowTotal`: the row's figure in the
 * page's measure.
 */
export function chargeDayBasis(column: ChargeDayColumn, heading: string, netRowTotal: string, differences: ChargeDayDifference[]): ChargeDayBasis | null {
  if (differences.length === 0) return null;
  const listed = (kind: ChargeDayDifference['kind']) => differences.filter((d) => d.kind === kind).map(differenceText).join(' and ');
  const what = [listed('holds') && `holds ${listed('holds')}`, listed('leaves out') && `leaves out ${listed('leaves out')}`].filter(Boolean).join(' and ');
  const row = monthLabel(`${column.period}-01`);
  const figures = sumText(netRowTotal, differences, column.shownTotal) ?? money(netRowTotal);
  return {
    chargeClasses: `Counted by charge day, whatever the billing period: ${column.name} ${what}, where the net view below counts by billing period (${row} there: ${figures}).`,
    netView: `Counted by billing period, where “${heading}” counts by charge day: its ${column.name} ${what} (${row} here: ${figures}).`,
  };
}

/** `$20.28 + $0.24 = $20.52`: the row's figure and the differences as shown, when they add up to the column's total shown; else null. */
function sumText(netRowTotal: string, differences: ChargeDayDifference[], shownTotal: string | null): string | null {
  if (shownTotal === null) return null;
  const terms = differences.map((d) => (d.kind === 'holds' ? 1n : -1n) * shownCents(d.amount));
  if (terms.reduce((s, t) => s + t, shownCents(netRowTotal)) !== shownCents(shownTotal)) return null;
  return `${money(netRowTotal)} ${terms.map((t) => `${t < 0n ? '−' : '+'} ${money(formatCents(t < 0n ? -t : t))}`).join(' ')} = ${money(shownTotal)}`;
}

/** What the Overview has read of its month and the month before, for {@link readChargeDayBases}. */
export interface ChargeDayInputs {
  /** The page's as-of day, the first of its month and of the month before. */
  asOf: string;
  monthStart: string;
  previousMonthStart: string;
  cost: 'billed' | 'effective';
  /** The charge days of each billing period's lines in the store. */
  charged: ChargedDays;
  /** invoice/by_charge_class of every billing period charged from the first of the month to as-of. */
  chargedThisMonth: Record<string, string | null>[];
  /** invoice/by_charge_class of the month before's billing period, charged up to as-of: the net view's row. */
  netPrevious: Record<string, string | null>[];
  /** "Every charge class"'s totals as shown: this month's, the month before's (null: not in the store). */
  totals: { current: string | null; previous: string | null };
}

/** The notes of both tables for this month's column and the month before's; null where they count the same lines. */
export interface ChargeDayBases {
  current: ChargeDayBasis | null;
  previous: ChargeDayBasis | null;
}

/**
 * Where "Every charge class" (by charge day) and the net view (by billing period) part, for this
 * month's column and the month before's. The month before's lines by charge day are read only when a
 * billing period's lines are charged outside its month on the page's days (one query more, on such
 * a store alone).
 */
export async function readChargeDayBases(request: PageRequest, inputs: ChargeDayInputs): Promise<ChargeDayBases> {
  const { asOf, monthStart, previousMonthStart, cost, charged, totals } = inputs;
  if (!chargedOutsideMonth(charged, { first: previousMonthStart, last: asOf })) return { current: null, previous: null };
  const heading = `Every charge class, ${monthToDateName(asOf)}`;
  const measure = measureColumn(cost);
  const sum = (rows: Record<string, string | null>[]) => fromUnits(rows.reduce((s, r) => s + toUnits(r[measure] ?? '0'), 0n));
  const period = monthStart.slice(0, 7);
  const current: ChargeDayColumn = {
    name: monthSoFar(asOf), period, days: { first: monthStart, last: asOf }, chargedRows: inputs.chargedThisMonth, shownTotal: totals.current,
  };
  const thisMonthsRow = inputs.chargedThisMonth.filter((r) => String(r.billing_period).slice(0, 7) === period);
  const bases: ChargeDayBases = { current: chargeDayBasis(current, heading, sum(thisMonthsRow), chargeDayDifferences(current, cost, charged)), previous: null };
  if (totals.previous === null) return bases;
  const chargedBefore = records(await request.run('invoice/by_charge_class', { charge_from: previousMonthStart, charge_to: monthStart }));
  const previous: ChargeDayColumn = {
    name: `${monthLabel(previousMonthStart)} (whole month)`, period: previousMonthStart.slice(0, 7), days: { first: previousMonthStart, last: addDays(monthStart, -1) },
    chargedRows: chargedBefore, netRows: inputs.netPrevious, shownTotal: totals.previous,
  };
  return { ...bases, previous: chargeDayBasis(previous, heading, sum(inputs.netPrevious), chargeDayDifferences(previous, cost, charged)) };
}
