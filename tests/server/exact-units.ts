/**
 * Exact decimal text (as DuckDB and the analysers write money) as whole units of 1e-10 and back,
 * for the Optimisation page and resource view tests to add figures up without rounding.
 */

/** Exact decimal text → units of 1e-10. */
export function units(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const n = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -n : n;
}

/** Units of 1e-10 → text with `places` decimals (half away from zero, as the analysers round). */
export function text(n: bigint, places = 10): string {
  const drop = 10n ** BigInt(10 - places);
  const abs = ((n < 0n ? -n : n) + drop / 2n) / drop;
  const base = 10n ** BigInt(places);
  return `${n < 0n ? '-' : ''}${abs / base}${places ? `.${(abs % base).toString().padStart(places, '0')}` : ''}`;
}
