/**
 * The commitment side of a modernisation move. Every EC2 move of `costlens modernise` changes the
 * instance family (m5 → m6g, m4 → m6i, c5 → c6a), so what a Reserved Instance or Savings Plan that
 * covered the instance on the day does after the move depends on the commitment:
 * - a Compute Savings Plan applies to any family: the instance keeps its discount on the new type.
 *   When the plan had unused hours in the cost window, the covered part of the saving frees
 *   commitment, not cash (the bill falls only when other usage takes it up or the plan ends);
 *   when it was used in full, the hours it stops covering here cover other usage: cash.
 * - a Reserved Instance or an EC2 Instance Savings Plan applies to its own family only: the covered
 *   part of the saving waits until the commitment ends (or a convertible reservation is exchanged);
 *   moved before then, the new type runs on-demand while the commitment keeps billing.
 * - a Savings Plan whose offering type the bill does not give is counted as waiting too.
 * The saving at the instance's own rate is split by the day's EffectiveCost those commitments
 * covered (the day whose rate the saving is priced at), each part rounded once, so cash +
 * commitment + deferred = the saving to the cent.
 */
import { divideRounded, fromUnits, toUnits, UNITS_PER_CENT } from '../../lib/money.ts';
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { coverageOf, readCommitments, type CommitmentSource } from '../instance-commitments.ts';
import { num } from '../evidence-number.ts';
import type {
  CommitmentEffect, ModerniseAlternative, ModerniseCommitment, ModerniseCommitmentSource, ModerniseFinding, RuleAlternative, RuleFinding,
} from './findings.ts';

/** A row of queries/modernise/instance_commitments.sql. */
type Row = QueryRowTypes['modernise/instance_commitments'];

/** Commitment rows of the day and of the cost window, read per instance. */
export interface InstanceCommitmentRows {
  day: readonly Row[];
  window: readonly Row[];
}

/** What a commitment does on a move to another family, and why. */
function effectOf(source: CommitmentSource & { offeringType: string | null }): CommitmentEffect {
  if (source.type === 'Savings Plan' && source.offeringType === 'ComputeSavingsPlans') {
    return source.id === null || toUnits(source.unusedInWindow) > 0n ? 'frees-commitment' : 'cash';
  }
  return 'deferred';
}

/**
 * The commitments that covered each instance on the day (`rows.day`, the query run over that one
 * day), each with the unused cost of its commitment over the cost window (`rows.window`), its
 * offering and end, and its effect; null for an instance no commitment covered that day.
 */
export function readModerniseCommitments(rows: InstanceCommitmentRows, day: string): (resourceId: string, dayHours: number) => ModerniseCommitment | null {
  const unused = new Map(rows.window.map((r) => [r.commitment_id, r.commitment_unused ?? 0n]));
  const extra = new Map(rows.day.map((r) => [`${r.resource_id}\u0000${r.commitment_id}`, r]));
  const sourcesOf = readCommitments(rows.day);
  return (resourceId, dayHours) => {
    const sources = sourcesOf(resourceId).sources.map((s): ModerniseCommitmentSource => {
      const row = extra.get(`${resourceId}\u0000${s.id}`)!;
      const withWindow = { ...s, unusedInWindow: fromUnits(s.id === null ? 0n : unused.get(s.id) ?? 0n), offeringType: row.offering_type };
      return { ...withWindow, offeringClass: row.offering_class, ends: row.commitment_end?.slice(0, 10) ?? null, effect: effectOf(withWindow) };
    });
    const coverage = coverageOf(sources, dayHours);
    return coverage && { ...coverage, day, sources, freesCommitment: sources.some((s) => s.effect === 'frees-commitment') };
  };
}

/** `saving × part ÷ whole`, rounded once to the cent (units). */
function shareOf(saving: bigint, part: bigint, whole: bigint): bigint {
  return divideRounded(saving * part, whole * UNITS_PER_CENT) * UNITS_PER_CENT;
}

