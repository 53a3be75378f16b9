/**
 * Explain's drivers where spend is compared day for day (the Overview's month to date, the weekly
 * report's week over week): usage only, over two equal spans of charge days, at the finest grain
 * service › usage type › resource › account, so that a service's or an account's top driver is
 * one usage type on one resource, with the part (volume, rate, new, gone, other) that moved most.
 */
import type { Engine } from '../../engine/engine.ts';
import type { AttributionConfig } from '../attribution/index.ts';
import { PARTS, type Dimension, type Driver, type DriverSet, type Part } from './drivers.ts';
import { explainChange, type ExplainCost, type Explanation } from './change.ts';

/** The grain of the day-for-day drivers. */
export const USAGE_DRIVER_DIMENSIONS: Dimension[] = ['service', 'usage_type', 'resource', 'account'];

/** Two equal spans of charge days, each `first`..`last` (both included). */
export interface DaySpans {
  old: { first: string; last: string };
  new: { first: string; last: string };
}

/**
 * Usage drivers of the change from `spans.old` to `spans.new` (the finest level: USAGE_DRIVER_DIMENSIONS),
 * each span without the lines of its `excludeSources` when given (the weekly report's weeks compared
 * without a delivery that has ended).
 */
export async function explainUsageChange(engine: Engine, spans: DaySpans, cost: ExplainCost, attribution: AttributionConfig,
  excludeSources?: { old: readonly string[]; new: readonly string[] }): Promise<{ explanation: Explanation; drivers: DriverSet }> {
  const explanation = await explainChange(engine, {
    from: `${spans.old.first}..${spans.old.last}`, to: `${spans.new.first}..${spans.new.last}`,
    dimensions: USAGE_DRIVER_DIMENSIONS, cost, chargeClass: 'usage', team: { attribution, tagKey: 'team' },
    ...(excludeSources ? { excludeSources } : {}),
  });
  return { explanation, drivers: explanation.levels.at(-1)! };
}

/** The part of a driver's change that is largest in size (ties: the order of PARTS). */
export function mainPart(driver: Driver): Part {
  let best: Part = PARTS[0];
  const size = (p: Part) => (driver.parts[p] < 0n ? -driver.parts[p] : driver.parts[p]);
  for (const p of PARTS) if (size(p) > size(best)) best = p;
  return best;
}

/** The largest drivers (by size of change) whose `dimension` is `value`, at most `n`, movers only. */
export function topDriversOf(set: DriverSet, dimension: Dimension, value: string, n = 1): Driver[] {
  return set.drivers.filter((d) => d.key[dimension] === value && d.change !== 0n).slice(0, n);
}

/** What a part means, in a few words (beside the figures on pages and in e-mails). */
export const PART_MEANINGS: Record<Part, string> = {
  volume: 'more or less usage at the old rate',
  rate: 'a different unit price for the usage',
  new: 'not billed in the earlier span',
  gone: 'not billed in the later span',
  other: 'a charge without a usage quantity',
};

/**
 * A resource as a reader names it: an ARN by its last part (`nat-00ab…`, `checkout-prod-order-events`),
 * a resource path (FOCUS data from Azure: `/subscriptions/…/disks/data-1`) by its last segment,
 * any other id as it is.
 */
export function shortResource(id: string): string {
  if (id.startsWith('arn:')) return id.split(/[:/]/).filter(Boolean).at(-1) ?? id;
  if (id.startsWith('/')) return id.split('/').filter(Boolean).at(-1) ?? id;
  return id;
}
