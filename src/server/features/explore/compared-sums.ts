/**
 * The exact arithmetic of Explore's compare table (compared-rows.ts builds its rows with it): each
 * shown value's amount in the compared span, the row of values only in the compared span, sums of
 * the store's decimals and the change with its percent, in units of 1e-10 dollars (src/lib/money.ts),
 * never floating point.
 */
import { formatDecimal, fromUnits, parseDecimal, toUnits } from '../../../lib/money.ts';
import { changePercentText } from '../../../lib/percent-change.ts';
import { plural } from '../../../lib/text.ts';

/** A row of explore/spend_by as text cells. */
export type SpendRow = Record<string, string | null>;

/**
 * The compared span's cost of each shown row: a named value's own (zero when it had none then),
 * and for "Other (N more)" the compared total less every named row's, so the column adds up to
 * the compared total exactly.
 */
export function comparedCosts(rows: SpendRow[], compared: SpendRow[], comparedTotal: string): string[] {
  const byValue = new Map(compared.map((r) => [r.value ?? '', toUnits(r.cost ?? '0')]));
  const named = rows.map((r) => (drillableOrNamed(r.value ?? '') ? byValue.get(r.value ?? '') ?? 0n : undefined));
  const namedSum = named.reduce<bigint>((s, v) => s + (v ?? 0n), 0n);
  return named.map((v) => fromUnits(v ?? toUnits(comparedTotal) - namedSum));
}

/** How the row of the values billed only in the compared span is named: `Only in the compared span (2 values)`. */
export function onlyComparedLabel(rows: SpendRow[], compared: SpendRow[]): string {
  const present = new Set(rows.map((r) => r.value));
  const absent = compared.filter((r) => !present.has(r.value)).length;
  return `Only in the compared span (${plural(absent, 'value')})`;
}

function drillableOrNamed(value: string): boolean {
  return !/^Other \(\d+ more\)$/.test(value);
}

/** Adds decimal texts exactly (no floating point), keeping the most decimals any of them has. */
export function sumDecimals(values: (string | null)[]): string {
  const present = values.filter((v): v is string => v !== null && /^-?\d+(\.\d+)?$/.test(v));
  const scale = Math.max(0, ...present.map((v) => (v.split('.')[1] ?? '').length));
  return formatDecimal(present.reduce((total, v) => total + parseDecimal(v, scale), 0n), scale);
}

/**
 * The change from `then` to `now`: exact decimal text, and its percentage of `then` to two decimals
 * (src/lib/percent-change.ts, the one rule of every surface; null when then is zero).
 */
export function change(now: string, then: string): { delta: string; pct: string | null } {
  const delta = toUnits(now) - toUnits(then);
  return { delta: fromUnits(delta), pct: changePercentText(toUnits(now), toUnits(then), 2) };
}
