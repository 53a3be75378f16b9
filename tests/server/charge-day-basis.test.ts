/**
 * The Overview's "Every charge class" (by charge day) against its net view (by billing period), as
 * pure functions over invoice/by_charge_class rows: the lines a column holds of another billing
 * period, and those of its own period charged outside its days, each named with its amount and days.
 * The FOCUS sample's case is restated on the real file in tests/server/data-gaps.test.ts; the case of
 * a month before whose bill reaches into this month, which no real file holds, is worked by hand here.
 */
import { describe, expect, it } from 'vitest';
import { chargeDayBasis, chargeDayDifferences, type ChargeDayColumn } from '../../src/server/features/overview/charge-day-basis.ts';

const row = (billingPeriod: string, billed: string, amortised = billed) => ({ billing_period: `${billingPeriod}-01`, billed_cost: billed, amortised_cost: amortised });

describe('where "Every charge class" and the net view part', () => {
  // Billing period 2024-08's lines run to 2 Sep (a late usage line); 2024-10's one line is charged on 30 Sep.
  const charged = new Map([['2024-08', { first: '2024-08-01', last: '2024-09-02' }], ['2024-09', { first: '2024-09-01', last: '2024-09-30' }], ['2024-10', { first: '2024-09-30', last: '2024-09-30' }]]);

  it('this month\'s column holds the lines of other billing periods charged in its days, each named; the sum of the figures shown when it adds up', () => {
    const column: ChargeDayColumn = {
      name: 'Sep 2024', period: '2024-09', days: { first: '2024-09-01', last: '2024-09-30' },
      chargedRows: [row('2024-08', '1.005'), row('2024-09', '20.2802267289'), row('2024-10', '0.24', '0')], shownTotal: '21.5252267289',
    };
    const differences = chargeDayDifferences(column, 'billed', charged);
    expect(differences).toEqual([
      { kind: 'holds', period: '2024-08', amount: '1.0050000000', days: { first: '2024-09-01', last: '2024-09-02' } },
      { kind: 'holds', period: '2024-10', amount: '0.2400000000', days: { first: '2024-09-30', last: '2024-09-30' } },
    ]);
    // $20.28 + $1.01 + $0.24 = $21.53: the figures as shown add up to the total shown.
    expect(chargeDayBasis(column, 'Every charge class, Sep 2024', '20.2802267289', differences)?.chargeClasses).toBe('Counted by charge day, whatever the billing period: Sep 2024 holds '
      + '$1.01 of billing period 2024-08 charged on 1–2 Sep 2024 and $0.24 of billing period 2024-10 charged on 30 Sep 2024, where the net view below counts by billing period (Sep 2024 there: $20.28 + $1.01 + $0.24 = $21.53).');
    // A total the shown figures do not add up to (rounded apart) gets the row's figure alone; in amortised cost the 2024-10 line is $0.00 and is not named.
    expect(chargeDayBasis({ ...column, shownTotal: '21.5202267289' }, 'Every charge class, Sep 2024', '20.2802267289', differences)?.netView).toBe('Counted by billing period, where “Every charge class, Sep 2024” counts by charge day: '
      + 'its Sep 2024 holds $1.01 of billing period 2024-08 charged on 1–2 Sep 2024 and $0.24 of billing period 2024-10 charged on 30 Sep 2024 (Sep 2024 here: $20.28).');
    expect(chargeDayDifferences(column, 'effective', charged).map((d) => d.period)).toEqual(['2024-08']);
  });

  it('last month\'s whole-month column leaves out its own bill\'s lines charged after it, which the net view\'s row counts', () => {
    const column: ChargeDayColumn = {
      name: 'Aug 2024 (whole month)', period: '2024-08', days: { first: '2024-08-01', last: '2024-08-31' },
      chargedRows: [row('2024-08', '100.00')], netRows: [row('2024-08', '101.005')], shownTotal: '100.00',
    };
    const differences = chargeDayDifferences(column, 'billed', charged);
    expect(differences).toEqual([{ kind: 'leaves out', period: '2024-08', amount: '1.0050000000', days: { first: '2024-09-01', last: '2024-09-02' } }]);
    expect(chargeDayBasis(column, 'Every charge class, Sep 2024', '101.005', differences)?.chargeClasses).toBe('Counted by charge day, whatever the billing period: Aug 2024 (whole month) leaves out '
      + '$1.01 of billing period 2024-08 charged on 1–2 Sep 2024, where the net view below counts by billing period (Aug 2024 there: $101.01 − $1.01 = $100.00).');
  });

  it('nothing when both count the same lines', () => {
    const column: ChargeDayColumn = { name: 'Sep 2024', period: '2024-09', days: { first: '2024-09-01', last: '2024-09-30' }, chargedRows: [row('2024-09', '5')], shownTotal: '5' };
    expect(chargeDayDifferences(column, 'billed', charged)).toEqual([]);
    expect(chargeDayBasis(column, 'Every charge class, Sep 2024', '5', [])).toBeNull();
  });
});
