/**
 * The expected baseline of an anomaly event, grain by grain. The rule (anomalies/stats.ts) expects
 * each judged day to cost the median of its trailing days, and a median is the spend of one of
 * those days (an odd window) or the mean of two of them (an even one, such as the default 28).
 * So the expected cost of an event day is the cost of its **median days**, and so is every grain's
 * (usage type, resource, region, …): the grains of the median days add up to the expected spend
 * exactly, and the explanation of an event (its days against their median days) adds up to its
 * impact (actual − expected) with nothing left unexplained.
 *
 * Money stays in store units (1e-10). A mean of two days can end in half a unit: the grains' halves
 * are apportioned by largest remainder so that they add up to the event's expected spend, which is
 * rounded once, half away from zero (the rule compares in floating point; the figures shown are exact).
 */
import type { Engine } from '../../engine/engine.ts';
import { listParam } from '../../engine/duckdb.ts';
import { runQuery } from '../../engine/query-types.ts';
import { addDays, dayRange } from '../../lib/calendar.ts';
import { divideRounded, UNITS_PER_DOLLAR, unitsOfNumber } from '../../lib/money.ts';
import { apportion, exactUnits } from '../attribution/index.ts';
import type { AnomalyDimension, CostMeasure } from './detect.ts';
import type { Grain } from '../explain/index.ts';
import { ascending, codePointOrder } from '../../lib/order.ts';

/** One grain's lines on one day: money and quantity in store units. */
interface DayGrain {
  key: string;
  chargeClass: string;
  service: string;
  usageType: string;
  resource: string;
  account: string;
  accountName: string | null;
  region: string;
  unit: string;
  lines: number;
  cost: bigint;
  quantity: bigint;
}

/** A service's (or account's) lines per day, at the grain events are explained by. */
export interface DailyGrains {
  /** Per day: the day's total (what the rule judged) and its grains. */
  days: Map<string, { total: bigint; grains: DayGrain[] }>;
}

/** One service's or account's days, [from, to). */
export interface GrainWindow {
  dimension: AnomalyDimension;
  value: string;
  /** First day and the day after the last. */
  from: string;
  to: string;
}

/** What {@link readDailyGrains} reads. */
export interface GrainQuery {
  windows: readonly GrainWindow[];
  cost: CostMeasure;
  charges: 'usage' | 'all';
}

/**
 * Reads queries/anomalies/event_lines once for all the windows (their services, accounts and days)
 * and gives each window its own grains, in the order of `windows`: a service's rows on a day are the
 * same whatever else the read holds.
 */
