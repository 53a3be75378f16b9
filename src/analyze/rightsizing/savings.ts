/**
 * The money of one rightsizing move, as a bill would show it: the saving at the instance's own
 * effective rate over the cost window (never more than what it cost there), split into cash and
 * commitment it frees, and list-price savings per 730 h and for the hours it actually ran.
 */
import { fromUnits, roundDecimal, toUnits } from '../../lib/money.ts';
import { listSavingOver, minDecimal, savingAtRatio, subtractDecimals } from '../findings-money.ts';
import { HOURS_PER_MONTH } from '../findings-window.ts';
import { costFreeingCommitment, type CommitmentCoverage } from '../instance-commitments.ts';

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
 * covering commitment had unused hours in the window, frees commitment rather than cash.
 */
export function moveSavings(bill: InstanceBill, listRate: number | null, oldPrice: number, newPrice: number): MoveSavings {
  const cap = roundDecimal(bill.windowCost, 2);
  const effective = minDecimal(savingAtRatio(bill.windowCost, oldPrice, newPrice), cap);
  const freed = minDecimal(savingAtRatio(costFreeingCommitment(bill.coverage), oldPrice, newPrice), effective);
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
