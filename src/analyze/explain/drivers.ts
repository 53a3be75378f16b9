/**
 * Why cost moved between two spans, to the cent. Each grain (charge class, service, usage type,
 * resource, account, region, usage unit) splits its change into parts that add up to it exactly:
 * - `new`: the grain has no line in the old span (all of its new cost);
 * - `gone`: no line in the new span (minus all of its old cost);
 * - `volume`: the quantity change at the old rate, (Q₁ − Q₀) × C₀ / Q₀ (rounded to the store's 1e-10);
 * - `rate`: the rest of the change, C₁ − C₀ − volume, which is the rate change at the new
 *   quantity, (C₁/Q₁ − C₀/Q₀) × Q₁;
 * - `other`: the change of a grain present in both spans without a positive usage quantity in
 *   both (fees, tax, credits, RI fees: no quantity to split by).
 * A driver (one value of the chosen dimensions within a charge class) sums its grains' parts, so
 * a driver's volume is measured per resource and unit, never across units. In cents, every figure
 * shown reads as a sum a reader can check:
 * - the total's old and new cost are each rounded once, and its change is their difference, split
 *   into its five parts by largest remainder;
 * - a driver's old and new cost are each rounded once too, its change is their difference, and its
 *   parts are that change split over its exact parts by largest remainder;
 * - the rest after the top N drivers is what the total leaves after them, in every column,
 * so a row's old cost plus its change is its new cost, its parts add up to its change, and the top
 * rows with the rest add up to the total (the rounded rows of every driver need not: that is what
 * the rest takes up, a few cents at most).
 */
import { divideRounded } from '../../lib/money.ts';
import { codePointOrder, descending } from '../../lib/order.ts';
import { PARTS, shownCents, type Parts, type ShownCents } from './shown-cents.ts';
import { pluralNoun } from '../../lib/text.ts';

export { PARTS, type Part, type Parts, type ShownCents } from './shown-cents.ts';

/** Dimensions a driver can be named by (team: the team tag's normalised value, or `(untagged)`). */
export const DIMENSIONS = ['service', 'usage_type', 'resource', 'account', 'region', 'team'] as const;
export type Dimension = (typeof DIMENSIONS)[number];


/** One grain of the query explain/cost_drivers: money and quantities in units of 1e-10. */
export interface Grain {
  chargeClass: string;
  service: string;
  usageType: string;
  resource: string;
  account: string;
  accountName: string | null;
  region: string;
  team: string;
  unit: string;
  oldLines: number;
  oldCost: bigint;
  oldQuantity: bigint;
  newLines: number;
  newCost: bigint;
  newQuantity: bigint;
}

/** A row of explain/cost_drivers or budgets/scope_cost_drivers (the latter without tag_value), as the engine types it. */
export interface DriverRow {
  charge_class: string | null;
  service: string | null;
  usage_type: string | null;
  resource_id: string | null;
  account_id: string | null;
  account_name: string | null;
  region: string | null;
  tag_value?: string | null;
  unit: string | null;
  old_lines: number | null;
  old_cost: bigint | null;
  old_quantity: bigint | null;
  new_lines: number | null;
  new_cost: bigint | null;
  new_quantity: bigint | null;
}

/** Reads a row of explain/cost_drivers (or budgets/scope_cost_drivers) as a grain. */
export function grainOf(r: DriverRow): Grain {
  return {
    chargeClass: r.charge_class ?? 'usage', service: r.service ?? '(none)', usageType: r.usage_type ?? '(none)', resource: r.resource_id ?? '(none)',
    account: r.account_id ?? '(none)', accountName: r.account_name, region: r.region ?? '(none)', team: r.tag_value ?? '(untagged)', unit: r.unit ?? '',
    oldLines: r.old_lines ?? 0, oldCost: r.old_cost ?? 0n, oldQuantity: r.old_quantity ?? 0n,
    newLines: r.new_lines ?? 0, newCost: r.new_cost ?? 0n, newQuantity: r.new_quantity ?? 0n,
  };
}

const NO_PARTS: Parts = { volume: 0n, rate: 0n, new: 0n, gone: 0n, other: 0n };

/** Splits a grain's change into its parts (exact: they add up to newCost − oldCost). */
export function splitChange(g: Grain): Parts {
  const change = g.newCost - g.oldCost;
  if (g.oldLines === 0) return { ...NO_PARTS, new: g.newCost };
  if (g.newLines === 0) return { ...NO_PARTS, gone: -g.oldCost };
  if (g.oldQuantity > 0n && g.newQuantity > 0n) {
    const volume = divideRounded((g.newQuantity - g.oldQuantity) * g.oldCost, g.oldQuantity);
    return { ...NO_PARTS, volume, rate: change - volume };
  }
  return { ...NO_PARTS, other: change };
}

/** A driver: one value of the chosen dimensions within one charge class. */
export interface Driver {
  chargeClass: string;
  /** The driver's value of each chosen dimension. */
  key: Partial<Record<Dimension, string>>;
  accountName: string | null;
  oldCost: bigint;
  newCost: bigint;
  /** newCost − oldCost, in units of 1e-10 (exact). */
  change: bigint;
  /** The parts, in units of 1e-10; they add up to `change`. */
  parts: Parts;
  /** In cents (explain/shown-cents.ts): old and new each rounded once, oldCost + change = newCost, the parts add up to the change. */
  cents: ShownCents;
}


