/**
 * Which days a weekly report compares: a whole week against the whole week before, or, when the
 * week's data ends before its Sunday, its first days against the same days of the weeks before;
 * and which of those days the store does not hold (then nothing is compared).
 */
import { describe, expect, it } from 'vitest';
import { averagedDays, weekColumns } from '../../src/report/layout-comparison.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
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

  it('a partial day after the horizon (usage stopping before midnight: the span\'s lastUsageDay) is partial, not missing; on the week\'s Sunday the week is still incomplete', () => {
    const partial = dataStatus({ ...span('2024-01-01', '2024-03-06'), lastUsageDay: '2024-03-07' }, { firstDay: '2024-01-01', gaps: [] }, W10, 3, 3);
    expect([partial.partialDays, partial.missingDays, partial.weekDaysHeld]).toEqual([['2024-03-07'], ['2024-03-08', '2024-03-09', '2024-03-10'], 3]);
    const sunday = dataStatus({ ...span('2024-01-01', '2024-03-09'), lastUsageDay: '2024-03-10' }, { firstDay: '2024-01-01', gaps: [] }, W10, 3, 6);
    expect([sunday.partialDays, sunday.missingDays]).toEqual([['2024-03-10'], []]);
    expect(dataWarnings({ week: W10, status: sunday } as WeeklyReport)[0])
      .toBe('Incomplete week: the store has billing data up to 9 Mar 2024; 10 Mar 2024 is a partial day (not all of its usage is in the store), so this week\'s days are compared with the same days of the weeks before.');
  });

  it('a store that begins on last Tuesday: only the compared days of last week count, and one of them is missing', () => {
    const status = dataStatus(span('2024-02-27', '2024-03-05'), { firstDay: '2024-02-27', gaps: [] }, W10, 3, 2);
    expect(status.comparedDays).toBe(2);
    expect(status.lastWeekNotInStore).toMatchObject({ runs: [{ first: '2024-02-26', last: '2024-02-26' }], days: 1, all: false });
  });
});

describe('the days the 4-week average takes, and the days of the week columns', () => {
  // The four weeks before 2026-W46 (9–15 Nov): W42 12–18 Oct, W43 19–25 Oct, W44 26 Oct – 1 Nov, W45 2–8 Nov.
  const W46 = parseIsoWeek('2026-W46');
  const store = (gaps: { first: string; last: string }[] = []) => ({ firstDay: '2026-09-01', gaps });

  it('whole weeks that follow each other are one span: "12 Oct – 8 Nov 2026", "12 Oct – 8 Nov" in a column head', () => {
    const status = dataStatus(span('2026-09-01', '2026-11-30'), store(), W46, 3, 7);
    expect(status.averaged.map((w) => [w.start, w.end])).toEqual([['2026-10-12', '2026-10-19'], ['2026-10-19', '2026-10-26'], ['2026-10-26', '2026-11-02'], ['2026-11-02', '2026-11-09']]);
    expect([averagedDays(status, true), averagedDays(status, false)]).toEqual(['12 Oct – 8 Nov 2026', '12 Oct – 8 Nov']);
  });

  it('a week with days in a gap is not averaged, and the days around it are named apart: "12–25 Oct and 2–8 Nov 2026"', () => {
    const status = dataStatus(span('2026-09-01', '2026-11-30'), store([{ first: '2026-10-29', last: '2026-10-31' }]), W46, 3, 7);
    expect(status.averaged.map((w) => w.label)).toEqual(['2026-W42', '2026-W43', '2026-W45']);
    expect(averagedDays(status, true)).toBe('12–25 Oct and 2–8 Nov 2026');
  });

  it('a week cut short at the horizon (Saturday 14 Nov) averages the same days of the weeks before: "Mon–Sat of each week of 12 Oct – 8 Nov 2026"; none in the store: null', () => {
    const status = dataStatus(span('2026-09-01', '2026-11-14'), store(), W46, 3, 6);
    expect(status.averaged.map((w) => [w.start, w.last])).toEqual([['2026-10-12', '2026-10-17'], ['2026-10-19', '2026-10-24'], ['2026-10-26', '2026-10-31'], ['2026-11-02', '2026-11-07']]);
    expect(averagedDays(status, true)).toBe('Mon–Sat of each week of 12 Oct – 8 Nov 2026');
    expect(averagedDays(dataStatus(span('2026-11-09', '2026-11-14'), { firstDay: '2026-11-09', gaps: [] }, W46, 3, 6), true)).toBeNull();
  });

  it('weeks across the new year name both years: "15 Dec 2025 – 11 Jan 2026"; across a gap "15–21 Dec and 29 Dec 2025 – 11 Jan 2026"', () => {
    const W03 = parseIsoWeek('2026-W03'); // 12–18 Jan 2026
    expect(averagedDays(dataStatus(span('2025-09-01', '2026-01-31'), { firstDay: '2025-09-01', gaps: [] }, W03, 3, 7), true)).toBe('15 Dec 2025 – 11 Jan 2026');
    const gap = dataStatus(span('2025-09-01', '2026-01-31'), { firstDay: '2025-09-01', gaps: [{ first: '2025-12-24', last: '2025-12-24' }] }, W03, 3, 7);
    expect(averagedDays(gap, true)).toBe('15–21 Dec and 29 Dec 2025 – 11 Jan 2026');
  });

  it('the week columns of the cuts and movers name their days, the compared days of a week cut short', () => {
    const report = (comparedDays: number) => ({ week: W46, status: { comparedDays } }) as unknown as WeeklyReport;
    expect(weekColumns(report(7))).toEqual(['This week (9–15 Nov)', 'Last week (2–8 Nov)']);
    expect(weekColumns(report(6))).toEqual(['This week (9–14 Nov)', 'Last week (2–7 Nov)']);
    expect(weekColumns({ week: parseIsoWeek('2026-W49'), status: { comparedDays: 7 } } as unknown as WeeklyReport)).toEqual(['This week (30 Nov – 6 Dec)', 'Last week (23–29 Nov)']);
    expect(weekColumns({ week: parseIsoWeek('2026-W45'), status: { comparedDays: 1 } } as unknown as WeeklyReport)).toEqual(['This week (2 Nov)', 'Last week (26 Oct)']);
  });
});
