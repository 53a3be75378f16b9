/**
 * The order controlled rounding chooses by, as one cost per arc: a rounding network's preferences
 * (level by level), then nearness to the exact flow, then the earlier arc. A path search over these
 * costs (src/lib/controlled-rounding-flow.ts) finds the rounding that is least in that order.
 */
import type { RoundingArc } from './controlled-rounding-network.ts';

/** Steps of the nearness cost: a remainder is compared to 2⁻⁶⁴ of a step. */
const NEAR_BITS = 64n;

/**
 * The cost of taking an arc's ceiling rather than its floor (`lo`: each arc's floor), one bigint
 * ordered lexicographically: each preference level (+1 when it prefers the floor, −1 the ceiling),
 * then nearness (1 − 2 × remainder, to 2⁻⁶⁴), then the arc's index (earlier arcs are cheaper to
 * round up). The weight of each part exceeds whatever all lower parts can add up to over every arc.
 */
export function upCosts(arcs: readonly RoundingArc[], lo: bigint[]): bigint[] {
  const count = BigInt(arcs.length);
  const levels = [...new Set(arcs.flatMap((a) => (a.prefer ? [a.prefer.level] : [])))].sort((a, b) => b - a);
  let bound = count * count;
  const nearWeight = bound + 1n;
  bound += count * (2n << NEAR_BITS) * nearWeight;
  const levelWeight = new Map<number, bigint>();
  for (const level of levels) {
    const weight = bound + 1n;
    levelWeight.set(level, weight);
    bound += count * weight;
  }
  return arcs.map((a, i) => {
    const remainder = a.exact.num - lo[i] * a.exact.den;
    const scaled = (remainder << NEAR_BITS) / a.exact.den;
    const near = (1n << NEAR_BITS) - 2n * scaled;
    const preference = a.prefer ? (a.prefer.value === lo[i] ? 1n : -1n) * levelWeight.get(a.prefer.level)! : 0n;
    return preference + near * nearWeight + BigInt(i);
  });
}
