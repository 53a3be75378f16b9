/**
 * What the effective savings rate's amortised cost counts, in the words `costlens commitments`' summary
 * and the Commitments page's card both write beside the rate (the weekly e-mail gives the rate alone).
 * The amortised cost is the eligible usage's EffectiveCost (covered usage at its commitment's amortised
 * rate) plus the unused commitment (summary.ts). When no commitment states its unused cost (the real
 * FOCUS 1.0 sample's Savings Plans, whose only lines are the usage they covered), none is counted, and
 * the words say so rather than "incl. unused commitment" beside "unused commitment cost not stated".
 */
import { plural } from '../../lib/text.ts';

/** What {@link amortisedCostWords} reads of a report (`commitmentsJson`): money as decimal strings, null where not stated. */
export interface AmortisedCostReport {
  amortisedCost: string;
  /** The unused commitment cost; null when some commitments and none of them states it. */
  unusedCost: string | null;
  commitments: readonly { unusedCost: string | null }[];
}

/**
 * `amortised cost incl. unused commitment $12,248.28`; when no commitment states its unused cost,
 * `amortised cost $16.00, the eligible usage's EffectiveCost alone: no unused commitment counted, as none is stated`;
 * when some do not, `amortised cost incl. unused commitment $X, not counting 1 commitment whose unused cost is not stated`.
 * `money` writes an amount (the command's `dollarsText`, the page's `money`).
 */
export function amortisedCostWords(report: AmortisedCostReport, money: (amount: string) => string): string {
  const amount = money(report.amortisedCost);
  if (report.unusedCost === null) return `amortised cost ${amount}, the eligible usage's EffectiveCost alone: no unused commitment counted, as none is stated`;
  const unstated = report.commitments.filter((c) => c.unusedCost === null).length;
  const notCounting = unstated === 0 ? '' : `, not counting ${plural(unstated, 'commitment')} whose unused cost is not stated`;
  return `amortised cost incl. unused commitment ${amount}${notCounting}`;
}
