/**
 * The calendar (src/lib/calendar.ts) as a specification: periods as users write them, ISO weeks,
 * and which days count as real. Every surface reads these through it (the selection parser, budgets,
 * explain spans, the weekly report's --week, query parameters).
 */
import { describe, expect, it } from 'vitest';
import { calendarPeriod, calendarPeriodContaining, earlierDay, isCalendarDay, isIsoDay, isoWeek, lastWholeMonthUpTo, laterDay, monthsTouched, weekOf } from '../../src/lib/calendar.ts';

describe('calendar periods', () => {
  it('a month, a quarter (Q or q) and a year, each with its days [first, end) and its label as written canonically', () => {
    const all = ['month', 'quarter', 'year'] as const;
    expect(calendarPeriod('2026-11', all)).toEqual({ form: 'month', label: '2026-11', first: '2026-11-01', end: '2026-12-01' });
    expect(calendarPeriod('2026-q4', all)).toEqual({ form: 'quarter', label: '2026-Q4', first: '2026-10-01', end: '2027-01-01' });
    expect(calendarPeriod('2024', all)).toEqual({ form: 'year', label: '2024', first: '2024-01-01', end: '2025-01-01' });
  });

  it('is undefined for what is not a period, or a form the caller does not take (a month only, by default)', () => {
    for (const text of ['2026-13', '2026-00', '2026-Q0', '2026-Q5', '0999', '0999-12', ' 2026-11', '2026-11-01', '']) {
      expect(calendarPeriod(text, ['month', 'quarter', 'year']), text).toBeUndefined();
    }
    expect(calendarPeriod('2026-Q4')).toBeUndefined();
    expect(calendarPeriod('2026', ['month', 'quarter'])).toBeUndefined();
  });

  it('the period of a form that holds a day', () => {
    expect(calendarPeriodContaining('quarter', '2026-11-14')).toEqual({ form: 'quarter', label: '2026-Q4', first: '2026-10-01', end: '2027-01-01' });
    expect(calendarPeriodContaining('quarter', '2026-01-01')).toEqual({ form: 'quarter', label: '2026-Q1', first: '2026-01-01', end: '2026-04-01' });
    expect(calendarPeriodContaining('quarter', '2026-06-30')).toEqual({ form: 'quarter', label: '2026-Q2', first: '2026-04-01', end: '2026-07-01' });
    expect(calendarPeriodContaining('year', '2026-11-14')).toEqual({ form: 'year', label: '2026', first: '2026-01-01', end: '2027-01-01' });
    expect(calendarPeriodContaining('month', '2024-02-29')).toEqual({ form: 'month', label: '2024-02', first: '2024-02-01', end: '2024-03-01' });
    expect(monthsTouched('2026-10-15', '2026-12-01')).toEqual(['2026-10', '2026-11']);
  });
});

describe('ISO weeks', () => {
  it('names the weeks a year has: 2026 has 53 (it starts on a Thursday), 2025 has 52', () => {
    expect(isoWeek('2026-W45')).toEqual({ label: '2026-W45', start: '2026-11-02', last: '2026-11-08', end: '2026-11-09' });
    expect(isoWeek('2026-W53')).toEqual({ label: '2026-W53', start: '2026-12-28', last: '2027-01-03', end: '2027-01-04' });
    expect(weekOf('2026-12-31')).toEqual(isoWeek('2026-W53'));
    expect(isoWeek('2026-W01')).toEqual({ label: '2026-W01', start: '2025-12-29', last: '2026-01-04', end: '2026-01-05' });
    for (const text of ['2025-W53', '2026-W00', '2026-W54', '2026-W1', '2026W45']) expect(isoWeek(text), text).toBeUndefined();
  });
});

describe('real days', () => {
  it('a day a user gives is a real calendar day from the year 1000 on; a query bound may be any real day from 0001', () => {
    expect([isIsoDay('2024-02-29'), isIsoDay('2026-02-29'), isIsoDay('2026-02-30'), isIsoDay('0001-01-01')]).toEqual([true, false, false, false]);
    expect([isCalendarDay('0001-01-01'), isCalendarDay('9999-12-31'), isCalendarDay('2026-02-30'), isCalendarDay('2026-2-3')]).toEqual([true, true, false, false]);
  });
});

describe('the later and the earlier of days', () => {
  it('laterDay and earlierDay pick by calendar order, of two days or more, and of periods or timestamps written alike', () => {
    expect(laterDay('2026-11-10', '2026-09-30')).toBe('2026-11-10');
    expect(laterDay('2026-09-30', '2026-11-10')).toBe('2026-11-10');
    expect(earlierDay('2026-11-10', '2026-09-30')).toBe('2026-09-30');
    expect(earlierDay('2026-11-30', '2026-12-31', '2026-11-14')).toBe('2026-11-14');
    expect(laterDay('2025-12-31', '2026-01-01', '2025-12-30')).toBe('2026-01-01');
    expect([laterDay('2026-11-14'), earlierDay('2026-11-14', '2026-11-14')]).toEqual(['2026-11-14', '2026-11-14']);
    expect([laterDay('2026-10', '2026-09'), earlierDay('2026-10-01 06:00:00', '2026-10-01 05:59:59')]).toEqual(['2026-10', '2026-10-01 05:59:59']);
  });
});

describe('the last whole month up to a day', () => {
  it('is the day\'s own month on its last day (a leap February too), else the month before (across a year)', () => {
    expect(['2018-11-30', '2024-02-29', '2024-02-28', '2024-09-29', '2025-01-01'].map(lastWholeMonthUpTo)).toEqual(['2018-11', '2024-02', '2024-01', '2024-08', '2024-12']);
  });
});
