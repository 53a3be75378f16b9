/**
 * Money cells of a table that splits a total, by the rule the weekly report states (README,
 * "Weekly report", Rounding; the e-mail's footer): the total is its exact sum rounded once to the
 * cent, and the rows are the largest-remainder rounding of their exact amounts to that total's
 * cents (src/analyze/attribution/cents.ts), so the rows shown add up to the total shown. The
 * Commitments and KPI pages read them.
 */
import { apportionCents, exactUnits } from '../../../analyze/attribution/index.ts';
import { centsOfUnits, formatUsd, toUnits } from '../../../lib/money.ts';

/**
 * Each row's cents (null stays null: no figure) adding up to `total`'s cents, ties of the
 * remainders going to the earlier row; each row rounded on its own when there is no total or the
 * rows' exact sum is not it (then they are not a split of it).
 */
export function splitCents(rows: readonly (string | null)[], total: string | null): (bigint | null)[] {
  const units = rows.map((r) => (r === null ? null : toUnits(r)));
  const given = units.filter((u): u is bigint => u !== null);
  if (total === null || given.length === 0 || given.reduce((s, u) => s + u, 0n) !== toUnits(total)) {
    return units.map((u) => (u === null ? null : centsOfUnits(u)));
  }
  const cents = apportionCents(given.map(exactUnits), centsOfUnits(toUnits(total)));
  let next = 0;
  return units.map((u) => (u === null ? null : cents[next++]));
}

/** The rows of `splitCents` as the pages print money: `$1,234.56`, `–` for none. */
export function splitMoney(rows: readonly (string | null)[], total: string | null): string[] {
  return splitCents(rows, total).map((c) => (c === null ? '–' : formatUsd(c)));
}
