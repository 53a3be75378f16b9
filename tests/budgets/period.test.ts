import { describe, expect, it } from 'vitest';
import { chargeDayBasisNote } from '../../src/analyze/budgets/charge-day-basis.ts';
import { comparedDaysName, periodContaining, sameDaysBefore } from '../../src/analyze/budgets/period.ts';

describe('the days a budget period so far is compared with (equal spans of complete days)', () => {
  it('the same days of the period before while it has them', () => {
    const october = periodContaining('monthly', '2025-10-15');
    expect(sameDaysBefore(october, 30)).toEqual({ first: '2025-09-01', last: '2025-09-30' });
    expect(comparedDaysName(october, sameDaysBefore(october, 30))).toBe('the same days of the period before');
    const q2 = periodContaining('quarterly', '2025-05-01');
    expect(sameDaysBefore(q2, 90)).toEqual({ first: '2025-01-01', last: '2025-03-31' });
  });

  it('as many days just before the period when the period before is shorter: never 31 days against 30', () => {
    const october = periodContaining('monthly', '2025-10-15');
    expect(sameDaysBefore(october, 31)).toEqual({ first: '2025-08-31', last: '2025-09-30' });
    expect(comparedDaysName(october, sameDaysBefore(october, 31))).toBe('the 31 days before');
    const march = periodContaining('monthly', '2025-03-01');
    expect(sameDaysBefore(march, 29)).toEqual({ first: '2025-01-31', last: '2025-02-28' });
    const q2 = periodContaining('quarterly', '2025-05-01');
    expect(sameDaysBefore(q2, 91)).toEqual({ first: '2024-12-31', last: '2025-03-31' });
    const leapYear = periodContaining('annual', '2028-06-01');
    expect(sameDaysBefore(leapYear, 366)).toEqual({ first: '2026-12-31', last: '2027-12-31' });
    expect(comparedDaysName(leapYear, sameDaysBefore(leapYear, 366))).toBe('the 366 days before');
  });
});

describe('where counting by charge day (budgets) parts from counting by billing period (invoice, attribute)', () => {
  const BASIS = 'budgets count lines by charge day, whatever their billing period (`costlens invoice` and `attribute` count them by billing period)';
  /** The FOCUS 1.0 sample: billing period 2024-10's one line charged on 30 Sep 2024. */
  const focus = new Map([['2024-09', { first: '2024-09-01', last: '2024-09-30' }], ['2024-10', { first: '2024-09-30', last: '2024-09-30' }]]);

  it('a period whose days hold lines of another billing period holds them; one whose bill has lines charged before it leaves them out', () => {
    expect(chargeDayBasisNote(periodContaining('monthly', '2024-09-30'), '2024-09-30', focus))
      .toBe(`2024-09: ${BASIS}: the actual holds those in scope of billing period 2024-10 charged on 30 Sep 2024.`);
    expect(chargeDayBasisNote(periodContaining('quarterly', '2024-09-30'), '2024-09-30', focus))
      .toBe(`2024-Q3: ${BASIS}: the actual holds those in scope of billing period 2024-10 charged on 30 Sep 2024.`);
    expect(chargeDayBasisNote(periodContaining('quarterly', '2024-10-01'), '2024-10-31', focus))
      .toBe(`2024-Q4: ${BASIS}: the actual leaves out those of billing period 2024-10 charged on 30 Sep 2024.`);
  });

  it('nothing when the days are not counted yet, when a quarter holds the bill and its days, or when every line is charged in its month', () => {
    expect(chargeDayBasisNote(periodContaining('monthly', '2024-09-15'), '2024-09-29', focus)).toBeNull();
    const late = new Map([['2024-08', { first: '2024-08-01', last: '2024-09-01' }]]);
    expect(chargeDayBasisNote(periodContaining('quarterly', '2024-09-15'), '2024-09-30', late)).toBeNull();
    expect(chargeDayBasisNote(periodContaining('monthly', '2024-09-15'), '2024-09-30', late))
      .toBe(`2024-09: ${BASIS}: the actual holds those in scope of billing period 2024-08 charged on 1 Sep 2024.`);
    expect(chargeDayBasisNote(periodContaining('monthly', '2024-09-15'), '2024-09-30', new Map([['2024-09', { first: '2024-09-01', last: '2024-09-30' }]]))).toBeNull();
  });
});
