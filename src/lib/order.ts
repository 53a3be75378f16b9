/**
 * Sort comparators. Strings compare by UTF-16 code unit (JavaScript's `<`), not by locale, so an
 * order never depends on the machine it runs on; that is code-point order for every character
 * outside the astral planes. Bigints (money in units or cents) and numbers compare by value.
 */
type Ordered = string | number | bigint;

/** Smallest first (for strings: code-point order). */
export function ascending<T extends Ordered>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Largest first. */
export function descending<T extends Ordered>(a: T, b: T): number {
  return ascending(b, a);
}

/** Code-unit order (code-point order but for astral characters; never locale order), so a pick or a listing does not depend on the machine's locale. */
export const codePointOrder: (a: string, b: string) => number = ascending;
