/**
 * An RI's fees over a range, exact: queries/commitments/utilisation_rows.cte.sql divides no money
 * (DuckDB divides DECIMALs as DOUBLE). A row whose RIFee hours the range or the end of the
 * data cuts (`cut`) comes with its fees whole and the whole numbers to prorate them by (fee_held and
 * unused_held of fee_span); the division is done here, once, in bigint units, rounded to 1e-10 half
 * away from zero (divideRounded). fee_held, unused_held and fee_span are read, as every DECIMAL, in
 * units of 1e-10: only their ratios count. A row not cut carries the bill's own figures, which stand as they are.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { divideRounded } from '../../lib/money.ts';

type Row = QueryRowTypes['commitments/utilisation_until'];

/** An RI's fees and unused fees over the range, and the commitment's unused cost, in units of 1e-10. */
export interface RangeFees {
  recurringFee: bigint | null;
  amortisedUpfrontFee: bigint | null;
  unusedRecurringFee: bigint | null;
  unusedUpfrontFee: bigint | null;
  unusedCost: bigint;
}

/**
 * The range's fees of a row of commitments/utilisation(_until): its own when not cut; else its
 * fees × fee_held ÷ fee_span, its unused fees its fees × unused_held ÷ fee_span, and its unused cost
 * the unused cost of its other Unused rows plus both unused fees.
 */
export function rangeFees(row: Row): RangeFees {
  if (!row.cut) {
    return {
      recurringFee: row.recurring_fee, amortisedUpfrontFee: row.amortised_upfront_fee,
      unusedRecurringFee: row.unused_recurring_fee, unusedUpfrontFee: row.unused_upfront_fee, unusedCost: row.unused_cost ?? 0n,
    };
  }
  const prorated = (fee: bigint | null, part: bigint | null) => (fee === null || part === null || row.fee_span === null ? null : divideRounded(fee * part, row.fee_span));
  const unusedRecurringFee = prorated(row.fee_recurring, row.unused_held);
  const unusedUpfrontFee = prorated(row.fee_upfront, row.unused_held);
  return {
    recurringFee: prorated(row.fee_recurring, row.fee_held),
    amortisedUpfrontFee: prorated(row.fee_upfront, row.fee_held),
    unusedRecurringFee,
    unusedUpfrontFee,
    unusedCost: (row.unused_other_cost ?? 0n) + (unusedRecurringFee ?? 0n) + (unusedUpfrontFee ?? 0n),
  };
}
