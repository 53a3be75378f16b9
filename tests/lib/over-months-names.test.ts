/**
 * The words for a month counted from its 1st up to a day (src/analyze/month-names.ts): once the
 * day is the month's last, the month is over and is named as a month, never "to date" or "so far";
 * and a chart's lighter bars are named by the months it holds only part of (a gap in the store's
 * data cutting one anywhere in its span), or none.
 */
import { describe, expect, it } from 'vitest';
import { lighterBarsNote, monthSoFar, monthToDateName, partMonths, wholeMonthThrough } from '../../src/analyze/month-names.ts';

describe('month names up to a day', () => {
  it('the last day of a month (30 Nov, 29 Feb 2024, 31 Dec) makes it whole; any other day leaves it running', () => {
    expect(['2018-11-30', '2024-02-29', '2026-12-31', '2018-11-29', '2023-02-28', '2024-02-28'].map(wholeMonthThrough)).toEqual([true, true, true, false, true, false]);
    expect([monthSoFar('2018-11-30'), monthSoFar('2018-11-20')]).toEqual(['Nov 2018', 'Nov 2018 so far']);
    expect([monthToDateName('2018-11-30'), monthToDateName('2023-11-13')]).toEqual(['Nov 2018', 'month to date']);
  });

  it('the months a span holds only part of: a bill starting on the 10th, a month cut at the horizon, both in one month; none when every month is whole', () => {
    expect(partMonths('2018-10-01', '2018-11-30')).toEqual([]);
    expect(partMonths('2018-10-10', '2018-11-30')).toEqual(['10–31 Oct 2018']);
    expect(partMonths('2018-10-01', '2018-11-15')).toEqual(['1–15 Nov 2018']);
    expect(partMonths('2023-11-01', '2023-11-13')).toEqual(['1–13 Nov 2023']);
    expect(partMonths('2026-12-05', '2027-01-05')).toEqual(['5–31 Dec 2026', '1–5 Jan 2027']);
    expect(lighterBarsNote([{ first: '2018-10-01', last: '2018-11-30' }])).toBe('Every bar is a whole month.');
    expect(lighterBarsNote([{ first: '2018-10-10', last: '2018-11-15' }])).toBe('Lighter bars: part of a month (10–31 Oct 2018; 1–15 Nov 2018).');
    // A gap inside the span cuts a month anywhere, not only at either end (it read "Every bar is a whole month." of the span's first and last day):
    // each month it cuts by its runs, one month one part.
    expect(lighterBarsNote([{ first: '2018-10-01', last: '2018-11-09' }, { first: '2018-11-13', last: '2018-11-30' }])).toBe('Lighter bars: part of a month (1–9 Nov 2018 and 13–30 Nov 2018).');
    expect(lighterBarsNote([{ first: '2023-11-01', last: '2023-11-14' }, { first: '2024-09-01', last: '2024-09-30' }])).toBe('Lighter bars: part of a month (1–14 Nov 2023).');
    expect(lighterBarsNote([])).toBe('Every bar is a whole month.');
  });
});
