/**
 * What Explore's comparison compares, row by row, one model for the page's table and headline and
 * for the analysis `explore/spend_compared` (its CSV and JSON). Spans of days compare usage alone
 * (the `usage` charge class, x_ChargeClass, as the Overview's month to date compares it): a month's
 * Support fee, RI fees, tax and credits post on one day, so a span holding one against a span
 * holding another (or none) is no change in spend. Those are shown in each span's cost but not
 * compared; a row whose spend in a span is only such fees gets no change %. Whole months against
 * whole months compare their whole bills, every charge class, as `costlens explain` does. Money is
 * exact (the store's decimals).
 */
import { fromUnits, toUnits } from '../../../lib/money.ts';
import type { ChargeClass } from '../../../store/charge-class.ts';
import { wholeMonths, type DayRange } from './range.ts';
import { change, comparedCosts, onlyComparedLabel, sumDecimals, type SpendRow } from './compared-sums.ts';

/**
 * The charge class compared day for day: x_ChargeClass as ingest decides it once
 * (src/store/charge-class.ts), the class the Overview's month to date compares.
 */
export const USAGE_CLASS: ChargeClass = 'usage';

/** Whether a charge-class filter keeps usage alone. */
export function selectsUsageAlone(chargeClasses: readonly string[]): boolean {
  return chargeClasses.length > 0 && chargeClasses.every((c) => c === USAGE_CLASS);
}

/** Whether a charge-class filter leaves usage out (no filter keeps every class). */
export function leavesUsageOut(chargeClasses: readonly string[]): boolean {
  return chargeClasses.length > 0 && !chargeClasses.includes(USAGE_CLASS);
}

/**
 * What a comparison compares: `usage` the usage lines of both spans (spans of days), `bill` every
 * charge class (whole months against whole months), `none` nothing (the charge classes selected
 * hold no usage, or neither span holds any).
 */
export type ComparedOn = 'usage' | 'bill' | 'none';

/** What one row's change compares: usage, every class (whole months), `posted` (its spend in a span is only fees: no change %), or nothing. */
export type RowComparedOn = ComparedOn | 'posted';

/** One row of a compare table, exact decimals; the usage columns are null unless usage is compared. */
export interface ComparedRow {
  value: string;
  /** The explore/spend_by row shown (undefined for the "Only in the compared span" row). */
  source?: SpendRow;
  cost: string;
  compared: string;
  usage: string | null;
  comparedUsage: string | null;
  /** Usage's change (`usage`, `posted`), the cost's (`bill`), or null (`none`). */
  change: string | null;
  /** Hundredths of a percent of the compared amount, rounded once; null when not compared or nothing before. */
  pct: string | null;
  on: RowComparedOn;
}

/** A compare table: its rows (the shown values, then the values only in the compared span as one row) and its total. */
export interface ComparedTable {
  on: ComparedOn;
  rows: ComparedRow[];
  total: ComparedRow;
  /** Whether any row holds other charges than usage in either span (with `usage`: fees, tax and credits shown, not compared). */
  holdsOtherCharges: boolean;
  /** Usage compared without the lines of a delivery that has ended: the usage each span leaves out (exact; `now` the range's, `then` the compared span's). */
  leftOut?: { now: string; then: string };
}

/** The spend_by rows a comparison reads: the range's and the compared span's, and with `usage`, each span's usage lines alone. */
export interface ComparedInput {
  on: ComparedOn;
  rows: SpendRow[];
  compared: SpendRow[];
  usage?: { rows: SpendRow[]; compared: SpendRow[] };
  /** With `usage` compared without the lines of a delivery that has ended: each span's usage lines read whole. */
  wholeUsage?: { rows: SpendRow[]; compared: SpendRow[] };
}

/**
 * What a comparison of `range` with `compared` compares, given the charge classes selected (empty:
 * every class): whole months against whole months, every class; else usage when it is selected.
 */
export function comparedOn(range: DayRange, compared: DayRange, chargeClasses: readonly string[]): ComparedOn {
  if (wholeMonths(range) && wholeMonths(compared)) return 'bill';
  return leavesUsageOut(chargeClasses) ? 'none' : 'usage';
}

/** The charge classes selected that are not usage, in the order given (empty: every class). */
export function otherClassesSelected(chargeClasses: readonly string[]): string[] {
  return chargeClasses.filter((c) => c !== USAGE_CLASS);
}

/**
 * The compare table's rows. Each shown value keeps its cost and gets its compared span's (a named
 * value its own, "Other (N more)" the rest); with usage compared, its usage in both spans alike,
 * and its change is usage's. Values billed only in the compared span make one last row, so every
 * column adds up to its span's total exactly.
 */
