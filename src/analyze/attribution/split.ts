/**
 * Shared-cost splitting: who receives a rule's pool and in which proportions. Shares are exact
 * rationals; rounding to cents happens once, later, over the finished rows.
 */
import { percentToMillionths, type SharedCostRule } from './config.ts';
import { scaleExact, type Exact } from './cents.ts';
import { UNTAGGED } from './spend.ts';
import { codePointOrder } from '../../lib/order.ts';
import { lcm } from '../../lib/bigint-math.ts';

/** The recipient of a pool nobody can receive (no attributed spend in the period). */
export const UNALLOCATED = '(unallocated)';

/** Recipients of a split and their integer weights (same order). */
export interface SplitWeights {
  recipients: string[];
  weights: bigint[];
}

/**
 * The recipients and weights of a rule in one period and one measure, from the attributed
 * (non-shared) spend per value in that same measure (BilledCost pools by billed spend, EffectiveCost
 * pools by effective spend):
 * - `proportional`: values with positive spend, weighted by it (even among the values present when
 *   none is positive);
 * - `even`: every value with attributed spend, equally;
 * - `fixed`: the configured values (resolved like tag values) by their percentages, whether or not they spent.
 * `(untagged)` takes part in proportional and even splits unless the rule sets includeUntagged: false.
 * With no recipient at all the pool stays visible as `(unallocated)`.
 */
export function ruleWeights(rule: SharedCostRule, directByValue: ReadonlyMap<string, Exact>, resolveValue: (raw: string) => string): SplitWeights {
  if (rule.split === 'fixed') {
    const merged = new Map<string, bigint>();
    for (const [raw, percent] of Object.entries(rule.percentages ?? {})) {
      const value = resolveValue(raw);
      merged.set(value, (merged.get(value) ?? 0n) + percentToMillionths(percent));
    }
    return nonZero([...merged.keys()].sort(codePointOrder), (v) => merged.get(v)!);
  }
  const present = [...directByValue.keys()].filter((v) => rule.includeUntagged || v !== UNTAGGED).sort(codePointOrder);
  if (rule.split === 'proportional') {
    const positive = present.filter((v) => directByValue.get(v)!.num > 0n);
    if (positive.length > 0) return proportionalWeights(positive, directByValue);
  }
  return nonZero(present, () => 1n);
}

/** Weights proportional to positive amounts (integers of store units, or scaled to a common denominator). */
export function proportionalWeights(recipients: string[], amounts: ReadonlyMap<string, Exact>): SplitWeights {
  const common = recipients.reduce((d, r) => lcm(d, amounts.get(r)!.den), 1n);
  return { recipients, weights: recipients.map((r) => (amounts.get(r)!.num * common) / amounts.get(r)!.den) };
}

function nonZero(recipients: string[], weight: (r: string) => bigint): SplitWeights {
  const kept = recipients.filter((r) => weight(r) > 0n);
  if (kept.length === 0) return { recipients: [UNALLOCATED], weights: [1n] };
  return { recipients: kept, weights: kept.map(weight) };
}

/** Splits an exact amount by weights: recipient i receives pool × wᵢ / Σw, exactly. */
export function splitExact(pool: Exact, split: SplitWeights): Exact[] {
  const total = split.weights.reduce((s, w) => s + w, 0n);
  return split.weights.map((w) => scaleExact(pool, w, total));
}
