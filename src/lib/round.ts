/**
 * A float (a percentage, a CPU figure, a ratio) to two decimals for output, as `Math.round` does
 * (halves up): never for money, which is exact (src/lib/money.ts).
 */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** {@link round2}, keeping null. */
export function round2OrNull(value: number | null): number | null {
  return value === null ? null : round2(value);
}
