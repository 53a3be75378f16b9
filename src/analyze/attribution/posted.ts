/**
 * The fees posted for a charge period longer than a day (the month's RI and Support fees, tax,
 * monthly credits) in the rows of an attribution over a range of days that cuts a billing period:
 * such a range attributes every line charged in its days, so a row holds, whole, the fees posted in
 * them (src/analyze/attributed-days.ts says so under the table). Each row's part of them is split
 * exactly as the row's money is (its direct lines, its shares of the shared-cost pools), then
 * rounded once per period and measure by largest remainder, so the rows' parts add up to the
 * period's posted fees rounded to the cent (what `costlens invoice` lists apart as `posted:CLASS`).
 */
import { billingPeriodDays, type ChargedDays } from '../charged-days.ts';
import { apportionCents, type Exact, roundToCents, sumExact, ZERO } from './cents.ts';
import type { AttributionRange } from './tag-values.ts';

/** Exact amounts of both measures. */
export interface ExactPair {
  billed: Exact;
  effective: Exact;
}

export const NO_EXACT: ExactPair = { billed: ZERO, effective: ZERO };

/** Cents of both measures. */
export interface CentsPair {
  billed: bigint;
  effective: bigint;
}

/** The posted fees of a period the range cuts: exact, and in cents as the rows' parts add up to. */
export interface PeriodPostedFees {
  exact: ExactPair;
  cents: CentsPair;
}

/**
 * Whether `range` cuts billing period `period` (`YYYY-MM`): its charge bounds leave out a charge day
 * of it, its month widened to the days its lines are charged on (`charged`: billingPeriodDays).
 * src/analyze/invoice-days.ts, `invoiceDays`, reads a selection the same way: not a whole bill.
 */
export function rangeCutsPeriod(range: AttributionRange, period: string, charged: ChargedDays): boolean {
  const { first, last } = billingPeriodDays(period, charged);
  return (range.chargeFrom !== undefined && range.chargeFrom > first) || (range.chargeTo !== undefined && range.chargeTo <= last);
}

/** Whether a range of charge days may cut a billing period (it has a charge bound): only then are the posted fees read. */
export function rangeMayCutPeriods(range: AttributionRange): boolean {
  return range.chargeFrom !== undefined || range.chargeTo !== undefined;
}

/**
 * The rows' posted fees in cents, per measure, rounded by largest remainder (equal remainders to the
 * earlier): each value's (the rows of one `groupOf` index: a value's --by rows) to the period's total
 * rounded to the cent, then its rows to the value's cents. So the rows add up to the total, and a
 * value's rows to what the value holds without --by.
 */
export function postedCents(rows: readonly ExactPair[], groupOf: readonly number[]): { rows: CentsPair[]; period: PeriodPostedFees } {
  const exact = { billed: sumExact(rows.map((r) => r.billed)), effective: sumExact(rows.map((r) => r.effective)) };
  const cents = { billed: roundToCents(exact.billed), effective: roundToCents(exact.effective) };
  const groups = [...new Set(groupOf)].sort((a, b) => a - b);
  const members = groups.map((g) => rows.flatMap((_, i) => (groupOf[i] === g ? [i] : [])));
  const result: CentsPair[] = rows.map(() => ({ billed: 0n, effective: 0n }));
  for (const measure of ['billed', 'effective'] as const) {
    const groupCents = apportionCents(members.map((m) => sumExact(m.map((i) => rows[i][measure]))), cents[measure]);
    members.forEach((m, g) => {
      apportionCents(m.map((i) => rows[i][measure]), groupCents[g]).forEach((c, k) => { result[m[k]][measure] = c; });
    });
  }
  return { rows: result, period: { exact, cents } };
}
