/**
 * Rightsizing recommendations that take nothing off the bill: the move (and its alternative)
 * saves 0.00 a month in cash and frees no commitment, to the cent — the rule modernise applies
 * (saves-nothing.ts). Most often a commitment that does not follow the move (a reservation or an
 * EC2 Instance Savings Plan, on a move to another family) covered all of the instance's cost, so
 * moving before it is taken up or ends would cost more, not less. They are not findings: they leave
 * the list, its totals, the e-mails and the Optimisation page, and are counted apart with the reason.
 */
import { dollarsOfDecimal, fromUnits, roundDecimal, toUnits, unitsOfNumber, withoutTrailingZeros } from '../../lib/money.ts';
import { plural } from '../../lib/text.ts';
import { movesSaveNothing, splitSavingNothing } from '../saves-nothing.ts';
import { commitmentsLeftBehind, costLeftBehindUnits } from '../instance-commitments.ts';
import type { RightsizingRecommendation } from './types.ts';
import { rangeDays } from '../findings-window.ts';

/** A recommendation left out because its move saves nothing on the bill: what it would have done, and why it is left out. */
export interface RightsizingNothingToSave extends Pick<RightsizingRecommendation, 'rule' | 'service' | 'resourceId' | 'accountId' | 'region' | 'instanceType'
  | 'recommendedType' | 'move' | 'action' | 'explanation' | 'windowCost' | 'monthlySavingBill' | 'monthlySavingCommitment' | 'listSavingPer730h'> {
  /** The alternative's type, also saving nothing; null when there was none. */
  alternativeType: string | null;
  /** Why it saves nothing: a commitment that does not follow the move covered its cost, the bill charged it $0.00, or it saves under half a cent a month. */
  cause: 'commitment-left-behind' | 'billed-zero' | 'under-half-cent';
  /**
   * Why its move saves nothing on the bill, in one clause, money in dollars and days in the house
   * style, without saying again that it saves nothing (the heading it sits under, or the note, says
   * it once): `billed $0.00 over 7 Nov – 6 Dec 2026 (free tier or another zero rate)`, `billed $0.004 over
   * 7 Nov – 6 Dec 2026, a saving under half a cent a month`, `a commitment that does not follow the
   * move to t3a.large or m6g.medium covered $41.59 of its $41.59 over 7 Nov – 6 Dec 2026; moved before
   * the commitment is taken up or ends, the 720 h it covered would run on-demand while it keeps
   * billing (t3a.large about $54.14 over the window)`.
   */
  reason: string;
}

/** Recommendations split into those that save something and those that save nothing on the bill. */
export interface RightsizingNothingToSaveSplit {
  kept: RightsizingRecommendation[];
  nothingToSave: RightsizingNothingToSave[];
}

/** True when the recommendation's move and its alternative save 0.00 a month in cash and free no commitment. */
function rightsizingSavesNothing(r: RightsizingRecommendation): boolean {
  const money = (m: Pick<RightsizingRecommendation, 'monthlySavingBill' | 'monthlySavingCommitment'>) => ({ cash: m.monthlySavingBill, commitment: m.monthlySavingCommitment });
  return movesSaveNothing(money(r), r.alternative ? [money(r.alternative)] : []);
}

/** The window cost a commitment that does not follow the recommendation's move covered (units), and its hours; none for terminate and Lambda. */
function leftBehind(r: RightsizingRecommendation): { units: bigint; hours: number } {
  const move = r.move;
  if (move !== 'resize' && move !== 'family') return { units: 0n, hours: 0 };
  // An instance's move: its commitments cover hours (a Lambda function's, GB-seconds, makes no move).
  return {
    units: costLeftBehindUnits(r.commitment, move),
    hours: commitmentsLeftBehind(r.commitment, move).reduce((sum, c) => sum + ('coveredHours' in c ? c.coveredHours : 0), 0),
  };
}

