/**
 * Spans of days in prose read in one house style, calendar.ts's daySpan: the store's gaps
 * (store-days.ts) said "no billing data from 10 Nov 2018 to 12 Nov 2018" where every other sentence
 * writes "10–12 Nov 2018", and the weekly e-mail's column heads had their own year-less copy of
 * daySpan (layout-comparison.ts shortSpan), now daySpan's `withYear` false.
 */
import { describe, expect, it } from 'vitest';
import { daySpan, onDaySpan } from '../../src/lib/calendar.ts';
import { daysNotInStore, daysNotInStoreSentence, onRunsText } from '../../src/lib/store-days.ts';

describe('the store\'s gaps in words', () => {
  const store = {
    firstDay: '2018-10-01',
    gaps: [{ first: '2018-10-20', last: '2018-10-20' }, { first: '2018-11-10', last: '2018-11-12' }, { first: '2018-12-30', last: '2019-01-02' }],
  };

  it('one day: "on 20 Oct 2018", the day alone (as before)', () => {
    expect(daysNotInStore('2018-10-19', '2018-10-22', store)?.why).toBe('the store holds no billing data on 20 Oct 2018');
  });

  it('a run of days: "on 10–12 Nov 2018" (it read "from 10 Nov 2018 to 12 Nov 2018"); across a year, both years', () => {
    const november = daysNotInStore('2018-11-09', '2018-11-14', store)!;
    expect(november.why).toBe('the store holds no billing data on 10–12 Nov 2018');
    expect(daysNotInStoreSentence(november)).toBe('10–12 Nov 2018 are not in the store (the store holds no billing data on 10–12 Nov 2018)');
    expect(daysNotInStore('2018-12-29', '2019-01-04', store)?.why).toBe('the store holds no billing data from 30 Dec 2018 to 2 Jan 2019');
  });

  it('two gaps joined with "and", each in daySpan\'s words; with days before the data, "it holds"', () => {
    expect(daysNotInStore('2018-10-15', '2018-11-15', store)?.why).toBe('the store holds no billing data on 20 Oct 2018 and 10–12 Nov 2018');
    expect(daysNotInStore('2018-09-30', '2018-11-15', store)?.why)
      .toBe('the store\'s billing data begins on 1 Oct 2018 and it holds no billing data on 20 Oct 2018 and 10–12 Nov 2018');
  });
});

describe('daySpan without the year, as a column head whose year the page says', () => {
  it('9 Nov, 23–29 Nov, 30 Nov – 6 Dec, 29 Dec – 4 Jan (no year at all, even across one)', () => {
    expect([daySpan('2026-11-09', '2026-11-09', false), daySpan('2026-11-23', '2026-11-29', false), daySpan('2026-11-30', '2026-12-06', false), daySpan('2025-12-29', '2026-01-04', false)])
      .toEqual(['9 Nov', '23–29 Nov', '30 Nov – 6 Dec', '29 Dec – 4 Jan']);
  });

  it('with the year, as before: 9 Nov 2026, 23–29 Nov 2026, 30 Nov – 6 Dec 2026, 29 Dec 2025 – 4 Jan 2026', () => {
    expect([daySpan('2026-11-09', '2026-11-09'), daySpan('2026-11-23', '2026-11-29'), daySpan('2026-11-30', '2026-12-06'), daySpan('2025-12-29', '2026-01-04')])
      .toEqual(['9 Nov 2026', '23–29 Nov 2026', '30 Nov – 6 Dec 2026', '29 Dec 2025 – 4 Jan 2026']);
  });
});

describe('a span as the time of a clause: "on" before a span across months read like one date ("No alert was sent on 8 Nov – 7 Dec 2026")', () => {
  it('one day and a run inside a month take "on"; a run across months or years reads "from … to …"', () => {
    expect([onDaySpan('2018-11-09', '2018-11-09'), onDaySpan('2018-11-10', '2018-11-12'), onDaySpan('2018-10-30', '2018-11-02'), onDaySpan('2018-12-01', '2023-10-31')])
      .toEqual(['on 9 Nov 2018', 'on 10–12 Nov 2018', 'from 30 Oct to 2 Nov 2018', 'from 1 Dec 2018 to 31 Oct 2023']);
  });

  it('runs: one "on" for runs inside months, else each its own words', () => {
    expect(onRunsText([{ first: '2018-10-20', last: '2018-10-20' }, { first: '2018-11-10', last: '2018-11-12' }])).toBe('on 20 Oct 2018 and 10–12 Nov 2018');
    expect(onRunsText([{ first: '2018-11-10', last: '2018-11-12' }, { first: '2018-12-30', last: '2019-01-02' }])).toBe('on 10–12 Nov 2018 and from 30 Dec 2018 to 2 Jan 2019');
  });
});