export async function readDailyGrains(engine: Engine, query: GrainQuery): Promise<DailyGrains[]> {
  const { windows } = query;
  if (windows.length === 0) return [];
  const named = (dimension: AnomalyDimension) => [...new Set(windows.filter((w) => w.dimension === dimension).map((w) => w.value))].sort(codePointOrder);
  const days = [...new Set(windows.flatMap((w) => dayRange(w.from, addDays(w.to, -1))))].sort(codePointOrder);
  const rows = await runQuery(engine, 'anomalies/event_lines', {
    services: listParam(named('service')), accounts: listParam(named('account')), charge_days: listParam(days),
    from: days[0], to: addDays(days.at(-1)!, 1), cost: query.cost, charges: query.charges,
  });
  const bySeries = new Map<string, { window: GrainWindow; daily: DailyGrains }[]>();
  const result = windows.map((window) => {
    const daily: DailyGrains = { days: new Map() };
    const key = `${window.dimension}\u0000${window.value}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), { window, daily }]);
    return daily;
  });
  for (const r of rows) {
    const grain: DayGrain = {
      key: JSON.stringify([r.charge_class, r.service, r.usage_type, r.resource_id, r.account_id, r.region, r.unit]),
      chargeClass: r.charge_class!, service: r.service!, usageType: r.usage_type!, resource: r.resource_id!, account: r.account_id!,
      accountName: r.account_name, region: r.region!, unit: r.unit ?? '',
      lines: r.lines ?? 0, cost: r.cost ?? 0n, quantity: r.quantity ?? 0n,
    };
    const holders = [...(bySeries.get(`service\u0000${grain.service}`) ?? []), ...(bySeries.get(`account\u0000${grain.account}`) ?? [])];
    for (const { window, daily } of holders) {
      if (r.day! < window.from || r.day! >= window.to) continue;
      const day = daily.days.get(r.day!) ?? { total: 0n, grains: [] };
      day.total += grain.cost;
      day.grains.push(grain);
      daily.days.set(r.day!, day);
    }
  }
  return result;
}

/** The days whose spend is the median of `day`'s trailing window: one day (odd window) or the two middle ones. */
export function medianDays(daily: DailyGrains, day: string, trailingDays: number): [string, string] {
  const window = dayRange(addDays(day, -trailingDays), addDays(day, -1)).map((d) => ({ day: d, total: daily.days.get(d)?.total ?? 0n }));
  // Equal totals are ordered by day, so the pick is stable; any of them gives the same expected spend.
  window.sort((a, b) => ascending(a.total, b.total) || ascending(a.day, b.day));
  const mid = window.length >> 1;
  return window.length % 2 === 1 ? [window[mid].day, window[mid].day] : [window[mid - 1].day, window[mid].day];
}

/** An event's days against their median days, grain by grain. */
export interface EventBaseline {
  /** Each event day with its median days (the same day twice for an odd window). */
  medianDays: { day: string; baseline: [string, string] }[];
  /** Spend of the event's days, in store units. */
  actual: bigint;
  /** Expected spend: the sum of the event days' medians (rounded once to the unit), in store units. */
  expected: bigint;
  /** explain's grains: old = the median days (halved), new = the event's days; they add up to actual − expected. */
  grains: Grain[];
}

interface Sums {
  grain: DayGrain;
  /** Twice the baseline (the two median days summed): exact, halved once at the end. */
  old2Cost: bigint;
  old2Quantity: bigint;
  oldLines: number;
  newCost: bigint;
  newQuantity: bigint;
  newLines: number;
}

/** Builds the baseline of the event days `days` (consecutive, all judged) from the daily grains. */
export function eventBaseline(daily: DailyGrains, days: readonly string[], trailingDays: number): EventBaseline {
  const sums = new Map<string, Sums>();
  const entry = (g: DayGrain): Sums => {
    const found = sums.get(g.key) ?? { grain: g, old2Cost: 0n, old2Quantity: 0n, oldLines: 0, newCost: 0n, newQuantity: 0n, newLines: 0 };
    sums.set(g.key, found);
    return found;
  };
  const picks: EventBaseline['medianDays'] = [];
  let actual = 0n;
  let expected2 = 0n;
  for (const day of days) {
    const baseline = medianDays(daily, day, trailingDays);
    picks.push({ day, baseline });
    for (const g of daily.days.get(day)?.grains ?? []) {
      const s = entry(g);
      s.newCost += g.cost;
      s.newQuantity += g.quantity;
      s.newLines += g.lines;
    }
    actual += daily.days.get(day)?.total ?? 0n;
    expected2 += baseline.reduce((sum, d) => sum + (daily.days.get(d)?.total ?? 0n), 0n);
    for (const d of baseline) {
      for (const g of daily.days.get(d)?.grains ?? []) {
        const s = entry(g);
        s.old2Cost += g.cost;
        s.old2Quantity += g.quantity;
        s.oldLines += g.lines;
      }
    }
  }
  const expected = divideRounded(expected2, 2n);
  const all = [...sums.values()].sort((a, b) => codePointOrder(a.grain.key, b.grain.key));
  const oldCosts = apportion(all.map((s) => ({ num: s.old2Cost, den: 2n })), expected, exactUnits(1n));
  const grains = all.map((s, i): Grain => ({
    chargeClass: s.grain.chargeClass, service: s.grain.service, usageType: s.grain.usageType, resource: s.grain.resource,
    account: s.grain.account, accountName: s.grain.accountName, region: s.grain.region, team: '(untagged)', unit: s.grain.unit,
    oldLines: s.oldLines, oldCost: oldCosts[i], oldQuantity: divideRounded(s.old2Quantity, 2n),
    newLines: s.newLines, newCost: s.newCost, newQuantity: s.newQuantity,
  }));
  return { medianDays: picks, actual, expected, grains };
}

/**
 * The noise floor of an event, in store units: max(minDollars, share × the value's average daily
 * spend over the `trailingDays` days before the event's start × the event's days).
 */
export function noiseFloorUnits(daily: DailyGrains, start: string, days: number, trailingDays: number, floor: { share: number; minDollars: number }): bigint {
  const window = dayRange(addDays(start, -trailingDays), addDays(start, -1)).reduce((sum, d) => sum + (daily.days.get(d)?.total ?? 0n), 0n);
  const scaled = divideRounded(window * unitsOfNumber(floor.share) * BigInt(days), BigInt(trailingDays) * UNITS_PER_DOLLAR);
  const minimum = unitsOfNumber(floor.minDollars);
  return scaled > minimum ? scaled : minimum;
}
