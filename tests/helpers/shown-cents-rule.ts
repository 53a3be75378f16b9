/**
 * The explain rounding rule (README, "costlens explain": Cents), restated for the tests that check
 * it independently of src/analyze/explain/shown-cents.ts: an exact amount (units of 1e-10) in whole
 * cents half away from zero; a row's old and new cost each rounded once, its change their
 * difference, and its parts that change split by largest remainder over its exact parts.
 */

export const PARTS = ['volume', 'rate', 'new', 'gone', 'other'] as const;
export type Part = (typeof PARTS)[number];
export const COLUMNS = ['oldCost', 'newCost', 'change', ...PARTS] as const;
/** A row as shown, in cents. */
export type Shown = Record<(typeof COLUMNS)[number], bigint>;

const UNITS_PER_CENT = 100_000_000n;

/** A decimal text (at most 10 decimals) in units of 1e-10, the store's scale. */
export function exactOf(decimal: string): bigint {
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const magnitude = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
  return decimal.startsWith('-') ? -magnitude : magnitude;
}

/** An exact amount (1e-10) in whole cents, half away from zero. */
export function roundCents(exact: bigint): bigint {
  const magnitude = ((exact < 0n ? -exact : exact) + UNITS_PER_CENT / 2n) / UNITS_PER_CENT;
  return exact < 0n ? -magnitude : magnitude;
}

/** A decimal text (at most 10 decimals) in whole cents, half away from zero: `1062.3817757310` → 106238n. */
export function cents(decimal: string): bigint {
  return roundCents(exactOf(decimal));
}

/**
 * A row's change in cents split over its exact parts by largest remainder: each part that moved
 * takes the floor of its cents, the cents left go one at a time to the largest remainders (ties:
 * the earlier part), round again if more are left than parts; a part exactly zero takes none. A
 * row with no part that moved shows its change (then 0) as other.
 */
export function splitCents(parts: Record<Part, bigint>, change: bigint): Record<Part, bigint> {
  const floor = (a: bigint) => (a >= 0n ? a / UNITS_PER_CENT : -((-a + UNITS_PER_CENT - 1n) / UNITS_PER_CENT));
  const split = Object.fromEntries(PARTS.map((p) => [p, floor(parts[p])])) as Record<Part, bigint>;
  const moved = PARTS.filter((p) => parts[p] !== 0n);
  if (moved.length === 0) return { ...split, other: change };
  const remainder = (p: Part) => parts[p] - split[p] * UNITS_PER_CENT;
  const order = [...moved].sort((a, b) => (remainder(a) === remainder(b) ? PARTS.indexOf(a) - PARTS.indexOf(b) : remainder(a) > remainder(b) ? -1 : 1));
  let left = change - PARTS.reduce((s, p) => s + split[p], 0n);
  for (let k = 0; left > 0n; k = (k + 1) % order.length, left -= 1n) split[order[k]] += 1n;
  for (let k = order.length - 1; left < 0n; k = (k + order.length - 1) % order.length, left += 1n) split[order[k]] -= 1n;
  return split;
}

/** What the rule shows for a row of exact old cost, new cost and parts (1e-10). */
export function shownOf(oldCost: bigint, newCost: bigint, parts: Record<Part, bigint>): Shown {
  const [o, n] = [roundCents(oldCost), roundCents(newCost)];
  return { oldCost: o, newCost: n, change: n - o, ...splitCents(parts, n - o) };
}

/** The same, from exact decimal texts (a row of `costlens explain --format json`, or DuckDB's sums). */
export function shownOfDecimals(oldCost: string, newCost: string, parts: Record<string, string>): Shown {
  return shownOf(exactOf(oldCost), exactOf(newCost), Object.fromEntries(PARTS.map((p) => [p, exactOf(parts[p])])) as Record<Part, bigint>);
}

/** Cents as a page shows them: `$1,234.56`, `−$25.90` (a minus sign), and `+$72.50` when `signed`. */
export function usd(cents: bigint, signed = false): string {
  const magnitude = cents < 0n ? -cents : cents;
  const dollars = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = cents < 0n ? '−' : signed && cents > 0n ? '+' : '';
  return `${sign}$${dollars}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

/**
 * The change from `before` to `now` (decimal texts, exact) in percent as a surface writes it, restated here
 * apart from src/lib/percent-change.ts: (now − before) ÷ |before| × 100 of the exact amounts, rounded once
 * half away from zero to `decimals` decimals, signed (`+433.1%`, `−4.5%`, `0.0%`).
 */
export function percentChangeText(now: string, before: string, decimals: number): string {
  return percentChangeOfUnits(exactOf(now), exactOf(before), decimals);
}

/** {@link percentChangeText} of two exact amounts in units of 1e-10 (or any two amounts in one unit: the ratio is the same). */
export function percentChangeOfUnits(n: bigint, b: bigint, decimals: number): string {
  const scaled = (n - b) * 100n * 10n ** BigInt(decimals);
  const base = b < 0n ? -b : b;
  const magnitude = ((scaled < 0n ? -scaled : scaled) * 2n + base) / (2n * base);
  const scale = 10n ** BigInt(decimals);
  const body = `${magnitude / scale}${decimals > 0 ? `.${String(magnitude % scale).padStart(decimals, '0')}` : ''}%`;
  return magnitude === 0n ? body : scaled < 0n ? `−${body}` : `+${body}`;
}
