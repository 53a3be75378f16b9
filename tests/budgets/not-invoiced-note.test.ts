/**
 * A budget's note on the bill of a delivery of fees only not invoiced yet (src/analyze/budgets/not-invoiced.ts)
 * names the deliveries whose lines its actual counts, with their money: two deliveries of fees leave 2023-11
 * open, the budget's scope holds the lines of one of them only. The note named both (its words came from every
 * bill of the month left open while its money came from the scope's lines).
 */
import { describe, expect, it } from 'vitest';
import type { BillingDaySpan } from '../../src/analyze/billing-day-span.ts';
import { afterHorizonNote } from '../../src/analyze/budgets/after-horizon.ts';
import { notInvoicedNote, type SourcedScopeDay } from '../../src/analyze/budgets/not-invoiced.ts';
import type { BudgetPeriod } from '../../src/analyze/budgets/period.ts';
import type { SourceSpans } from '../../src/analyze/source-spans.ts';
import { toUnits } from '../../src/lib/money.ts';

/** A fees delivery whose 2023-11 bill is not invoiced yet, in feesDeliverySpan's words. */
function feesDelivery(account: string): BillingDaySpan {
  const why = `2023-11 is the latest bill of aws/${account} and not invoiced yet`;
  return {
    firstDay: '2023-11-01', lastDay: '2023-10-31', lastChargeDay: '2023-11-30', lastUsagePeriod: '2023-11',
    wholeBillsOnly: { kind: 'fees', holds: '', reason: '', periods: ['2023-11'], incomplete: { period: '2023-11', why } },
  } as unknown as BillingDaySpan;
}

describe('the note on a bill of fees not invoiced yet', () => {
  const a = feesDelivery('111122223333');
  const b = feesDelivery('444455556666');
  const spans = {
    notInvoicedIn: (period: string) => (period === '2023-11' ? [a, b] : []),
    sourcesOf: (span: BillingDaySpan) => (span === a ? ['aws/111122223333'] : span === b ? ['aws/444455556666'] : ['aws/123412340534']),
  } as unknown as SourceSpans;
  const quarter: BudgetPeriod = { kind: 'quarterly', label: '2023-Q4', first: '2023-10-01', last: '2023-12-31', days: 92 };
  const row = (source: string, units: string, day = '2023-11-13'): SourcedScopeDay => ({ day, billingPeriod: '2023-11', source, units: toUnits(units) });

  it('names only the delivery whose lines the actual counts: $147.38 of aws/111122223333, not aws/444455556666 (none of its lines in scope)', () => {
    // In scope: the legacy CUR's usage (final, not counted here) and 147.384 of aws/111122223333's fees; aws/444455556666's bill is open too, out of scope.
    const note = notInvoicedNote('q', quarter, '2023-11-13', [row('aws/123412340534', '1.6732411158'), row('aws/111122223333', '147.384')], spans);
    expect(note).toBe('q: 2023-Q4: the actual counts $147.38 of billing period 2023-11, not complete: 2023-11 is the latest bill of aws/111122223333 and not invoiced yet.');
  });

  it('both in scope: their sum, 147.384 + 80.496 = 227.88, and both named', () => {
    const note = notInvoicedNote('q', quarter, '2023-11-13', [row('aws/111122223333', '147.384'), row('aws/444455556666', '80.496')], spans);
    expect(note).toBe('q: 2023-Q4: the actual counts $227.88 of billing period 2023-11, not complete: 2023-11 is the latest bill of aws/111122223333 and not invoiced yet; '
      + '2023-11 is the latest bill of aws/444455556666 and not invoiced yet.');
  });

  it('no line of an open bill in scope, or lines after as-of: no note', () => {
    expect(notInvoicedNote('q', quarter, '2023-11-13', [row('aws/123412340534', '1.6732411158')], spans)).toBeNull();
    expect(notInvoicedNote('q', quarter, '2023-11-13', [row('aws/111122223333', '147.384', '2023-11-20')], spans)).toBeNull();
  });
});

describe('the two notes on money a budget\'s actual leaves open or out write it one way: cents, exact only below a cent', () => {
  const month: BudgetPeriod = { kind: 'monthly', label: '2023-11', first: '2023-11-01', last: '2023-11-30', days: 30 };
  const span = { lastDay: '2023-11-13' };
  const after = (units: string) => afterHorizonNote('all', month, span, { units: toUnits(units), first: '2023-11-14', last: '2023-11-14' });
  const fees = feesDelivery('111122223333');
  const spans = { notInvoicedIn: () => [fees], sourcesOf: () => ['aws/111122223333'] } as unknown as SourceSpans;
  const open = (units: string) => notInvoicedNote('all', month, '2023-11-13', [{ day: '2023-11-13', billingPeriod: '2023-11', source: 'aws/111122223333', units: toUnits(units) }], spans);

  it('12.3456 is $12.35 in both (the after-horizon note read the exact $12.3456), 0.0090675816 $0.01 (it read $0.0090675816); 0.0042, no cent, is exact in both', () => {
    expect([after('12.3456'), open('12.3456')]).toEqual([
      'all: 2023-11: the actual counts the complete days to 13 Nov 2023, the data horizon; it leaves out $12.35 of lines in scope dated 14 Nov 2023, a day not complete yet '
        + '(`costlens invoice` counts them in the bill of the days the store holds).',
      'all: 2023-11: the actual counts $12.35 of billing period 2023-11, not complete: 2023-11 is the latest bill of aws/111122223333 and not invoiced yet.',
    ]);
    expect(after('0.0090675816')).toContain('it leaves out $0.01 of lines in scope');
    expect(after('0.0042')).toContain('it leaves out $0.0042 of lines in scope');
    expect(open('0.0042')).toBe('all: 2023-11: the actual counts $0.0042 of billing period 2023-11, not complete: 2023-11 is the latest bill of aws/111122223333 and not invoiced yet.');
    // A credit: a true minus sign, in cents.
    expect(after('-3.205')).toContain('it leaves out −$3.21 of lines in scope');
  });
});
