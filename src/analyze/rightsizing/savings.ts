/**
 * The money of one rightsizing move, as a bill would show it: the saving at the instance's own
 * effective rate over the cost window (never more than what it cost there), split into cash and
 * commitment it frees, and list-price savings per 730 h and for the hours it actually ran.
 */
import { fromUnits, roundDecimal, toUnits } from '../../lib/money.ts';
import { listSavingOver, minDecimal, savingAtRatio, subtractDecimals } from '../findings-money.ts';
import { HOURS_PER_MONTH } from '../findings-window.ts';
import { costFreeingCommitment, costLeftBehind, followsFamilyChange, type CommitmentCoverage } from '../instance-commitments.ts';

/** What the bill says about an instance over the cost window. */
export interface InstanceBill {
  /** Instance-hour EffectiveCost over the window (exact decimal text). */
  windowCost: string;
  /** Instance hours in the window (SavingsPlanNegation lines not counted twice). */
  hoursRun: number;
  coverage: CommitmentCoverage | null;
}

/** The savings of a move from one hourly price to another (0 for terminate). */
export interface MoveSavings {
  /** Cash off the bill over the window, to the cent: the effective-rate saving less what only frees commitment. */
  monthlySavingBill: string;
  /** The part of the effective-rate saving that frees commitment with unused hours instead of cash, to the cent. */
  monthlySavingCommitment: string;
  /** (old − new list price) × 730 h, to the cent; null when no list price is known. */
  listSavingPer730h: string | null;
  /** (old − new list price) × the hours it ran in the window, to the cent; null when no list price is known. */
  listSavingForHoursRun: string | null;
}

/**
 * Savings of moving from `oldPrice` to `newPrice` an hour (catalogue prices, whose ratio scales
 * the bill); `listRate` is the current hourly list price (null when unknown). The effective-rate
 * saving windowCost × (1 − new / old) is capped at the window cost; its covered part, when the
 * covering commitment had unused hours in the window, frees commitment rather than cash. On a move
 * to another family (`familyChange`), the cost a commitment that does not follow it covered is left
 * out of both (src/analyze/instance-commitments.ts, followsFamilyChange).
 */
export function moveSavings(bill: InstanceBill, listRate: number | null, oldPrice: number, newPrice: number, familyChange = false): MoveSavings {
  // On a move to another family, the hours a reservation or EC2 Instance Savings Plan covered run on-demand on the new type
  // while the commitment keeps billing: they save nothing until other usage takes the commitment up or it ends.
  const left = familyChange ? toUnits(costLeftBehind(bill.coverage)) : 0n;
  const kept = fromUnits(maxUnits(toUnits(bill.windowCost) - left, 0n));
  const cap = roundDecimal(kept, 2);
  const effective = minDecimal(savingAtRatio(kept, oldPrice, newPrice), cap);
  const freed = minDecimal(savingAtRatio(costFreeingCommitment(bill.coverage, familyChange), oldPrice, newPrice), effective);
  return {
    monthlySavingBill: roundDecimal(subtractDecimals(effective, freed), 2),
    monthlySavingCommitment: roundDecimal(freed, 2),
    listSavingPer730h: listRate === null ? null : listSavingOver(listRate, oldPrice, newPrice, HOURS_PER_MONTH),
    listSavingForHoursRun: listRate === null ? null : listSavingOver(listRate, oldPrice, newPrice, bill.hoursRun),
  };
}

/** Sums cent figures exactly, to the cent. */
export function sumCents(values: readonly string[]): string {
  return fromUnits(values.reduce((s, v) => s + toUnits(v), 0n), 2);
}

function maxUnits(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** An instance type's family: `m5` of `m5.large`, `db.r5` of `db.r5.xlarge`. */
export function familyOf(type: string): string {
  return type.split('.').slice(0, -1).join('.');
}

/** True when a move from `from` to `to` changes the instance family (terminate: no). */
export function changesFamily(from: string | null, to: string | null): boolean {
  return from !== null && to !== null && familyOf(from) !== familyOf(to);
}

/**
 * The sentence a recommendation adds when a move in it changes family while a commitment that does
 * not follow it (a reservation, an EC2 Instance Savings Plan) covered the instance; '' otherwise.
 */
export function leftBehindSentence(coverage: CommitmentCoverage | null, current: string, targets: readonly (string | null)[]): string {
  const moved = targets.filter((t): t is string => t !== null && changesFamily(current, t));
  const staying = coverage?.sources.filter((c) => !followsFamilyChange(c)) ?? [];
  if (moved.length === 0 || staying.length === 0) return '';
  const names = staying.map((c) => `${c.type === 'Savings Plan' ? `Savings Plan${c.offeringType ? ` (${c.offeringType})` : ''}` : c.type} ${c.id ?? '(no ARN in the bill)'}`);
  return ` The ${names.join(' and ')} covering it appl${staying.length > 1 ? 'y' : 'ies'} to the ${familyOf(current)} family only, not to ${moved.join(' or ')}:`
    + ` there its hours run on-demand while the commitment keeps billing, so the saving of that move leaves them out`
    + ` (they save once other ${familyOf(current)} usage takes the commitment up or it ends).`;
}
