/**
 * The order of an attribution's rows and columns: the methods of a row (tag, alias,
 * account-default, untagged, then the shared-cost rules in config order), their groups as tag
 * coverage's classes, and the rows as a reader reads them (largest values first, the special values last).
 */
import { codePointOrder, descending } from '../../lib/order.ts';
import type { AttributionConfig } from './config.ts';
import { type AttributionMethod, UNTAGGED } from './spend.ts';
import { UNALLOCATED } from './split.ts';

/** The --by value of a shared amount given to a value that has no attributed spend to spread it over. */
export const NO_BY_VALUE = '(none)';

const METHOD_ORDER = ['tag', 'alias', 'account-default', 'untagged'];
const SPECIAL_VALUES = new Set([UNTAGGED, UNALLOCATED]);

function methodRank(m: string, config: AttributionConfig): number {
  const direct = METHOD_ORDER.indexOf(m);
  return direct >= 0 ? direct : METHOD_ORDER.length + config.sharedCosts.findIndex((r) => `shared:${r.name}` === m);
}

/** The methods of a row (the keys of its parts) in the order tag, alias, account-default, untagged, shared:<rule> (config order). */
export function sortedMethods(parts: ReadonlyMap<AttributionMethod, unknown>, config: AttributionConfig): AttributionMethod[] {
  return [...parts.keys()].sort((a, b) => methodRank(a, config) - methodRank(b, config));
}

/**
 * The methods' groups, numbered in the order of tag coverage's classes (coverage.ts): tag and alias
 * (tagged), the shared-cost rules (shared, a line that carries the key included), account-default,
 * untagged. The classes hold the same lines as the groups, so each group's cents are those
 * `--coverage period` shows for its class.
 */
export function coverageClassGroups(methods: readonly AttributionMethod[]): number[] {
  const classOf = (m: AttributionMethod) => (m === 'tag' || m === 'alias' ? 0 : m.startsWith('shared:') ? 1 : m === 'account-default' ? 2 : 3);
  const present = [...new Set(methods.map(classOf))].sort((a, b) => a - b);
  return methods.map((m) => present.indexOf(classOf(m)));
}

/** Every method of a period's rows, in method order: the columns of its controlled rounding. */
export function columnMethods(rows: readonly { parts: ReadonlyMap<AttributionMethod, unknown> }[], config: AttributionConfig): AttributionMethod[] {
  const all = new Map<AttributionMethod, true>();
  for (const r of rows) for (const m of r.parts.keys()) all.set(m, true);
  return sortedMethods(all, config);
}

/** What the reading order reads of a row. */
interface OrderedRow {
  value: string;
  byValue: string;
  billed: { total: bigint };
  effective: { total: bigint };
}

/** Largest values first (by the chosen measure), (untagged) and (unallocated) last; --by values likewise within a value. */
export function sortForReading<Row extends OrderedRow>(rows: readonly Row[], cost: 'billed' | 'effective'): Row[] {
  const valueTotal = new Map<string, bigint>();
  for (const r of rows) valueTotal.set(r.value, (valueTotal.get(r.value) ?? 0n) + r[cost].total);
  return [...rows].sort((a, b) =>
    Number(SPECIAL_VALUES.has(a.value)) - Number(SPECIAL_VALUES.has(b.value))
    || descending(valueTotal.get(a.value)!, valueTotal.get(b.value)!)
    || codePointOrder(a.value, b.value)
    || Number(SPECIAL_VALUES.has(a.byValue) || a.byValue === NO_BY_VALUE) - Number(SPECIAL_VALUES.has(b.byValue) || b.byValue === NO_BY_VALUE)
    || descending(a[cost].total, b[cost].total)
    || codePointOrder(a.byValue, b.byValue));
}
