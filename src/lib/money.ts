const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * An exact decimal amount (as DuckDB prints it, e.g. `-1234.5678`) as dollars for people:
 * `-$1,234.57`, rounded half away from zero to the cent on the decimal text (no floating point).
 * Text that is not a plain decimal (empty, `n/a`, a number in exponent form) comes back unchanged.
 */
export function formatDollars(value: string): string {
  const m = DECIMAL.exec(value);
  if (!m) return value;
  const [, sign, whole, fraction = ''] = m;
  const digits = (fraction + '000').slice(0, 3);
  let cents = BigInt(whole) * 100n + BigInt(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) cents += 1n;
  const dollars = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = (cents % 100n).toString().padStart(2, '0');
  return `${sign && cents > 0n ? '-' : ''}$${dollars}.${rest}`;
}
