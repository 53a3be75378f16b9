/**
 * Cuts of a week total (by service, account, team, cost centre) in cents: each cut is the
 * largest-remainder rounding of the full split, so its rows add up to the rounded total to the
 * cent; movers are the rows of two weeks' cuts compared.
 */
import { apportionCents, UNALLOCATED, UNTAGGED } from '../analyze/attribution/index.ts';
import { compare, shareTenths } from './money.ts';
import type { CutRow } from './model.ts';
import { type Amounts, NO_AMOUNTS } from './spend.ts';
import { codePointOrder, descending } from '../lib/order.ts';

/** Cents of BilledCost and EffectiveCost, and the exact amounts they show (what a change in percent is worked out from: money.ts, compare). */
export interface Cents {
  billed: bigint;
  effective: bigint;
  exact: Amounts;
}

/** No spend: $0.00 of each, exactly. */
export const NO_CENTS: Cents = { billed: 0n, effective: 0n, exact: NO_AMOUNTS };

const SPECIAL = new Set([UNTAGGED, UNALLOCATED, '(none)', '(shared costs)']);

/**
 * Rounds a split to cents that add up to `total` (each measure on its own). Ties of the
 * remainders go to the value that sorts first in code-point order.
 */
export function roundCut(values: ReadonlyMap<string, Amounts>, total: Cents): Map<string, Cents> {
  const keys = [...values.keys()].sort(codePointOrder);
  if (keys.length === 0) return new Map();
  const billed = apportionCents(keys.map((k) => values.get(k)!.billed), total.billed);
  const effective = apportionCents(keys.map((k) => values.get(k)!.effective), total.effective);
  return new Map(keys.map((k, i) => [k, { billed: billed[i], effective: effective[i], exact: values.get(k)! }]));
}

/**
 * This week's cut against last week's: one row per value present in either, largest BilledCost
 * first, placeholder values ((untagged), (none) …) last.
 */
export function cutRows(current: ReadonlyMap<string, Cents>, previous: ReadonlyMap<string, Cents>, total: bigint, names: ReadonlyMap<string, string> = new Map()): CutRow[] {
  const values = new Set([...current.keys(), ...previous.keys()]);
  const rows = [...values].map((value): CutRow => {
    const now = current.get(value) ?? NO_CENTS;
    const before = previous.get(value) ?? NO_CENTS;
    return { value, name: names.get(value) ?? null, ...compare(now.billed, before.billed, { current: now.exact.billed, previous: before.exact.billed }), effective: now.effective, shareTenths: shareTenths(now.billed, total) };
  });
  return rows
    .filter((r) => r.current !== 0n || r.previous !== 0n || r.effective !== 0n)
    .sort((a, b) => Number(SPECIAL.has(a.value)) - Number(SPECIAL.has(b.value))
      || descending(a.current, b.current)
      || codePointOrder(a.value, b.value));
}

/** The `n` rows that moved most (by |change|, then by value), leaving out rows that did not move. */
export function topMovers(rows: readonly CutRow[], n: number): CutRow[] {
  const abs = (x: bigint) => (x < 0n ? -x : x);
  return rows
    .filter((r) => r.change !== 0n)
    .sort((a, b) => {
      const [x, y] = [abs(a.change), abs(b.change)];
      return descending(x, y) || codePointOrder(a.value, b.value);
    })
    .slice(0, n);
}