/** Every driver of a comparison, largest movement first, and the totals they add up to. */
export interface DriverSet {
  dimensions: Dimension[];
  drivers: Driver[];
  oldCost: bigint;
  newCost: bigint;
  change: bigint;
  parts: Parts;
  /** The total's old and new cost each rounded once to cents. */
  oldCents: bigint;
  newCents: bigint;
  /** newCents − oldCents: the change as shown. */
  changeCents: bigint;
  /** changeCents split into the parts by largest remainder. */
  partCents: Parts;
}

function grainValue(g: Grain, d: Dimension): string {
  switch (d) {
    case 'usage_type': return g.usageType;
    case 'resource': return g.resource;
    case 'account': return g.account;
    case 'region': return g.region;
    case 'team': return g.team;
    default: return g.service;
  }
}

/**
 * Groups grains into drivers by charge class and the given dimensions (none: one driver per
 * class), ranks them by the size of their change (ties by class and key) and rounds every part
 * to cents so that they add up to the total change's cents.
 */
export function driversBy(grains: readonly Grain[], dimensions: readonly Dimension[]): DriverSet {
  const byKey = new Map<string, Driver>();
  for (const g of grains) {
    const values = dimensions.map((d) => grainValue(g, d));
    const id = JSON.stringify([g.chargeClass, ...values]);
    const driver = byKey.get(id) ?? {
      chargeClass: g.chargeClass, key: Object.fromEntries(dimensions.map((d, i) => [d, values[i]])), accountName: null,
      oldCost: 0n, newCost: 0n, change: 0n, parts: { ...NO_PARTS }, cents: { ...NO_PARTS, change: 0n, oldCost: 0n, newCost: 0n },
    };
    const parts = splitChange(g);
    for (const p of PARTS) driver.parts[p] += parts[p];
    driver.oldCost += g.oldCost;
    driver.newCost += g.newCost;
    driver.change += g.newCost - g.oldCost;
    if (dimensions.includes('account')) driver.accountName ??= g.accountName;
    byKey.set(id, driver);
  }
  const order = (d: Driver) => JSON.stringify([d.chargeClass, ...dimensions.map((k) => d.key[k])]);
  const drivers = [...byKey.values()].sort((a, b) => descending(abs(a.change), abs(b.change)) || codePointOrder(order(a), order(b)));
  const oldCost = drivers.reduce((s, d) => s + d.oldCost, 0n);
  const newCost = drivers.reduce((s, d) => s + d.newCost, 0n);
  const parts = { ...NO_PARTS };
  for (const d of drivers) for (const p of PARTS) parts[p] += d.parts[p];
  for (const d of drivers) d.cents = shownCents(d.oldCost, d.newCost, d.parts);
  const total = shownCents(oldCost, newCost, parts);
  return {
    dimensions: [...dimensions], drivers, oldCost, newCost, change: newCost - oldCost, parts,
    oldCents: total.oldCost, newCents: total.newCost, changeCents: total.change,
    partCents: Object.fromEntries(PARTS.map((p) => [p, total[p]])) as Parts,
  };
}

/** What the drivers after the first `top` explain together. */
export interface Rest {
  drivers: number;
  change: bigint;
  /** In cents, what the total leaves after the top drivers, in every column (so the shown rows add up to the total). */
  cents: ShownCents;
}

/** What a table of drivers calls its rest line: `3 other drivers`, or, when every driver is listed, the cents their rounding one by one leaves. */
export function restLabel(rest: { drivers: number }): string {
  return rest.drivers === 0 ? 'rounding (drivers rounded one by one)' : `${rest.drivers} other ${pluralNoun(rest.drivers, 'driver')}`;
}

/** Sums the drivers after the first `top`; in cents, the total less the top drivers. */
export function restAfter(set: DriverSet, top: number): Rest {
  const shown = set.drivers.slice(0, top);
  const left = (total: bigint, pick: (c: ShownCents) => bigint) => shown.reduce((sum, d) => sum - pick(d.cents), total);
  const cents = {
    ...Object.fromEntries(PARTS.map((p) => [p, left(set.partCents[p], (c) => c[p])])) as Parts,
    change: left(set.changeCents, (c) => c.change), oldCost: left(set.oldCents, (c) => c.oldCost), newCost: left(set.newCents, (c) => c.newCost),
  };
  const rest = set.drivers.slice(top);
  return { drivers: rest.length, change: rest.reduce((sum, d) => sum + d.change, 0n), cents };
}

/** A movement as a share of the total change in tenths of a percent (half away from zero), or null when the total did not move. */
export function shareTenthsOfChange(change: bigint, total: bigint): bigint | null {
  return total === 0n ? null : divideRounded(change * 1000n, total);
}

/** A movement as a percentage of the total change (one decimal), or null when the total did not move. */
export function shareOfChange(change: bigint, total: bigint): number | null {
  const tenths = shareTenthsOfChange(change, total);
  return tenths === null ? null : Number(tenths) / 10;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}
