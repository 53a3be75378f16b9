import { describe, expect, it } from 'vitest';
import { MICROSECONDS_PER_HOUR, microsecondsOfHours, percentOf } from '../../src/lib/money.ts';
import { percentCell, quantityText } from '../../src/lib/quantity-cells.ts';

describe('hours as whole microseconds: the exact rational money per hour divides by', () => {
  it('holds a bill\'s six-decimal hours and whole seconds exactly', () => {
    expect(microsecondsOfHours(530.320278)).toBe(1_909_153_000_800n); // 530.320278 × 3,600,000,000
    expect(microsecondsOfHours(744)).toBe(744n * MICROSECONDS_PER_HOUR);
    expect(microsecondsOfHours(1 / 3600)).toBe(1_000_000n); // one second
    expect(microsecondsOfHours(7261 / 3600)).toBe(7_261_000_000n); // 2 h 1 min 1 s, not a six-decimal number of hours
    expect(microsecondsOfHours(0.1 + 0.2)).toBe(1_080_000_000n); // the double 0.30000000000000004 is 0.3 h to well below a microsecond
    expect(microsecondsOfHours(876_000.000001)).toBe(3_153_600_000_003_600n); // 100 reservations' year, past 2^53 µs
    expect(microsecondsOfHours(-1.5)).toBe(-5_400_000_000n);
    expect(microsecondsOfHours(0)).toBe(0n);
  });

  it('refuses what is not a number of hours, naming it', () => {
    expect(() => microsecondsOfHours(Number.NaN)).toThrow('not a number of hours: NaN');
    expect(() => microsecondsOfHours(Infinity)).toThrow(RangeError);
  });
});

describe('a percentage of two exact amounts, rounded once', () => {
  it('rounds half away from zero, where doubles round a half down', () => {
    expect(percentOf(10_009_000_000_000n, 20_000_000_000_000n)).toBe(50.05); // $1,000.90 of $2,000: 50.045 %; (1000.9 / 2000) × 10000 = 5004.499… in doubles
    expect(percentOf(-10_009_000_000_000n, 20_000_000_000_000n)).toBe(-50.05);
    expect(percentOf(1n, 3n)).toBe(33.33);
    expect(percentOf(2n, 3n)).toBe(66.67);
    expect(percentOf(5n, 5n)).toBe(100);
    expect(percentOf(5n, 0n)).toBeNull();
  });
});

describe('percentages and quantities as terminal cells (src/lib/quantity-cells.ts, shared by `commitments` and `kpi`)', () => {
  it('quantities: two decimals at most, half away from zero on the exact decimal, trailing zeros dropped, thousands separators', () => {
    // 1218.466667 → 1,218.47; 5685.4 → 5,685.4; 0.125 and −0.125 round away from zero; −0.001 is 0, never −0.
    expect([65800, 1218.466667, 5685.4, 23391.064516, 1_234_567.995, 0.125, -0.125, -1196.1, -0.001, 0].map(quantityText))
      .toEqual(['65,800', '1,218.47', '5,685.4', '23,391.06', '1,234,568', '0.13', '-0.13', '-1,196.1', '0', '0']);
    expect(quantityText('2396.975')).toBe('2,396.98');
  });

  it('percentages: two decimals on every row, null a blank cell', () => {
    expect([0, 100, 66.67, 41.4, 55.19, -3.5, null].map(percentCell)).toEqual(['0.00', '100.00', '66.67', '41.40', '55.19', '-3.50', null]);
  });
});