function leftOut(r: RightsizingRecommendation): RightsizingNothingToSave {
  const { units: left, hours } = leftBehind(r);
  const window = `over ${rangeDays(r.costWindow)}`;
  const moves = [r.recommendedType ?? 'terminate', ...(r.alternative ? [r.alternative.instanceType] : [])].join(' or ');
  const cause: RightsizingNothingToSave['cause'] = left > 0n ? 'commitment-left-behind' : toUnits(r.windowCost) === 0n ? 'billed-zero' : 'under-half-cent';
  const reason = cause === 'commitment-left-behind'
    ? `a commitment that does not follow the move to ${moves} covered ${dollarsOfDecimal(fromUnits(left, 2))} of its ${dollarsOfDecimal(roundDecimal(r.windowCost, 2))} ${window};`
      + ` moved before the commitment is taken up or ends, the ${hours} h it covered would run on-demand while it keeps billing`
      + (r.recommendedHourlyPrice === null || r.recommendedHourlyPrice === undefined ? ''
        : ` (${r.recommendedType} about ${dollarsOfDecimal(fromUnits(unitsOfNumber(r.recommendedHourlyPrice * hours), 2))} over the window)`)
    : cause === 'billed-zero'
      ? `billed $0.00 ${window} (free tier or another zero rate)`
      : `billed ${dollarsOfDecimal(withoutTrailingZeros(r.windowCost, 2))} ${window}, a saving under half a cent a month`;
  return {
    rule: r.rule, service: r.service, resourceId: r.resourceId, accountId: r.accountId, region: r.region, instanceType: r.instanceType,
    recommendedType: r.recommendedType, move: r.move, action: r.action, explanation: r.explanation, windowCost: r.windowCost, monthlySavingBill: r.monthlySavingBill,
    monthlySavingCommitment: r.monthlySavingCommitment, listSavingPer730h: r.listSavingPer730h, alternativeType: r.alternative?.instanceType ?? null, cause, reason,
  };
}

/** Splits `recommendations` (kept in their order) into those whose move saves something on the bill and those that save nothing. */
export function splitRightsizingNothingToSave(recommendations: readonly RightsizingRecommendation[]): RightsizingNothingToSaveSplit {
  return splitSavingNothing(recommendations, rightsizingSavesNothing, leftOut);
}

const WHY: Record<RightsizingNothingToSave['cause'], string> = {
  'commitment-left-behind': 'covered by a commitment that does not follow the move',
  'billed-zero': 'billed $0.00 (free tier or another zero rate)',
  'under-half-cent': 'saving under half a cent a month',
};

/**
 * The left-out recommendations counted by why, in one clause (as modernise's nothingToSaveSummary): `1 recommendation
 * covered by a commitment that does not follow the move left out: the move saves nothing on the bill`; empty when there are none.
 */
export function rightsizingNothingToSaveSummary(items: readonly RightsizingNothingToSave[]): string {
  if (items.length === 0) return '';
  const counts = new Map<string, number>();
  for (const r of items) counts.set(WHY[r.cause], (counts.get(WHY[r.cause]) ?? 0) + 1);
  return `${[...counts].map(([why, n]) => `${plural(n, 'recommendation')} ${why}`).join(', ')} left out: the move saves nothing on the bill`;
}

/**
 * The left-out recommendations, one line each with the reason (with `detail`, its evidence under it), under a heading that says once that
 * the move saves nothing on the bill; empty when there are none.
 */
export function rightsizingNothingToSaveLines(items: readonly RightsizingNothingToSave[], detail = false): string[] {
  if (items.length === 0) return [];
  return ['', `${plural(items.length, 'recommendation')} left out (not in the figures above): the move saves nothing on the bill`,
    ...items.flatMap((r) => [`  ${r.resourceId} ${r.rule}: ${r.instanceType} → ${r.recommendedType ?? 'terminate'}${r.alternativeType ? ` (or ${r.alternativeType})` : ''}`
      + `${r.region ? ` in ${r.region}` : ''}: ${r.reason}`, ...(detail ? [`    evidence: ${r.explanation}`] : [])])];
}
