/** Integer arithmetic on bigints that exact money and ratio code shares. */

/** The greatest common divisor of `a` and `b`, never negative (0 when both are 0). */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The least common multiple of positive `a` and `b`. */
export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}
