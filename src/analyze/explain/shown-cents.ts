/**
 * The cents a comparison of two spans shows, so that every row reads as a sum a reader can check:
 * its old and new cost are each rounded once (half away from zero), its change is their
 * difference, and its parts split that change over the exact parts by largest remainder. The
 * total is rounded the same way. Rows rounded one by one need not add up to the total: a table of
 * the top drivers shows the rest as what the total leaves after them (explain/drivers.ts
 * `restAfter`), and one of every driver shows that remainder as its rounding line.
 */
import { exactUnits, floorDiv, roundToCents } from '../attribution/index.ts';
import { UNITS_PER_CENT } from '../../lib/money.ts';
import { descending } from '../../lib/order.ts';

/** The parts of a change, in the order output lists them (explain/drivers.ts re-exports them). */
export const PARTS = ['volume', 'rate', 'new', 'gone', 'other'] as const;
export type Part = (typeof PARTS)[number];
export type Parts = Record<Part, bigint>;

/** A row's figures in cents: oldCost + change = newCost, and the parts add up to the change. */
export type ShownCents = Parts & { change: bigint; oldCost: bigint; newCost: bigint };


/** A row's cents from its exact old and new cost and the exact parts of its change (units of 1e-10). */
export function shownCents(oldCost: bigint, newCost: bigint, parts: Parts): ShownCents {
  const old = roundToCents(exactUnits(oldCost));
  const now = roundToCents(exactUnits(newCost));
  return { ...splitRow(parts, now - old), change: now - old, oldCost: old, newCost: now };
}

/** One row's change in cents split over its exact parts by largest remainder; only parts that moved take cents. */
function splitRow(parts: Parts, change: bigint): Parts {
  const moved = PARTS.filter((p) => parts[p] !== 0n);
  const cents = apportionAny(moved.map((p) => parts[p]), change);
  const split = { volume: 0n, rate: 0n, new: 0n, gone: 0n, other: 0n };
  if (moved.length === 0) split.other = change;
  moved.forEach((p, i) => { split[p] = cents[i]; });
  return split;
}

/**
 * Largest remainder of exact amounts (units of 1e-10) to `targetCents`, for any target: cents
 * beyond one each, or below the floors, go round the amounts in remainder order. Amounts of zero
 * take no cent while another can.
 */
function apportionAny(amounts: readonly bigint[], targetCents: bigint): bigint[] {
  const result = amounts.map((a) => floorDiv(a, UNITS_PER_CENT));
  const candidates = amounts.map((_, i) => i).filter((i) => amounts[i] !== 0n);
  const pool = candidates.length ? candidates : amounts.map((_, i) => i);
  if (pool.length === 0) return result;
  const remainder = (i: number) => amounts[i] - result[i] * UNITS_PER_CENT;
  const order = [...pool].sort((a, b) => descending(remainder(a), remainder(b)) || a - b);
  let missing = targetCents - result.reduce((sum, c) => sum + c, 0n);
  for (let k = 0; missing > 0n; k = (k + 1) % order.length, missing -= 1n) result[order[k]] += 1n;
  for (let k = order.length - 1; missing < 0n; k = (k + order.length - 1) % order.length, missing += 1n) result[order[k]] -= 1n;
  return result;
}
