import { describe, expect, it } from 'vitest';
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
