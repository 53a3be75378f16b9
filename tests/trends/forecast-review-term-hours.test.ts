/**
 * A term ending inside the month is expected for the hours it runs, printed to 2 decimals at most
 * (a term ending at 12:20 ran 228.333… hours of December's 744; the note printed
 * `228.33333333333334`), and its end reads the same in DuckDB's text and Athena's (`.000`).
 */
import { describe, expect, it } from 'vitest';
import { endingTermsNote, termMsIn } from '../../src/analyze/forecast/index.ts';
import { UNITS_PER_DOLLAR } from '../../src/lib/money.ts';

describe('the hours of a term ending inside the month', () => {
  it('prints them to 2 decimals at most', () => {
    const note = endingTermsNote([{ end: '2018-12-10 12:20:00', amount: 216n * UNITS_PER_DOLLAR / 10n }], '2018-12-01', '2018-12-31');
    expect(note).toBe("; 21.600000 for a term ending 2018-12-10 12:20:00 UTC, expected for the 228.33 of the month's 744 hours it runs (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('reads an end in DuckDB\'s text and in Athena\'s alike: 9 days 12 h 20 min = 822,000,000 ms', () => {
    const ms = (9n * 24n * 60n + 12n * 60n + 20n) * 60_000n;
    expect(termMsIn('2018-12-10 12:20:00', '2018-12-01', '2018-12-31')).toBe(ms);
    expect(termMsIn('2018-12-10 12:20:00.000', '2018-12-01', '2018-12-31')).toBe(ms);
    expect(termMsIn('infinity', '2018-12-01', '2018-12-31')).toBe(31n * 24n * 3_600_000n);
  });
});
