/**
 * The commitment side of a modernisation move. Every EC2 move of `costlens modernise` changes the
 * instance family (m5 → m6g, m4 → m6i, c5 → c6a), so what a Reserved Instance or Savings Plan that
 * covered the instance on the day (the day whose rate prices the saving) does after the move
 * depends on the commitment:
 * - a Compute Savings Plan applies to any family: the instance keeps its discount on the new type.
 *   When the plan's commitment was not all used that day, the covered part of the saving frees
 *   commitment, not cash (the bill falls only when other usage takes it up or the plan ends); when
 *   it was, the commitment the instance stops using covers other usage: cash.
 * - a Reserved Instance or an EC2 Instance Savings Plan applies to its own family only: the new
 *   type runs on-demand, and the commitment keeps billing. The move saves on those hours only once
 *   other usage of the family takes up the commitment (regional reservations move to it by
 *   themselves) or the commitment ends, and then at list prices: (old − new list price) × those
 *   hours (`monthlySavingDeferred`). Moved before, with nothing to take the hours up, the new type
 *   costs its on-demand price on top. A Savings Plan whose offering type the bill does not give is
 *   counted the same way.
 * The saving at the instance's own rate is split by the day's EffectiveCost the commitments covered
 * (cash and freed commitment, each rounded once, adding up to the saving on the hours they keep).
 */
import { divideRounded, fromUnits, toUnits, unitsOfNumber, UNITS_PER_CENT } from '../../lib/money.ts';
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { commitmentKind, commitmentName, coverageOf, followsFamilyChange, readCommitments, type CommitmentSource } from '../instance-commitments.ts';
import { num } from '../evidence-number.ts';
import type {
  CommitmentEffect, ModerniseAlternative, ModerniseCommitment, ModerniseCommitmentSource, ModerniseFinding, RuleAlternative, RuleFinding,
} from './findings.ts';
import { pluralNoun } from '../../lib/text.ts';
import { HOURS_PER_MONTH } from '../../lib/calendar.ts';

/** A row of queries/modernise/instance_commitments.sql. */
type Row = QueryRowTypes['modernise/instance_commitments'];

/** What a commitment does on a move to another family. */
function effectOf(source: CommitmentSource): CommitmentEffect {
  if (followsFamilyChange(source)) {
    return source.id === null || source.unusedInWindow > 0n ? 'frees-commitment' : 'cash';
  }
  return 'deferred';
}

/**
 * The commitments that covered each instance on the day (`rows`: the query run over that one day,
 * so each commitment's unused cost is that day's), with offering, end and effect; null for an
 * instance no commitment covered that day.
 */
export function readModerniseCommitments(rows: readonly Row[], day: string): (resourceId: string, dayHours: number) => ModerniseCommitment | null {
  const extra = new Map(rows.map((r) => [`${r.resource_id}\u0000${r.commitment_id}`, r]));
  const sourcesOf = readCommitments(rows);
  return (resourceId, dayHours) => {
    const sources = sourcesOf(resourceId).sources.map((s): ModerniseCommitmentSource => {
      const row = extra.get(`${resourceId}\u0000${s.id}`)!;
      return { ...s, offeringClass: row.offering_class, ends: row.commitment_end?.slice(0, 10) ?? null, effect: effectOf(s) };
    });
    const coverage = coverageOf(sources, dayHours);
    return coverage && { ...coverage, day, sources, freesCommitment: sources.some((s) => s.effect === 'frees-commitment') };
  };
}

/** `amount × part ÷ whole`, rounded once to the cent (units); 0 when the whole is not positive. */
function shareOf(amount: bigint, part: bigint, whole: bigint): bigint {
  return whole > 0n ? divideRounded(amount * part, whole * UNITS_PER_CENT) * UNITS_PER_CENT : 0n;
}

/** What the commitments covered on the day: cost by effect, and the hours of those that wait. */
interface Covered { freedCost: bigint; waitingCost: bigint; waitingHours: number }

/**
 * A saving split: cash and freed commitment out of the saving at the own rate on the hours no
 * waiting commitment covered (by the day's cost), and the list-price saving of the waiting hours.
 */
function splitSaving(saving: string | null, listSaving: string | null, covered: Covered, dayCost: bigint, dayHours: number) {
  if (saving === null) return { cash: null, commitment: null, deferred: null };
  const total = toUnits(saving);
  if (total <= 0n || dayCost <= 0n) return { cash: fromUnits(total, 2), commitment: '0.00', deferred: '0.00' };
  const within = (units: bigint, limit: bigint) => (units < 0n ? 0n : units > limit ? limit : units);
  const keptCost = dayCost - within(covered.waitingCost, dayCost);
  const kept = shareOf(total, keptCost, dayCost);
  const commitment = shareOf(total, within(covered.freedCost, keptCost), dayCost);
  const hours = Math.min(covered.waitingHours, dayHours);
  const deferred = listSaving === null || hours <= 0 ? 0n : shareOf(toUnits(listSaving), unitsOfNumber(hours), unitsOfNumber(dayHours));
  return { cash: fromUnits(kept - commitment, 2), commitment: fromUnits(commitment, 2), deferred: fromUnits(deferred, 2) };
}