export function comparedTable(input: ComparedInput): ComparedTable {
  const { rows, compared } = input;
  const usage = input.on === 'usage' ? input.usage : undefined;
  const noUsage = usage !== undefined && usage.rows.length === 0 && usage.compared.length === 0;
  const on: ComparedOn = input.on === 'usage' && (!usage || noUsage) ? 'none' : input.on;
  const totals = { cost: sumDecimals(rows.map((r) => r.cost)), compared: sumDecimals(compared.map((r) => r.cost)) };
  const before = comparedCosts(rows, compared, totals.compared);
  const usageTotals = usage ? { now: sumDecimals(usage.rows.map((r) => r.cost)), then: sumDecimals(usage.compared.map((r) => r.cost)) } : undefined;
  const usageNow = usage && usageTotals ? comparedCosts(rows, usage.rows, usageTotals.now) : undefined;
  const usageThen = usage && usageTotals ? comparedCosts(rows, usage.compared, usageTotals.then) : undefined;
  // Beside a delivery that has ended, usage is compared without its lines: a row is of fees alone, and holds other charges, by its whole usage.
  const whole = usage && input.wholeUsage ? input.wholeUsage : undefined;
  const wholeTotals = whole ? { now: sumDecimals(whole.rows.map((r) => r.cost)), then: sumDecimals(whole.compared.map((r) => r.cost)) } : usageTotals;
  const wholeNow = whole && wholeTotals ? comparedCosts(rows, whole.rows, wholeTotals.now) : usageNow;
  const wholeThen = whole && wholeTotals ? comparedCosts(rows, whole.compared, wholeTotals.then) : usageThen;
  // Each row's usage read whole beside its cells (undefined when usage is not compared), for what it holds besides usage.
  const shownWhole = rows.map((_, i) => ({ now: wholeNow?.[i], then: wholeThen?.[i] }));
  const shown = rows.map((r, i) => comparedRow(on, { value: r.value ?? '', source: r }, r.cost ?? '0', before[i], usageNow?.[i], usageThen?.[i], shownWhole[i]));
  // Every usage value of the range is a shown row or in its "Other" row: usage the rows cannot hold would leave the column short of its total.
  if (wholeTotals && wholeNow && rest(wholeTotals.now, wholeNow) !== 0n) throw new Error(`explore: the range's usage ${wholeTotals.now} is not what its rows hold`);
  const restThen = rest(totals.compared, before);
  const restUsageThen = usageTotals && usageThen ? rest(usageTotals.then, usageThen) : 0n;
  const restWholeThen = wholeTotals && wholeThen ? rest(wholeTotals.then, wholeThen) : 0n;
  if (restThen !== 0n || restUsageThen !== 0n || restWholeThen !== 0n) {
    const label = onlyComparedLabel(rows, compared);
    const zero = usageTotals ? fromUnits(0n) : undefined;
    shownWhole.push({ now: zero, then: wholeTotals ? fromUnits(restWholeThen) : undefined });
    shown.push(comparedRow(on, { value: label }, fromUnits(0n), fromUnits(restThen), zero, usageTotals ? fromUnits(restUsageThen) : undefined, shownWhole[shownWhole.length - 1]));
  }
  const total = comparedRow(on, { value: 'Total' }, totals.cost, totals.compared, usageTotals?.now, usageTotals?.then, { now: wholeTotals?.now, then: wholeTotals?.then });
  const others = (r: ComparedRow, used: { now?: string; then?: string }) => used.now === undefined || toUnits(used.now) !== toUnits(r.cost) || toUnits(used.then ?? '0') !== toUnits(r.compared);
  return {
    on,
    rows: shown,
    total,
    holdsOtherCharges: shown.some((r, i) => others(r, shownWhole[i])) || others(total, { now: wholeTotals?.now, then: wholeTotals?.then }),
    ...(whole && usageTotals && wholeTotals ? { leftOut: { now: fromUnits(toUnits(wholeTotals.now) - toUnits(usageTotals.now)), then: fromUnits(toUnits(wholeTotals.then) - toUnits(usageTotals.then)) } } : {}),
  };
}

/** What the compared column holds beyond the shown rows' figures, in units. */
function rest(total: string, shown: string[]): bigint {
  return toUnits(total) - shown.reduce((s, v) => s + toUnits(v), 0n);
}

/** `whole`: the row's usage read whole, when usage is compared without the lines of a delivery that has ended (else `usage` and `comparedUsage`). */
function comparedRow(on: ComparedOn, label: { value: string; source?: SpendRow }, cost: string, compared: string, usage: string | undefined, comparedUsage: string | undefined, whole: { now?: string; then?: string } = {}): ComparedRow {
  const row = { ...label, cost, compared, usage: usage ?? null, comparedUsage: comparedUsage ?? null };
  if (on === 'none') return { ...row, change: null, pct: null, on };
  if (on === 'bill' || usage === undefined || comparedUsage === undefined) return { ...row, ...changeOf(cost, compared), on };
  const feesOnly = (spend: string, used: string) => toUnits(used) === 0n && toUnits(spend) !== 0n;
  const posted = feesOnly(cost, whole.now ?? usage) || feesOnly(compared, whole.then ?? comparedUsage);
  const { change: delta, pct } = changeOf(usage, comparedUsage);
  return { ...row, change: delta, pct: posted ? null : pct, on: posted ? 'posted' : 'usage' };
}

function changeOf(now: string, then: string): { change: string; pct: string | null } {
  const { delta, pct } = change(now, then);
  return { change: delta, pct };
}