/** A saving (to the cent) split by the day cost each effect covered. */
function splitSaving(saving: string | null, covered: Record<CommitmentEffect, bigint>, dayCost: bigint): { cash: string | null; commitment: string | null; deferred: string | null } {
  if (saving === null) return { cash: null, commitment: null, deferred: null };
  const total = toUnits(saving);
  if (total <= 0n || dayCost <= 0n) return { cash: fromUnits(total, 2), commitment: '0.00', deferred: '0.00' };
  const cap = (units: bigint) => (units < dayCost ? units : dayCost);
  const commitment = shareOf(total, cap(covered['frees-commitment']), dayCost);
  const deferred = shareOf(total, cap(covered['frees-commitment'] + covered.deferred), dayCost) - commitment;
  return { cash: fromUnits(total - commitment - deferred, 2), commitment: fromUnits(commitment, 2), deferred: fromUnits(deferred, 2) };
}

/** Why a commitment's share of the saving is what it is. */
function sourceSentence(s: ModerniseCommitmentSource, target: string, family: string): string {
  const name = `${s.type}${s.offeringType ? ` (${s.offeringType})` : s.offeringClass ? ` (${s.offeringClass})` : ''} ${s.id ?? `(no ARN in the bill; ${s.lineType ?? 'covered'} lines)`}`;
  const covered = `${name} covered ${num(s.coveredHours)} h that day`;
  if (s.effect === 'cash') return `${covered} and was used in full in the cost window: the hours it stops covering here cover other usage, so its share of the saving is cash`;
  if (s.effect === 'frees-commitment') {
    return `${covered} and applies to ${target} too; it had ${s.id === null ? 'an unknown amount' : fromUnits(toUnits(s.unusedInWindow), 2)} unused in the cost window,`
      + ' so its share of the saving frees commitment, not cash: the bill falls only when other usage takes up the freed commitment or the commitment ends';
  }
  const ends = s.ends ? ` ends on ${s.ends}` : ' ends (the bill does not say when)';
  if (s.type === 'Savings Plan' && s.offeringType !== 'EC2InstanceSavingsPlans' && s.offeringType !== null) {
    return `${covered}; a ${s.offeringType} plan does not apply to EC2 instances of ${target}, so its share of the saving waits until it${ends}`;
  }
  if (s.type === 'Savings Plan' && s.offeringType === null) {
    return `${covered}; the bill does not say whether it is a Compute Savings Plan (which would apply to ${target}), so its share of the saving is not counted as cash`;
  }
  return `${covered} and applies to the ${family} family only, not to ${target}: its share of the saving waits until it${ends}`
    + (s.offeringClass === 'convertible' ? ' or is exchanged for the new family (a convertible reservation)' : '')
    + `; moved before then, ${target} runs on-demand while the commitment keeps billing`;
}

/**
 * A rule's finding with its saving split into cash (`monthlySaving`), the commitment it frees
 * (`monthlySavingCommitment`) and what waits for a commitment's end (`monthlySavingDeferred`), by
 * the day cost `commitment` covered (null when none covered the resource that day). Alternatives
 * are split the same way; the commitment's sentence ends the explanation.
 */
export function settleCommitment(finding: RuleFinding, commitment: ModerniseCommitment | null, dayCost: bigint): ModerniseFinding {
  const covered: Record<CommitmentEffect, bigint> = { 'frees-commitment': 0n, cash: 0n, deferred: 0n };
  for (const s of commitment?.sources ?? []) covered[s.effect] += toUnits(s.coveredCost);
  const main = splitSaving(finding.monthlySaving, covered, dayCost);
  const alternative = (a: RuleAlternative): ModerniseAlternative => {
    const split = splitSaving(a.monthlySaving, covered, dayCost);
    return { ...a, monthlySaving: split.cash, monthlySavingCommitment: split.commitment, monthlySavingDeferred: split.deferred };
  };
  const family = finding.current.split('.')[0];
  const note = commitment && commitment.sources.map((s) => sourceSentence(s, finding.target ?? 'the target', family)).join('; ');
  return {
    ...finding,
    monthlySaving: main.cash,
    monthlySavingCommitment: main.commitment,
    monthlySavingDeferred: main.deferred,
    commitment: commitment && note ? { ...commitment, note } : null,
    explanation: note ? `${finding.explanation}; on ${commitment!.day} ${note}` : finding.explanation,
    alternatives: finding.alternatives.map(alternative),
  };
}