/** A group of commitments named with the hours each covered: `the Reserved Instances arn…1 (standard, 6 h), arn…2 (convertible, 3 h)`. */
function named(sources: readonly ModerniseCommitmentSource[]): string {
  const types = new Set(sources.map(commitmentKind));
  const kind = types.size === 1 ? [...types][0] : 'commitment';
  const list = sources.map((s) => {
    const offering = s.type === 'Reserved Instance' ? s.offeringClass : commitmentKind(s) === 'Savings Plan' ? s.offeringType : null;
    const detail = [types.size > 1 ? commitmentKind(s) : null, offering, `${num(s.coveredHours)} h`];
    return `${commitmentName(s)} (${detail.filter(Boolean).join(', ')})`;
  });
  return `the ${pluralNoun(sources.length, kind)} ${list.join(', ')}`;
}

/** Why each group of commitments makes what it makes of its share of the saving. */
function commitmentNote(commitment: ModerniseCommitment, finding: RuleFinding, split: ReturnType<typeof splitSaving>, dayHours: number): string {
  const target = finding.target ?? 'the target';
  const of = (effect: CommitmentEffect) => commitment.sources.filter((s) => s.effect === effect);
  const parts: string[] = [];
  const freeing = of('frees-commitment');
  if (freeing.length) {
    parts.push(`${named(freeing)} appl${freeing.length > 1 ? 'y' : 'ies'} to ${target} too but`
      + ` ${freeing.some((s) => s.id === null) ? 'may have' : 'had'} commitment unused that day, so ${freeing.length > 1 ? 'their' : 'its'} share of the saving`
      + ` (${split.commitment}) frees commitment, not cash: the bill falls only when other usage takes it up or the plan ends`);
  }
  const used = of('cash');
  if (used.length) {
    parts.push(`${named(used)} used all ${used.length > 1 ? 'their' : 'its'} commitment that day:`
      + ' what the instance stops using covers other usage, so that share of the saving is cash');
  }
  const waiting = of('deferred');
  if (waiting.length) {
    const family = finding.current.split('.')[0];
    const unknown = waiting.filter((c) => c.type === 'Savings Plan' && c.offeringType === null).length;
    const applies = unknown === waiting.length
      ? `may not apply to ${target} (the bill does not say whether ${waiting.length > 1 ? 'they are' : 'it is a'} ${pluralNoun(waiting.length, 'Compute Savings Plan')})`
      : unknown > 0 ? `do not all apply to ${target}` : `appl${waiting.length > 1 ? 'y' : 'ies'} to the ${family} family only, not to ${target}`;
    const rate = Number(finding.evidence.targetCatalogueRatePerHour ?? NaN);
    const share = dayHours > 0 ? Math.min(waiting.reduce((s, c) => s + c.coveredHours, 0) / dayHours, 1) : 0;
    const early = Number.isFinite(rate) ? ` (about ${fromUnits(unitsOfNumber(rate * HOURS_PER_MONTH * share), 2)} a month)` : '';
    const ends = [...new Set(waiting.map((c) => c.ends ?? 'the bill does not say when'))].join(', ');
    const they = waiting.length > 1;
    parts.push(`${named(waiting)} ${applies}: on ${target} those hours run on-demand while ${they ? 'they keep' : 'it keeps'} billing, so they save`
      + ` ${split.deferred} a month (at list prices) only once other ${family} usage takes up ${they ? 'their' : 'its'} hours`
      + ` (a regional reservation moves to such usage by itself) or ${they ? 'they end' : 'it ends'} (${ends});`
      + ` moved before then with nothing to take them up, ${target} costs its on-demand price for them on top${early}`);
  }
  return `on ${commitment.day} ${parts.join('; ')}`;
}

/**
 * A rule's finding with its saving split into cash (`monthlySaving`), the commitment it frees
 * (`monthlySavingCommitment`) and the list-price saving of the hours a commitment that does not
 * follow the move covered (`monthlySavingDeferred`), by the day's coverage (`commitment`, null when
 * none covered the resource that day; `dayCost` and `dayHours` the day's instance-hour cost and
 * hours). Alternatives are split the same way; the note ends the explanation.
 */
export function settleCommitment(finding: RuleFinding, commitment: ModerniseCommitment | null, dayCost: bigint, dayHours: number): ModerniseFinding {
  const covered: Covered = { freedCost: 0n, waitingCost: 0n, waitingHours: 0 };
  for (const s of commitment?.sources ?? []) {
    if (s.effect === 'frees-commitment') covered.freedCost += s.coveredCost;
    if (s.effect === 'deferred') {
      covered.waitingCost += s.coveredCost;
      covered.waitingHours += s.coveredHours;
    }
  }
  const main = splitSaving(finding.monthlySaving, finding.listMonthlySaving, covered, dayCost, dayHours);
  const alternative = (a: RuleAlternative): ModerniseAlternative => {
    const split = splitSaving(a.monthlySaving, a.listMonthlySaving, covered, dayCost, dayHours);
    return { ...a, monthlySaving: split.cash, monthlySavingCommitment: split.commitment, monthlySavingDeferred: split.deferred };
  };
  const note = commitment ? commitmentNote(commitment, finding, main, dayHours) : null;
  return {
    ...finding,
    monthlySaving: main.cash,
    monthlySavingCommitment: main.commitment,
    monthlySavingDeferred: main.deferred,
    commitment: commitment && note ? { ...commitment, note } : null,
    explanation: note ? `${finding.explanation}; ${note}` : finding.explanation,
    alternatives: finding.alternatives.map(alternative),
  };
}
