/**
 * The rule modernise and rightsizing share for a move that takes nothing off the bill: priced, it
 * saves 0.00 a month in cash, frees no commitment and (where the analysis prices it) saves nothing
 * once a commitment is taken up or ends, to the cent, nor does any alternative move. Such a move is
 * not a finding: it leaves the list and its totals and is counted apart with the reason
 * (modernise/nothing-to-save.ts, rightsizing/nothing-to-save.ts). An unpriced move (cash null)
 * is not among them: its saving is unknown, not zero.
 */
import { toUnits } from '../lib/money.ts';

/** True when a part of a saving (a string of cents; null when unpriced) is above zero. */
export function aboveZero(amount: string | null): amount is string {
  return amount !== null && toUnits(amount) > 0n;
}

/** A move's money as the rule reads it: cash, commitment freed and, where priced, the saving after commitments (null: unpriced). */
export interface MoveMoney {
  cash: string | null;
  commitment: string | null;
  afterCommitments?: string | null;
}

const savesSomething = (m: MoveMoney) => aboveZero(m.cash) || aboveZero(m.commitment) || aboveZero(m.afterCommitments ?? null);

/** True when the priced move `move` and every one of its `alternatives` save 0.00 a month in cash, in commitment and after commitments. */
export function movesSaveNothing(move: MoveMoney, alternatives: readonly MoveMoney[]): boolean {
  return move.cash !== null && !savesSomething(move) && !alternatives.some(savesSomething);
}

/** `items` split, each kept in its order: those that save something, and those `savesNothing` picks, turned by `leftOut` into what is counted apart. */
export function splitSavingNothing<T, L>(items: readonly T[], savesNothing: (item: T) => boolean, leftOut: (item: T) => L): { kept: T[]; nothingToSave: L[] } {
  const split: { kept: T[]; nothingToSave: L[] } = { kept: [], nothingToSave: [] };
  for (const item of items) {
    if (savesNothing(item)) split.nothingToSave.push(leftOut(item));
    else split.kept.push(item);
  }
  return split;
}
