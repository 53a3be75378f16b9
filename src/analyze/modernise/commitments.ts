/**
 * The commitment side of a modernisation move. An EC2 instance that a Reserved Instance or Savings
 * Plan covered in the cost window saves at its own (effective) rate, but when that commitment had
 * unused hours in the window the covered part of the saving frees commitment rather than cash: the
 * bill falls only when other usage takes up the freed commitment or the commitment ends. The same
 * split as rightsizing's (src/analyze/rightsizing/savings.ts), on the modernisation run-rate.
 */
import { divideRounded, fromUnits, toUnits } from '../../lib/money.ts';
import { costFreeingCommitment, type CommitmentCoverage } from '../instance-commitments.ts';
import type { ModerniseAlternative, ModerniseFinding, RuleAlternative, RuleFinding } from './findings.ts';

/** A saving (to the cent) split into cash and commitment by `freed ÷ windowCost` (units), the commitment part rounded once. */
function splitSaving(saving: string | null, freed: bigint, windowCost: bigint): { cash: string | null; commitment: string | null } {
  if (saving === null) return { cash: null, commitment: null };
  const total = toUnits(saving);
  const part = freed > 0n && windowCost > 0n
    ? toUnits(fromUnits(divideRounded(total * (freed < windowCost ? freed : windowCost), windowCost), 2))
    : 0n;
  return { cash: fromUnits(total - part, 2), commitment: fromUnits(part, 2) };
}

/**
 * A rule's finding with its saving split: `monthlySaving` is the cash part, `monthlySavingCommitment`
 * the part that frees commitment, in proportion to the window cost covered by commitments with
 * unused hours (`coverage`, null when none covered the resource); the two add up to the rule's
 * saving to the cent. Alternatives are split the same way, and the coverage's note ends the explanation.
 */
export function settleCommitment(finding: RuleFinding, coverage: CommitmentCoverage | null): ModerniseFinding {
  const freed = toUnits(costFreeingCommitment(coverage));
  const windowCost = toUnits(finding.windowCost);
  const main = splitSaving(finding.monthlySaving, freed, windowCost);
  const alternative = (a: RuleAlternative): ModerniseAlternative => {
    const split = splitSaving(a.monthlySaving, freed, windowCost);
    return { ...a, monthlySaving: split.cash, monthlySavingCommitment: split.commitment };
  };
  return {
    ...finding,
    monthlySaving: main.cash,
    monthlySavingCommitment: main.commitment,
    commitment: coverage,
    explanation: coverage ? `${finding.explanation}; ${coverage.note}` : finding.explanation,
    alternatives: finding.alternatives.map(alternative),
  };
}
