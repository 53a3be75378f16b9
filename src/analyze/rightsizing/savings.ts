/**
 * The money of one rightsizing move, as a bill would show it: the saving at the instance's own
 * effective rate over the cost window (never more than what it cost there), as a month of 730 hours
 * (HOURS_PER_MONTH, as idle's run-rate and modernise count a month) from the hours of the window's
 * days the store holds, split into cash and commitment it frees, and list-price savings per 730 h
 * and for the hours it actually ran.
 */
import { divideRounded, fromUnits, roundDecimal, toUnits, unitsOfNumber } from '../../lib/money.ts';
import { num } from '../evidence-number.ts';
import { listSavingOver, minDecimal, savingAtRatio, subtractDecimals } from '../findings-money.ts';
import { type CostWindowHeld } from '../findings-window.ts';
import { HOURS_PER_MONTH } from '../../lib/calendar.ts';
import {
  commitmentKind, commitmentName, costFreeingCommitmentUnits, costLeftBehindUnits, followsFamilyChange, followsMove, type CommitmentCoverage, type Coverage, type InstanceMove,
} from '../instance-commitments.ts';

/** What the bill says about a resource over the cost window, as a move's saving is priced from it (an instance's, or a Lambda function's in GB-seconds). */
export interface MoveBill {
  /** The usage's EffectiveCost over the window (exact decimal text). */
  windowCost: string;
  /** Instance hours in the window (SavingsPlanNegation lines not counted twice); 0 for a Lambda function (no list price by the hour). */
  hoursRun: number;
  coverage: Coverage | null;
  /** The days of the cost window the store's billing data holds: the window's figures are scaled to all of its days. */
  held: CostWindowHeld;
}

/** What the bill says about an instance over the cost window. */
export interface InstanceBill extends MoveBill {
  coverage: CommitmentCoverage | null;
}

/** The hours of the cost window's days the store's billing data holds (`held.days` × 24), which its sums count. */
function heldHours(held: CostWindowHeld): number {
  return held.days * 24;
}

/**
 * A figure of the cost window (units) as a month of 730 hours (HOURS_PER_MONTH): × 730 ÷ the hours
 * of the days the store's billing data holds (× 730/720 for all 30 days, × 730/384 for 16 of them),
 * exact to the unit (the store's grid); as it is when it holds none (there is nothing to scale).
 */
export function windowToMonth(units: bigint, held: CostWindowHeld): bigint {
  return held.days > 0 ? divideRounded(units * BigInt(HOURS_PER_MONTH), BigInt(heldHours(held))) : units;
}

/** The factor {@link windowToMonth} scales by, as text (`× 730/720`, `× 730/384`); '' when it scales by nothing. */
export function heldDaysFactor(held: CostWindowHeld): string {
  return held.days > 0 ? `× ${HOURS_PER_MONTH}/${heldHours(held)}` : '';
}

