/**
 * The one rule of a change in percent (src/lib/percent-change.ts): the exact change over the exact earlier
 * amount's size, rounded once, half away from zero, to the decimals a surface writes. The figures are the real
 * files' (DuckDB on them, in tests/report/ended-delivery-week.test.ts and tests/report/incomplete-week-days.test.ts):
 * the FOCUS sample's usage of 5–11 and 12–18 Nov 2018 (moved to Nov 2018), and the legacy CUR's of 6 and 13 Nov 2023.
 */
import { describe, expect, it } from 'vitest';
import { toUnits } from '../../src/lib/money.ts';
import { changePercentSteps, changePercentText } from '../../src/lib/percent-change.ts';

describe('changePercentSteps: of the exact amounts, rounded once', () => {
  it('$1.3008891012 → $6.9355468347: +433.14 % to two decimals (Explore) and +433.1 % to one (the e-mail); the rounded $1.30 → $6.94 gave +433.8 %', () => {
    const [before, now] = [toUnits('1.3008891012'), toUnits('6.9355468347')];
    expect([changePercentText(now, before, 2), changePercentText(now, before, 1)]).toEqual(['433.14', '433.1']);
    expect(changePercentSteps(694n, 130n, 1)).toBe(4338n); // what the e-mail wrote, from the cents shown
  });

  it('$0.1957673895 → $0.2046081542 (both $0.20): +4.5 %, where the cents shown gave 0.0 %', () => {
    expect(changePercentSteps(toUnits('0.2046081542'), toUnits('0.1957673895'), 1)).toBe(45n);
    expect(changePercentSteps(20n, 20n, 1)).toBe(0n);
  });

  it('half away from zero on an exact half; the size of a credit as the base (a rise reads as one); none of nothing', () => {
    // 1 → 1.0005: +0.05 % exactly, +0.1 to one decimal; 1 → 0.9995: −0.1.
    expect([changePercentSteps(10005n, 10000n, 1), changePercentSteps(9995n, 10000n, 1)]).toEqual([1n, -1n]);
    expect(changePercentText(1500n, -10000n, 2)).toBe('115.00');
    expect(changePercentText(-15000n, -10000n, 2)).toBe('-50.00');
    expect(changePercentSteps(5n, 0n, 1)).toBeNull();
  });

  it('fractions of units (attribution\'s shares) are exact too: 2 / 3 against 1 / 2 is +33.33 %', () => {
    expect(changePercentText({ num: 2n, den: 3n }, { num: 1n, den: 2n }, 2)).toBe('33.33');
    expect(changePercentText({ num: -1n, den: 3n }, { num: 1n, den: 1n }, 1)).toBe('-133.3');
  });
});
