/**
 * The days of a span that are not in the store: before its first charge day, or in a gap no
 * billing period covers. The Overview, Explore, Data transfer, the weekly report and budget alerts
 * compare a span with an earlier one, and such days are missing data, not $0.00 of spend (the
 * pages' sentences: tests/server/dashboards.test.ts, tests/server/data-gaps.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { dayInStore, daysNotInStore, daysNotInStoreAre, gapsBetween, type StoreDays } from '../../src/lib/store-days.ts';

const from = (firstDay: string): StoreDays => ({ firstDay, gaps: [] });
const begins = (day: string) => `the store's billing data begins on ${day}`;

describe('days of a span not in the store', () => {
  it('none when the data begins on or before the span and no gap crosses it', () => {
    expect(daysNotInStore('2026-10-01', '2026-10-14', from('2026-10-01'))).toBeNull();
    expect(daysNotInStore('2026-10-01', '2026-10-14', from('2026-09-01'))).toBeNull();
    expect(daysNotInStore('2026-10-01', '2026-10-14', { firstDay: '2026-01-01', gaps: [{ first: '2026-10-14', last: '2026-10-20' }] })).toBeNull();
  });

  it('part of the span when the data begins inside it: its first days, counted as no spend', () => {
    expect(daysNotInStore('2026-10-01', '2026-10-14', from('2026-10-10'))).toEqual({
      runs: [{ first: '2026-10-01', last: '2026-10-09' }], days: 9, all: false, dataBegins: '2026-10-10', gaps: [],
      why: begins('10 Oct 2026'), where: "before the store's billing data",
    });
    expect(daysNotInStore('2026-10-01', '2026-10-14', from('2026-10-13'))).toMatchObject({ runs: [{ first: '2026-10-01', last: '2026-10-12' }], days: 12, all: false });
  });

  it('all of it when the data begins after its last day (end exclusive)', () => {
    expect(daysNotInStore('2026-10-01', '2026-10-14', from('2026-10-14'))).toMatchObject({ runs: [{ first: '2026-10-01', last: '2026-10-13' }], days: 13, all: true, dataBegins: '2026-10-14' });
    expect(daysNotInStore('2018-09-01', '2018-10-01', from('2018-10-01'))).toMatchObject({ runs: [{ first: '2018-09-01', last: '2018-09-30' }], days: 30, all: true, why: begins('1 Oct 2018') });
  });

  it('days after the store\'s last day, when it has one (the dashboards\' horizon): named by where the data ends; without one, no upper bound', () => {
    const store: StoreDays = { firstDay: '2026-10-01', gaps: [], lastDay: '2026-11-14' };
    expect(daysNotInStore('2026-11-01', '2026-11-21', store)).toEqual({
      runs: [{ first: '2026-11-15', last: '2026-11-20' }], days: 6, all: false, dataBegins: null, gaps: [],
      why: "the store's billing data ends on 14 Nov 2026", where: "after the store's billing data",
    });
    expect(daysNotInStore('2026-09-28', '2026-11-16', store)).toMatchObject({ days: 4, why: "the store's billing data begins on 1 Oct 2026 and it ends on 14 Nov 2026" });
    expect(daysNotInStore('2026-11-01', '2026-11-15', store)).toBeNull();
    expect([dayInStore('2026-11-14', store), dayInStore('2026-11-15', store), dayInStore('2026-11-15', from('2026-10-01'))]).toEqual([true, false, true]);
  });

  it('days in a gap between billing periods: named by the gap, wholly or in part', () => {
    const store: StoreDays = { firstDay: '2018-10-01', gaps: [{ first: '2018-12-01', last: '2023-10-31' }, { first: '2023-11-15', last: '2024-08-31' }] };
    expect(daysNotInStore('2023-10-01', '2023-10-14', store)).toEqual({
      runs: [{ first: '2023-10-01', last: '2023-10-13' }], days: 13, all: true, dataBegins: null, gaps: [store.gaps[0]],
      why: 'the store holds no billing data from 1 Dec 2018 to 31 Oct 2023', where: 'not in the store',
    });
    expect(daysNotInStore('2023-11-10', '2023-11-20', store)).toMatchObject({ runs: [{ first: '2023-11-15', last: '2023-11-19' }], days: 5, all: false, why: 'the store holds no billing data from 15 Nov 2023 to 31 Aug 2024' });
    const split = daysNotInStore('2018-09-28', '2018-10-03', { firstDay: '2018-10-01', gaps: [{ first: '2018-10-02', last: '2018-10-02' }] })!;
    expect(split).toMatchObject({
      runs: [{ first: '2018-09-28', last: '2018-09-30' }, { first: '2018-10-02', last: '2018-10-02' }], days: 4, all: false,
      why: "the store's billing data begins on 1 Oct 2018 and it holds no billing data on 2 Oct 2018",
    });
    expect(daysNotInStoreAre(split)).toBe('28–30 Sep 2018 and 2 Oct 2018 are');
    const twoGaps = daysNotInStore('2024-01-01', '2024-01-11', { firstDay: '2023-01-01', gaps: [{ first: '2024-01-02', last: '2024-01-02' }, { first: '2024-01-05', last: '2024-01-06' }] })!;
    expect([twoGaps.why, daysNotInStoreAre(twoGaps)]).toEqual(['the store holds no billing data on 2 Jan 2024 and 5–6 Jan 2024', '2 Jan 2024 and 5–6 Jan 2024 are']);
    expect([dayInStore('2018-11-30', store), dayInStore('2018-12-01', store), dayInStore('2023-11-01', store), dayInStore('2018-09-30', store)]).toEqual([true, false, true, false]);
  });

  it('gaps are the days between billing periods that no period covers, overlaps and abutting periods being none', () => {
    const run = (first: string, last: string) => ({ first, last });
    expect(gapsBetween([])).toEqual([]);
    expect(gapsBetween([run('2026-10-01', '2026-10-31'), run('2026-11-01', '2026-11-14')])).toEqual([]);
    expect(gapsBetween([run('2026-11-01', '2026-11-14'), run('2026-09-01', '2026-10-31'), run('2026-09-20', '2026-09-25')])).toEqual([]);
    expect(gapsBetween([run('2018-10-01', '2018-11-30'), run('2024-09-01', '2024-09-30'), run('2023-11-01', '2023-11-14'), run('2024-09-03', '2024-09-22')])).toEqual([
      run('2018-12-01', '2023-10-31'), run('2023-11-15', '2024-08-31'),
    ]);
  });

  it('none without a span or store days', () => {
    expect(daysNotInStore(null, '2026-10-14', from('2026-10-10'))).toBeNull();
    expect(daysNotInStore('2026-10-14', '2026-10-14', from('2026-10-20'))).toBeNull();
    expect(daysNotInStore('2026-10-01', '2026-10-14', undefined)).toBeNull();
  });
});
