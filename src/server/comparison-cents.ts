/**
 * The cents a comparison table shows, one rule for Explore's compare table and the Data transfer
 * page's table by type: each column's rows add up to its total as shown (the exact total rounded
 * once), and each row's change is the difference of its two shown figures, so the changes add up
 * to the total's too. Each column is the largest-remainder rounding of its total unless a row's
 * change would then be more than a cent's rounding from its exact change; then the two columns are
 * rounded as a whole (controlled rounding, src/lib/controlled-rounding.ts), so that every figure,
 * each change too, is its exact amount rounded down or up.
 */
import { apportionCents, exactFromDecimal, inCents } from '../analyze/attribution/index.ts';
import { roundComparison } from '../lib/controlled-rounding.ts';
import { centsOfUnits, toUnits } from '../lib/money.ts';

/**
 * A column's costs in cents that add up to its total's cents (largest remainder; ties to the
 * earlier row); each rounded on its own when the rows do not add up to the total exactly.
 */
export function shownCents(costs: readonly string[], total: string): bigint[] {
  const units = costs.map(toUnits);
  if (units.length === 0 || units.reduce((s, u) => s + u, 0n) !== toUnits(total)) return units.map(centsOfUnits);
  return apportionCents(costs.map(exactFromDecimal), centsOfUnits(toUnits(total)));
}

/**
 * Both columns of a comparison in cents: each column's {@link shownCents}, unless a row's change
 * (the difference of its two figures) is then not its exact change rounded down or up; then the
 * controlled rounding of the two columns and the change that keeps both totals' cents
 * (src/lib/controlled-rounding-comparison.ts). The columns as they are when there is none.
 */
export function shownComparison(nowCosts: readonly string[], nowTotal: string, thenCosts: readonly string[], thenTotal: string): { now: bigint[]; then: bigint[] } {
  const now = shownCents(nowCosts, nowTotal);
  const then = shownCents(thenCosts, thenTotal);
  const rows = nowCosts.map((cost, i) => ({ now: inCents(exactFromDecimal(cost)), then: inCents(exactFromDecimal(thenCosts[i])), shown: { now: now[i], then: then[i] } }));
  const both = roundComparison(rows, { now: centsOfUnits(toUnits(nowTotal)), then: centsOfUnits(toUnits(thenTotal)) });
  return both ? { now: both.map((r) => r.now), then: both.map((r) => r.then) } : { now, then };
}
