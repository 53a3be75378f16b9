import { describe, expect, it } from 'vitest';
import { budgetChargeDaySums, chargeDayBasisNote, type BilledScopeDay } from '../../src/analyze/budgets/charge-day-basis.ts';
import { evaluateBudgets } from '../../src/analyze/budgets/evaluate.ts';
import { comparedDaysName, periodContaining, sameDaysBefore, type BudgetPeriod } from '../../src/analyze/budgets/period.ts';
import type { ChargedDays } from '../../src/analyze/invoice-days.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { duckdbRows, REAL_FOCUS } from '../helpers/cli.ts';

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
  /** The rows a budget over the whole FOCUS sample sums: September's bill, and October's Oracle line ($0.24 billed) on 30 Sep. */
  const wholeBill = [{ day: '2024-09-15', billingPeriod: '2024-09', units: toUnits('20.2802267289') }, { day: '2024-09-30', billingPeriod: '2024-10', units: toUnits('0.24') }];
  const note = (period: BudgetPeriod, asOf: string, rows: BilledScopeDay[], charged: ChargedDays = focus) => chargeDayBasisNote('whole', period, budgetChargeDaySums(period, asOf, rows), charged);

  it('a period whose days hold lines in scope of another billing period holds them, with their amount; one whose bill has lines charged before it leaves them out', () => {
    expect(note(periodContaining('monthly', '2024-09-30'), '2024-09-30', wholeBill))
      .toBe(`whole: 2024-09: ${BASIS}: the actual holds $0.24 of billing period 2024-10 charged on 30 Sep 2024.`);
    expect(note(periodContaining('quarterly', '2024-09-30'), '2024-09-30', wholeBill))
      .toBe(`whole: 2024-Q3: ${BASIS}: the actual holds $0.24 of billing period 2024-10 charged on 30 Sep 2024.`);
    expect(note(periodContaining('quarterly', '2024-10-01'), '2024-10-31', wholeBill))
      .toBe(`whole: 2024-Q4: ${BASIS}: the actual leaves out $0.24 of billing period 2024-10 charged on 30 Sep 2024.`);
  });

  it('nothing when the days are not counted yet, when a quarter holds the bill and its days, or when every line is charged in its month', () => {
    expect(note(periodContaining('monthly', '2024-09-15'), '2024-09-29', wholeBill.filter((r) => r.day <= '2024-09-29'))).toBeNull();
    const late = new Map([['2024-08', { first: '2024-08-01', last: '2024-09-01' }]]);
    const lateRows = [{ day: '2024-08-31', billingPeriod: '2024-08', units: toUnits('100') }, { day: '2024-09-01', billingPeriod: '2024-08', units: toUnits('1.005') }];
    expect(note(periodContaining('quarterly', '2024-09-15'), '2024-09-30', lateRows, late)).toBeNull();
    expect(note(periodContaining('monthly', '2024-09-15'), '2024-09-30', lateRows, late))
      .toBe(`whole: 2024-09: ${BASIS}: the actual holds $1.01 of billing period 2024-08 charged on 1 Sep 2024.`);
    // Read to 1 Sep once August is complete, August's own line charged after it is left out.
    expect(note(periodContaining('monthly', '2024-08-15'), '2024-08-31', lateRows, late))
      .toBe(`whole: 2024-08: ${BASIS}: the actual leaves out $1.01 of billing period 2024-08 charged on 1 Sep 2024.`);
    expect(note(periodContaining('monthly', '2024-09-15'), '2024-09-30', wholeBill.slice(0, 1), new Map([['2024-09', { first: '2024-09-01', last: '2024-09-30' }]]))).toBeNull();
    // Below a cent, exact, as budgets' other notes write money (it read "$0.00").
    const subCent = [lateRows[0], { ...lateRows[1], units: toUnits('0.004') }];
    expect(note(periodContaining('monthly', '2024-08-15'), '2024-08-31', subCent, late))
      .toBe(`whole: 2024-08: ${BASIS}: the actual leaves out $0.004 of billing period 2024-08 charged on 1 Sep 2024.`);
  });

  it('per budget, from its own scope: none of the Oracle line in scope (EC2), or lines of 2024-10 summing to zero, say nothing though the store has the line', () => {
    expect(note(periodContaining('monthly', '2024-09-30'), '2024-09-30', wholeBill.slice(0, 1))).toBeNull();
    expect(note(periodContaining('monthly', '2024-09-30'), '2024-09-30', [])).toBeNull();
    expect(note(periodContaining('monthly', '2024-09-30'), '2024-09-30', [{ day: '2024-09-30', billingPeriod: '2024-10', units: toUnits('0.24') }, { day: '2024-09-30', billingPeriod: '2024-10', units: toUnits('-0.24') }])).toBeNull();
  });

  it('on the FOCUS sample itself: the budget over the whole bill holds the Oracle line\'s $0.24 (the file\'s own sum), one scoped to EC2 and one matching no line say nothing', async () => {
    const [file] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS october_in_september FROM read_csv($focus, all_varchar = true)
      WHERE BillingPeriodStart LIKE '2024-10%' AND ChargePeriodStart < '2024-10-01'`, { focus: REAL_FOCUS });
    expect(file.october_in_september).toBe('0.2400000000');
    const db = await cachedStore([[REAL_FOCUS]]);
    const configs = parseConfig({ budgets: [{ name: 'whole', amount: 100 }, { name: 'ec2', amount: 100, scope: { services: ['Amazon Elastic Compute Cloud'] } }, { name: 'none', amount: 100, scope: { services: ['No Such Service'] } }] });
    const report = await withEngine(db, (engine) => evaluateBudgets(engine, configs));
    expect(report.statuses.map((s) => [s.budget.name, s.period.label, s.asOf])).toEqual([['whole', '2024-09', '2024-09-30'], ['ec2', '2024-09', '2024-09-30'], ['none', '2024-09', '2024-09-30']]);
    // EC2 has lines in September (its actual is not zero), none of them of billing period 2024-10.
    expect(report.statuses[1].actual > 0n && report.statuses[2].actual === 0n).toBe(true);
    expect(report.chargeDayBasis).toEqual([`whole: 2024-09: ${BASIS}: the actual holds $0.24 of billing period 2024-10 charged on 30 Sep 2024.`]);
  });
});
