/**
 * The look-back's eligible on-demand spend, hour by hour, exactly. A line of the bill is spread
 * evenly over its whole hours (a line of at most a day: 1 to 24 of them), so every hour's share is
 * held as an integer over one fixed denominator, HOUR_PARTS = lcm(1, …, 24): whatever mix of
 * line lengths the bill holds, the figures never grow past units × 5,354,228,880 and no share is
 * rounded.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { lcm } from '../../lib/bigint-math.ts';

/** The most hours a line spans: the query reads lines of at most a day. */
const MAX_LINE_HOURS = 24;

/** lcm(1, …, 24) = 5,354,228,880: a line of any whole number of hours up to a day splits into whole parts of it. */
export const HOUR_PARTS = Array.from({ length: MAX_LINE_HOURS }, (_, i) => BigInt(i + 1)).reduce(lcm, 1n);

const MS_PER_HOUR = 3_600_000;

/** A line of eligible on-demand spend: its cost (units) over `length` whole hours from hour `first` of the look-back. */
export interface SpendLine {
  first: number;
  length: number;
  cost: bigint;
}

/** Each hour's eligible on-demand spend over the look-back, in units × HOUR_PARTS. */
export type HourlySpend = bigint[];

/** Eligible on-demand spend per hour of [from, to) (query commitments/eligible_on_demand_hourly). */
export async function readHourlySpend(engine: Engine, from: Date, to: Date): Promise<HourlySpend> {
  const hours = Math.round((to.getTime() - from.getTime()) / MS_PER_HOUR);
  const rows = await runQuery(engine, 'commitments/eligible_on_demand_hourly', { charge_from: stamp(from), charge_to: stamp(to) });
  return spreadOverHours(rows.map((row) => {
    const start = String(row.charge_start);
    return {
      first: Math.floor((Date.parse(`${start.replace(' ', 'T')}Z`) - from.getTime()) / MS_PER_HOUR),
      length: wholeHours(row.hours ?? 0, start),
      cost: row.on_demand_cost ?? 0n,
    };
  }), hours);
}

/**
 * A line's length in whole hours: its seconds ÷ 3600 rounded, at least one (a line shorter than an
 * hour counts in the hour it starts in). Longer than a day is a RangeError naming the query.
 */
function wholeHours(hours: number, start: string): number {
  const length = Math.max(1, Math.round(hours));
  if (!Number.isFinite(hours) || length > MAX_LINE_HOURS) {
    throw new RangeError(`commitments/eligible_on_demand_hourly returned a line of ${hours} hours from ${start}; purchase advice spreads lines of at most ${MAX_LINE_HOURS} hours`);
  }
  return length;
}

/**
 * Spreads each line's cost evenly over its `length` hours from hour `first`, keeping the hours of
 * [0, hours): each hour gets cost × HOUR_PARTS ÷ length, an integer.
 */
export function spreadOverHours(lines: readonly SpendLine[], hours: number): HourlySpend {
  const spend: HourlySpend = new Array<bigint>(hours).fill(0n);
  for (const { first, length, cost } of lines) {
    if (!Number.isInteger(length) || length < 1 || length > MAX_LINE_HOURS) throw new RangeError(`a spend line of ${length} hours: 1 to ${MAX_LINE_HOURS} whole hours expected`);
    const share = cost * (HOUR_PARTS / BigInt(length));
    for (let h = Math.max(0, first); h < Math.min(hours, first + length); h++) spend[h] += share;
  }
  return spend;
}

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}
