import { describe, expect, it } from 'vitest';
import { gcd, lcm } from '../../src/lib/bigint-math.ts';

describe('gcd and lcm: the one copy exact money and ratio code shares', () => {
  it('gcd is never negative, whatever the signs, and 0 only when both are 0', () => {
    expect([gcd(12n, 18n), gcd(-12n, 18n), gcd(12n, -18n), gcd(-12n, -18n)]).toEqual([6n, 6n, 6n, 6n]);
    expect([gcd(0n, 7n), gcd(7n, 0n), gcd(0n, 0n)]).toEqual([7n, 7n, 0n]);
    expect(gcd(2_678_400_000n, 2_592_000_000n)).toBe(86_400_000n); // 31 and 30 days in ms: one day
  });

  it('lcm of positive numbers', () => {
    expect([lcm(4n, 6n), lcm(24n, 744n), lcm(1n, 1n), lcm(7n, 13n)]).toEqual([12n, 744n, 1n, 91n]);
  });
});
