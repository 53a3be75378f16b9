/**
 * A term's hours are read from its start and its end, printed to 6 decimals (a term ending at 12:20
 * runs 228⅓ hours of December's 744: the note printed `228.33333333333334`, then `228.33`, which ×
 * the rate missed the fee beside it, then `(685/3)`, a fraction no reader multiplies; now
 * `228.333333`, which × the rate gives the fee to the digit shown), and its bounds read the same in
 * DuckDB's text and Athena's (`.000`).
 */
import { describe, expect, it } from 'vitest';
import { termMsIn, termsNote } from '../../src/analyze/forecast/index.ts';
import { UNITS_PER_DOLLAR } from '../../src/lib/money.ts';

const NOVEMBER = { from: '2018-11-01', to: '2018-11-30' };
const DECEMBER = { from: '2018-12-01', to: '2018-12-31' };

describe('the hours of a term', () => {
  it('prints them to 6 decimals: 21.60 over November\'s 720 h is 0.03/h, × 228.333333 h of December = 6.84999999 (6.850000; 0.03 × 228.33 h, as printed once, is 6.8499)', () => {
    const note = termsNote([{ start: null, end: '2018-12-10 12:20:00', amount: 216n * UNITS_PER_DOLLAR / 10n }], NOVEMBER, DECEMBER, false);
    expect(note).toBe("; 6.850000 for a term ending 10 Dec 2018 12:20 UTC: 0.03/h × 228.333333 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('reads an end in DuckDB\'s text and in Athena\'s alike: 9 days 12 h 20 min = 822,000,000 ms', () => {
    const ms = (9n * 24n * 60n + 12n * 60n + 20n) * 60_000n;
    expect(termMsIn({ start: null, end: '2018-12-10 12:20:00' }, DECEMBER)).toBe(ms);
    expect(termMsIn({ start: null, end: '2018-12-10 12:20:00.000' }, DECEMBER)).toBe(ms);
    expect(termMsIn({ start: null, end: 'infinity' }, DECEMBER)).toBe(31n * 24n * 3_600_000n);
  });

  it('reads a start: a term bought on 9 Oct 2018 21:40:47 ran 22 days 2 h 19 min 13 s of October (530.320278 h, as the real CUR bills it)', () => {
    const ms = ((22n * 24n + 2n) * 3600n + 19n * 60n + 13n) * 1000n;
    expect(ms).toBe(1_909_153_000n);
    const term = { start: '2018-10-09 21:40:47', end: '2019-10-09 21:40:46' };
    expect(termMsIn(term, { from: '2018-10-01', to: '2018-10-31' })).toBe(ms);
    expect(termMsIn({ ...term, start: '2018-10-09 21:40:47.000' }, { from: '2018-10-01', to: '2018-10-31' })).toBe(ms);
    expect(termMsIn(term, NOVEMBER)).toBe(720n * 3_600_000n);
    // A term starting after the span, or ending before it, runs none of it.
    expect(termMsIn(term, { from: '2018-10-01', to: '2018-10-08' })).toBe(0n);
    expect(termMsIn(term, { from: '2019-11-01', to: '2019-11-30' })).toBe(0n);
  });
});
