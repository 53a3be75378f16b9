/**
 * Money cells of a table that splits a total, by the project's rule (README, "Weekly report",
 * Rounding): the total is its exact sum rounded once to the cent, and the rows are the
 * largest-remainder rounding of their exact amounts to that total's cents
 * (src/analyze/attribution/cents.ts), so the rows shown add up to the total shown. The
 * `commitments --by` and `kpi` tables read them.
 */
import { apportionCents, exactUnits } from '../attribution/index.ts';
import { centsOfUnits, formatCents, toUnits } from '../../lib/money.ts';

/**
 * Each row's exact decimal (null stays null: no figure) as cents text (`1234.56`) that adds up to
 * `total`'s cents, ties of the remainders going to the earlier row; each row rounded on its own
 * when there is no total or the rows' exact sum is not it (then they are not a split of it).
 */
export function splitToCents(rows: readonly (string | null)[], total: string | null): (string | null)[] {
  const units = rows.map((r) => (r === null ? null : toUnits(r)));
  const given = units.filter((u): u is bigint => u !== null);
  if (total === null || given.length === 0 || given.reduce((s, u) => s + u, 0n) !== toUnits(total)) {
    return units.map((u) => (u === null ? null : formatCents(centsOfUnits(u))));
  }
  const cents = apportionCents(given.map(exactUnits), centsOfUnits(toUnits(total)));
  let next = 0;
  return units.map((u) => (u === null ? null : formatCents(cents[next++])));
}