/** The savings of a move from one hourly price to another (0 for terminate). */
export interface MoveSavings {
  /** Cash off the bill a month, to the cent: the effective-rate saving over the window (scaled to a month of 730 h, {@link windowToMonth}) less what only frees commitment. */
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
 * saving windowCost × (1 − new / old) is capped at the window cost, both taken to a month of 730
 * hours from the hours of the days the store holds ({@link windowToMonth}); its covered part, when the
 * covering commitment had unused hours in the window, frees commitment rather than cash. The cost a
 * commitment that does not follow the move covered is left out of both: on a move to another family,
 * that of a reservation or EC2 Instance Savings Plan; on a resize, that of a reservation that is not
 * size-flexible (src/analyze/instance-commitments.ts, followsMove).
 */
export function moveSavings(bill: MoveBill, listRate: number | null, oldPrice: number, newPrice: number, move: InstanceMove): MoveSavings {
  // The hours a commitment that does not follow the move covered run on-demand on the new type while the commitment
  // keeps billing: they save nothing until other usage takes the commitment up or it ends.
  const left = costLeftBehindUnits(bill.coverage, move);
  const kept = fromUnits(windowToMonth(maxUnits(toUnits(bill.windowCost) - left, 0n), bill.held));
  const cap = roundDecimal(kept, 2);
  const effective = minDecimal(savingAtRatio(kept, oldPrice, newPrice), cap);
  const freeing = fromUnits(windowToMonth(costFreeingCommitmentUnits(bill.coverage, move), bill.held));
  const freed = minDecimal(savingAtRatio(freeing, oldPrice, newPrice), effective);
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

/** Where a move goes: the target's name and hourly price. */
export interface MoveTarget {
  type: string;
  price: number;
}

/**
 * The sentence a recommendation adds when a move in it changes family (`moves`) while a commitment
 * that does not follow it (a reservation, an EC2 Instance Savings Plan, a plan of unknown type)
 * covered the instance: why neither figure counts those hours, and what moving before the commitment
 * is taken up or ends would cost (the target's hourly price × those hours); '' otherwise.
 */
export function leftBehindSentence(coverage: CommitmentCoverage | null, family: string, moves: readonly MoveTarget[]): string {
  const staying = coverage?.sources.filter((c) => !followsFamilyChange(c)) ?? [];
  if (moves.length === 0 || staying.length === 0) return '';
  const hours = staying.reduce((s, c) => s + c.coveredHours, 0);
  const names = staying.map((c) => `${commitmentKind(c)}${commitmentKind(c) === 'Savings Plan' && c.offeringType ? ` (${c.offeringType})` : ''} ${commitmentName(c)}`);
  const unknown = staying.every((c) => c.type === 'Savings Plan' && c.offeringType === null);
  const targets = moves.map((m) => m.type).join(' or ');
  const applies = unknown
    ? `may not apply to ${targets} (the bill does not say whether it is a Compute Savings Plan, which would)`
    : `appl${staying.length > 1 ? 'y' : 'ies'} to the ${family} family only, not to ${targets}`;
  const costs = moves.map((m) => `${m.type} about ${fromUnits(unitsOfNumber(m.price * hours), 2)}`).join(', ');
  return `. The ${names.join(' and ')} covering ${num(hours)} h of the window ${applies}: there those hours would run on-demand while the`
    + ` commitment keeps billing, so the saving of ${moves.length > 1 ? 'those moves' : 'that move'} leaves them out, in cash and in commitment.`
    + ` Moved before other ${family} usage takes the commitment up or it ends, they would cost on top (${costs} over the window)`;
}

/**
 * The sentence a recommendation adds when a move in it is a resize within the family (`moves`:
 * the recommendation's, the alternative's, or both) while a reservation that is not size-flexible
 * covered the instance: it applies to the current type only, so those resizes leave its hours out
 * of both figures; and what resizing before other usage of the type takes the reservation up or it
 * ends would cost; '' otherwise.
 */
export function sizeLockedSentence(coverage: CommitmentCoverage | null, current: string, moves: readonly MoveTarget[]): string {
  const locked = coverage?.sources.filter((c) => !followsMove(c, 'resize')) ?? [];
  if (moves.length === 0 || locked.length === 0) return '';
  const hours = locked.reduce((s, c) => s + c.coveredHours, 0);
  const they = locked.length > 1;
  const names = locked.map((c) => `${commitmentKind(c)} ${commitmentName(c)} (${c.sizeLock})`);
  const targets = moves.map((m) => m.type).join(' or ');
  const costs = moves.map((m) => `${m.type} about ${fromUnits(unitsOfNumber(m.price * hours), 2)}`).join(', ');
  return `. The ${names.join(' and ')} covering ${num(hours)} h of the window ${they ? 'are' : 'is'} not size-flexible:`
    + ` ${they ? 'they apply' : 'it applies'} to ${current} only, not to ${targets}, so on ${targets} those hours would`
    + ` run on-demand while ${they ? 'they keep' : 'it keeps'} billing, and the saving${moves.length > 1 ? 's leave' : ' leaves'} them out, in cash and in commitment.`
    + ` Resized before other ${current} usage takes ${they ? 'them' : 'it'} up or ${they ? 'they end' : 'it ends'}, they would cost on top`
    + ` (${costs} over the window)`;
}

/**
 * The coverage as a recommendation shows it: when a commitment that covered the instance does not
 * follow its `move` to `target` (null: no move), the note says
 * that what it says holds for the types the commitment applies to and points to the explanation.
 */
export function coverageForMove(coverage: CommitmentCoverage | null, target: string | null, move: InstanceMove): CommitmentCoverage | null {
  if (!coverage || target === null || coverage.sources.every((c) => followsMove(c, move))) return coverage;
  const within = move === 'family' ? 'within the family' : 'for the current type';
  const why = move === 'family' ? '' : ' (it is not size-flexible)';
  return { ...coverage, note: `${coverage.note} (${within}; a commitment here does not apply to ${target}${why}, so that move leaves its hours out: see the explanation)` };
}
