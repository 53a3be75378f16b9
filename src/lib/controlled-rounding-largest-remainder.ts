/**
 * Largest-remainder apportionment, the one rounding in one direction: exact amounts in whole
 * steps that add up to a given total. Controlled rounding prefers its totals, and every table
 * that splits one total (src/analyze/attribution/cents.ts, apportion) rounds by it.
 */
import { CostlensError } from '../errors.ts';
import { floorRatio, type Ratio } from './controlled-rounding-ratio.ts';
import { descending } from './order.ts';

/**
 * Largest-remainder apportionment: whole steps, each the floor of its amount or one more, that sum
 * to exactly `target`. The extra steps go to the largest remainders; equal remainders go to the
 * earlier amount, so callers decide ties by the order they pass. A target the floors cannot reach
 * that way (below their sum, or more than one step per amount above it) is an internal error.
 */
export function largestRemainder(amounts: readonly Ratio[], target: bigint): bigint[] {
  const parts = amounts.map((a, index) => {
    const floor = floorRatio(a);
    return { index, floor, remainder: a.num - floor * a.den, den: a.den };
  });
  const missing = target - parts.reduce((s, p) => s + p.floor, 0n);
  if (missing < 0n || missing > BigInt(parts.length)) {
    throw new CostlensError('internal', `apportion: cannot make ${amounts.length} amounts add up to ${target} (floors leave ${missing})`);
  }
  const order = [...parts].sort((x, y) => {
    const l = x.remainder * y.den;
    const r = y.remainder * x.den;
    return descending(l, r) || x.index - y.index;
  });
  const result = parts.map((p) => p.floor);
  for (let i = 0; i < Number(missing); i++) result[order[i].index] += 1n;
  return result;
}
