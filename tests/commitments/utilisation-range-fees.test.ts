/**
 * An RI's fees over a range are divided once, in bigint (src/analyze/commitments/range-fees.ts):
 * queries/commitments/utilisation_rows.cte.sql returns a cut row's fees whole with the whole numbers
 * to prorate them by, and no money of its own. The query divided them itself, twice over (an
 * estimate in DOUBLE corrected by its remainder, for the fees and again for the unused fees).
 * Rows are written here by hand, each expected figure worked out beside it.
 */
import { describe, expect, it } from 'vitest';
import { rangeFees } from '../../src/analyze/commitments/range-fees.ts';
import type { QueryRowTypes } from '../../src/engine/query-types.ts';
import { toUnits } from '../../src/lib/money.ts';

type Row = QueryRowTypes['commitments/utilisation_until'];

/** A row of one RIFee line (the RI's own figures), not cut. */
const WHOLE: Row = {
  billing_period: '2018-11-01', arn: 'arn:aws:ec2:us-east-1:111122223333:reserved-instances/ri', commitment_type: 'Reserved Instance', account_id: null, service: null,
  region: null, availability_zone: null, instance_type: null, operation: null, usage_type: null, offering_class: null, purchase_option: null, lease_length: null,
  sp_offering_type: null, sp_payment_option: null, sp_purchase_term: null, start_time: null, end_time: null, reservations: 1, purchased_hours: toUnits('720'),
  unused_hours: toUnits('720'), purchased_units: null, unused_units: null, covered_units: null, commitment: null, used_commitment: null, commitment_hours: null,
  focus_used_quantity: null, focus_unused_quantity: null, focus_unit: null, recurring_fee: toUnits('21.6'), amortised_upfront_fee: toUnits('21.6164383601'),
  unused_recurring_fee: toUnits('21.6'), unused_upfront_fee: toUnits('21.6164383601'), unused_cost: toUnits('43.2164383601'), used_cost: 0n, covered_on_demand: 0n,
  upfront_payment: 0n, fee_hours: toUnits('720'), fee_recurring: toUnits('21.6'), fee_upfront: toUnits('21.6164383601'), cut: false,
  fee_held: toUnits('2592000000000'), fee_span: toUnits('2592000000000'), unused_held: null, unused_other_cost: 0n,
};

/** The same line cut at half its hours (360 of 720: fee_held = 1,296,000 s × 10^6), all of them unused. */
const HALF: Row = {
  ...WHOLE, cut: true, purchased_hours: toUnits('360'), unused_hours: toUnits('360'), recurring_fee: null, amortised_upfront_fee: null, unused_recurring_fee: null, unused_upfront_fee: null,
  unused_cost: null, fee_held: toUnits('1296000000000'), unused_held: toUnits('1296000000000'),
};

describe('an RI\'s fees over a range, divided once', () => {
  it('a row not cut keeps the bill\'s own figures', () => {
    expect(rangeFees(WHOLE)).toEqual({
      recurringFee: toUnits('21.6'), amortisedUpfrontFee: toUnits('21.6164383601'), unusedRecurringFee: toUnits('21.6'), unusedUpfrontFee: toUnits('21.6164383601'),
      unusedCost: toUnits('43.2164383601'),
    });
  });

  it('cut at half its hours: 21.6164383601 × 1/2 = 10.80821918005 → 10.8082191801 (half away from zero), its unused fees the same, its unused cost their sum', () => {
    expect(rangeFees(HALF)).toEqual({
      recurringFee: toUnits('10.8'), amortisedUpfrontFee: toUnits('10.8082191801'), unusedRecurringFee: toUnits('10.8'), unusedUpfrontFee: toUnits('10.8082191801'),
      unusedCost: toUnits('21.6082191801'),
    });
  });

  it('a negative fee (a refund line) rounds away from zero too: −21.6164383601 × 1/2 → −10.8082191801', () => {
    const refund = rangeFees({ ...HALF, fee_recurring: toUnits('-21.6164383601'), fee_upfront: null });
    expect(refund).toEqual({
      recurringFee: toUnits('-10.8082191801'), amortisedUpfrontFee: null, unusedRecurringFee: toUnits('-10.8082191801'), unusedUpfrontFee: null,
      unusedCost: toUnits('-10.8082191801'),
    });
  });

  it('unused hours a third of the range\'s: 21.60 × 120 ÷ 720 = 3.60 and 21.6164383601 × 120 ÷ 720 = 3.60273972668… → 3.6027397267; with 1.25 of other unused cost, 8.4527397267', () => {
    const third = rangeFees({ ...HALF, unused_held: toUnits('432000000000'), unused_other_cost: toUnits('1.25') });
    expect(third).toMatchObject({ unusedRecurringFee: toUnits('3.6'), unusedUpfrontFee: toUnits('3.6027397267'), unusedCost: toUnits('8.4527397267') });
  });

  it('a cut row without unused hours to prorate by (its fee lines hold no hours) has no unused fees: its unused cost is its other rows\'', () => {
    expect(rangeFees({ ...HALF, unused_held: null, unused_other_cost: toUnits('2.5') })).toMatchObject({ unusedRecurringFee: null, unusedUpfrontFee: null, unusedCost: toUnits('2.5') });
  });
});
