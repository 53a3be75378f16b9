/**
 * Which days a weekly report compares: a whole week against the whole week before, or, when the
 * week's data ends before its Sunday, its first days against the same days of the weeks before;
 * and which of those days the store does not hold (then nothing is compared).
 */
import { describe, expect, it } from 'vitest';
import { comparedDaysOf, dataStatus, sameDays, spanForWeek } from '../../src/report/week-data.ts';
import { parseIsoWeek } from '../../src/report/week.ts';

const W10 = parseIsoWeek('2024-W10'); // Monday 4 March – Sunday 10 March 2024
const span = (firstDay: string, lastDay: string) => ({ firstDay, lastDay, lastChargeDay: lastDay, lastUsagePeriod: lastDay.slice(0, 7) });

describe('the days a weekly report compares', () => {
  it('a whole week when its data reaches its Sunday; its first days when the horizon or a gap stops it earlier; 7 for a week with no day at all', () => {
    expect(comparedDaysOf(W10, { lastDay: '2024-03-31' })).toBe(7);
    expect(comparedDaysOf(W10, { lastDay: '2024-03-10' })).toBe(7);
    expect(comparedDaysOf(W10, { lastDay: '2024-03-06' })).toBe(3);
    expect(comparedDaysOf(W10, { lastDay: '2024-03-04' })).toBe(1);
    expect(comparedDaysOf(W10, { lastDay: '2024-03-01' })).toBe(7);
    expect(sameDays(W10, 3)).toEqual({ label: '2024-W10', start: '2024-03-04', last: '2024-03-06', end: '2024-03-07' });
    expect(sameDays(parseIsoWeek('2024-W09'), 3)).toEqual({ label: '2024-W09', start: '2024-02-26', last: '2024-02-28', end: '2024-02-29' });
    expect(sameDays(W10, 7)).toBe(W10);
  });

  it('an unfinished week: its 3 days against the same 3 days of last week, all in the store', () => {
    const status = dataStatus(span('2024-01-01', '2024-03-06'), { firstDay: '2024-01-01', gaps: [] }, W10, 3, 3);
    expect([status.comparedDays, status.comparedNotInStore, status.lastWeekNotInStore, status.missingDays]).toEqual([3, null, null, ['2024-03-07', '2024-03-08', '2024-03-09', '2024-03-10']]);
  });

  it('a gap inside the week that its data resumes after: the whole week is compared in span, and its days in the gap are named, so it is not compared', () => {
    const store = { firstDay: '2024-01-01', gaps: [{ first: '2024-03-06', last: '2024-03-07' }] };
    const reported = spanForWeek(span('2024-01-01', '2024-03-31'), store, W10);
    expect(reported.lastDay).toBe('2024-03-31');
    const status = dataStatus(span('2024-01-01', '2024-03-31'), store, W10, 3, comparedDaysOf(W10, reported));
    expect(status.comparedDays).toBe(7);
    expect(status.weekDaysHeld).toBe(5);
    expect(status.comparedNotInStore).toMatchObject({ runs: [{ first: '2024-03-06', last: '2024-03-07' }], days: 2, all: false });
    expect(status.lastWeekNotInStore).toBeNull();
  });

  it('a store that begins on last Tuesday: only the compared days of last week count, and one of them is missing', () => {
    const status = dataStatus(span('2024-02-27', '2024-03-05'), { firstDay: '2024-02-27', gaps: [] }, W10, 3, 2);
    expect(status.comparedDays).toBe(2);
    expect(status.lastWeekNotInStore).toMatchObject({ runs: [{ first: '2024-02-26', last: '2024-02-26' }], days: 1, all: false });
  });
});
