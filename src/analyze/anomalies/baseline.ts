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
 * The characters a read's list of services (or of accounts) may take: on Athena each list is one
 * ExecutionParameters value, `ARRAY['…', '…']`, of at most 1,024 characters.
 */
const LIST_CHARACTERS = 900;

/**
 * Reads queries/anomalies/event_lines for all the windows at once (several reads only when their
 * services or accounts would make a list longer than LIST_CHARACTERS), over the span from the
 * first window's first day to the last one's end, and gives each window the rows of its own
 * service or account and days, in the order of `windows`: a service's rows on a day are the same
 * whatever else a read holds.
 */
export async function readDailyGrains(engine: Engine, query: GrainQuery): Promise<DailyGrains[]> {
  const result = query.windows.map((): DailyGrains => ({ days: new Map() }));
  for (const batch of batchesOfSeries(query.windows)) {
    const members = query.windows.flatMap((window, i) => (batch.has(seriesKey(window)) ? [{ window, daily: result[i] }] : []));
    const named = (dimension: AnomalyDimension) => [...new Set(members.filter((m) => m.window.dimension === dimension).map((m) => m.window.value))];
    const rows = await runQuery(engine, 'anomalies/event_lines', {
      services: listParam(named('service')), accounts: listParam(named('account')),
      from: members.map((m) => m.window.from).sort(codePointOrder)[0], to: members.map((m) => m.window.to).sort(codePointOrder).at(-1)!,
      cost: query.cost, charges: query.charges,
    });
    const bySeries = new Map<string, typeof members>();
    for (const m of members) bySeries.set(seriesKey(m.window), [...(bySeries.get(seriesKey(m.window)) ?? []), m]);
    for (const r of rows) {
      const grain: DayGrain = {
        key: JSON.stringify([r.charge_class, r.service, r.usage_type, r.resource_id, r.account_id, r.region, r.unit]),
        chargeClass: r.charge_class!, service: r.service!, usageType: r.usage_type!, resource: r.resource_id!, account: r.account_id!,
        accountName: r.account_name, region: r.region!, unit: r.unit ?? '',
        lines: r.lines ?? 0, cost: r.cost ?? 0n, quantity: r.quantity ?? 0n,
      };
      const holders = [...(bySeries.get(seriesKey({ dimension: 'service', value: grain.service })) ?? []), ...(bySeries.get(seriesKey({ dimension: 'account', value: grain.account })) ?? [])];
      for (const { window, daily } of holders) {
        if (r.day! < window.from || r.day! >= window.to) continue;
        const day = daily.days.get(r.day!) ?? { total: 0n, grains: [] };
        day.total += grain.cost;
        day.grains.push(grain);
        daily.days.set(r.day!, day);
      }
    }
  }
  return result;
}

const seriesKey = (w: Pick<GrainWindow, 'dimension' | 'value'>) => `${w.dimension}\u0000${w.value}`;

/**
 * The windows' services and accounts in reads whose lists stay within LIST_CHARACTERS each (an item
 * costs its quotes, comma and space). A single name longer than that still makes a read of its
 * own, which the Athena engine refuses, naming the parameter.
 */
function batchesOfSeries(windows: readonly GrainWindow[]): Set<string>[] {
  const series = [...new Map(windows.map((w) => [seriesKey(w), w])).values()].sort((a, b) => codePointOrder(seriesKey(a), seriesKey(b)));
  const batches: { keys: Set<string>; characters: Record<AnomalyDimension, number> }[] = [];
  for (const w of series) {
    const cost = w.value.replaceAll("'", "''").length + 4;
    let last = batches.at(-1);
    if (!last || last.characters[w.dimension] + cost > LIST_CHARACTERS) batches.push(last = { keys: new Set(), characters: { service: 0, account: 0 } });
    last.keys.add(seriesKey(w));
    last.characters[w.dimension] += cost;
  }
  return batches.map((b) => b.keys);
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
