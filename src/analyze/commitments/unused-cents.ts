/**
 * Each commitment's unused cost as every surface writes it (`costlens commitments`' table, the
 * Commitments page's table, chart and chart description, the weekly e-mails): the largest-remainder
 * share of the period's unused commitment cost rounded once to the cent, so the commitments add up to
 * the headline as shown. On the demo, 1–30 Nov 2026: the Savings Plan's 187.8336 and the RI's
 * 41.5923287760 of 229.4259287760 are $187.84 and $41.59 ($229.43); each rounded alone, $187.83 and
 * $41.59 added up to $229.42.
 */
import { splitCents } from '../attribution/index.ts';
import { formatCents, unitsOrNull } from '../../lib/money.ts';

/** What {@link unusedCostCents} reads of a report (`commitmentsJson`). */
export interface UnusedCosts {
  /** The period's unused commitment cost, exact (decimal text), or null where the bill cannot say. */
  unusedCost: string | null;
  commitments: readonly { unusedCost: string | null }[];
}

/**
 * The commitments' unused costs in cents, in the order of `report.commitments`: the largest-remainder
 * share of `report.unusedCost`'s cents when they add up to it exactly, else each rounded on its own;
 * null where a commitment's is null.
 */
export function unusedCostCents(report: UnusedCosts): (bigint | null)[] {
  return splitCents(report.commitments.map((c) => unitsOrNull(c.unusedCost)), unitsOrNull(report.unusedCost));
}

/** {@link unusedCostCents} as cents text (`187.84`), as tables and chart rows carry money; null stays null. */
export function unusedCostCentsText(report: UnusedCosts): (string | null)[] {
  return unusedCostCents(report).map((c) => (c === null ? null : formatCents(c)));
}
