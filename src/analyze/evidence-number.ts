/** A number for evidence text: at most `places` decimals, trailing zeros dropped. */
export function num(value: number | null | undefined, places = 2): string {
  if (value === null || value === undefined) return 'n/a';
  return String(Number(value.toFixed(places)));
}
