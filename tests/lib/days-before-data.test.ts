/**
 * The days of a span before a store's first charge day: the Overview and Explore compare a span with
 * an earlier one, and days before the data are not in the store, so they are not $0.00 of spend
 * (the pages' sentences: tests/server/dashboards.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { daysBeforeData } from '../../src/lib/calendar.ts';

describe("days of last month's span before the store's billing data", () => {
  it('none when the data begins on or before the span', () => {
    expect(daysBeforeData('2026-10-01', '2026-10-14', '2026-10-01')).toBeNull();
    expect(daysBeforeData('2026-10-01', '2026-10-14', '2026-09-01')).toBeNull();
  });

  it('part of the span when the data begins inside it: its first days, counted as no spend', () => {
    expect(daysBeforeData('2026-10-01', '2026-10-14', '2026-10-10')).toEqual({ first: '2026-10-01', last: '2026-10-09', days: 9, all: false, dataBegins: '2026-10-10' });
    expect(daysBeforeData('2026-10-01', '2026-10-14', '2026-10-13')).toEqual({ first: '2026-10-01', last: '2026-10-12', days: 12, all: false, dataBegins: '2026-10-13' });
  });

  it('all of it when the data begins after its last day (end exclusive)', () => {
    expect(daysBeforeData('2026-10-01', '2026-10-14', '2026-10-14')).toEqual({ first: '2026-10-01', last: '2026-10-13', days: 13, all: true, dataBegins: '2026-10-14' });
    expect(daysBeforeData('2018-09-01', '2018-10-01', '2018-10-01')).toEqual({ first: '2018-09-01', last: '2018-09-30', days: 30, all: true, dataBegins: '2018-10-01' });
  });

  it('none without a span or a store first day', () => {
    expect(daysBeforeData(null, '2026-10-14', '2026-10-10')).toBeNull();
    expect(daysBeforeData('2026-10-14', '2026-10-14', '2026-10-20')).toBeNull();
    expect(daysBeforeData('2026-10-01', '2026-10-14', undefined)).toBeNull();
  });
});
