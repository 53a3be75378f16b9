/**
 * Commitments whose purchase no line of the store states (`purchased` null): their purchased, used
 * and unused amounts and their utilisation are blank, and their unused cost of 0 is not a measured
 * zero, since nothing states what was bought: it is null (unusedCostStated). The real FOCUS 1.0
 * sample's 2 Savings Plans are such: their only lines are the usage they covered. `costlens commitments` and the Commitments page say
 * why in the same sentence ({@link unstatedPurchaseNotes}).
 */
import { plural } from '../../lib/text.ts';

/** What {@link unstatedPurchaseNotes} reads of a commitment of the report (`commitmentsJson`). */
export interface CommitmentPurchase {
  type: string;
  /** What was bought in the period (hours or commitment dollars); null when no line of the store states it. */
  purchased: number | string | null;
}

/** What would state a commitment's purchase, by kind: a CUR's fee lines, or FOCUS 1.2's quantities (queries/commitments/utilisation_rows.cte.sql). */
const PURCHASE_LINES = {
  sp: ['Savings Plan', 'commitment', "SavingsPlanRecurringFee lines (a CUR's TotalCommitmentToDate and UsedCommitment)"],
  ri: ['Reserved Instance', 'hours', "RIFee lines (a CUR's hours purchased and unused)"],
} as const;

/** Whether no line of the store states what a commitment bought in the period, so that its utilisation and unused cost are not measured. */
export function purchaseUnstated(commitment: CommitmentPurchase): boolean {
  return commitment.purchased === null;
}

/**
 * Whether a commitment's unused cost is stated: its purchase is (`purchased`, hours or dollars, not
 * null), or an Unused line of its has a cost (`unusedCost` not 0: a FOCUS Unused row's EffectiveCost
 * states it without the quantity). Else its 0 measures nothing: commitmentsJson makes it null, which
 * `costlens commitments` writes `not stated` (csv: an empty cell), the Commitments page `–`.
 */
export function unusedCostStated(purchased: number | string | bigint | null, unusedCost: bigint): boolean {
  return purchased !== null || unusedCost !== 0n;
}

/**
 * Why commitments show no purchased, used or utilisation (`n/a` in `costlens commitments`' summary,
 * blank cells in its table, `–` on the Commitments page): the store holds no line of theirs stating
 * what was bought in the period, one line per kind, e.g. the 2 Savings Plans of the real FOCUS 1.0
 * sample, whose lines are the usage they covered: `2 Savings Plans show no purchased, used or
 * utilisation: no line of theirs in the store states their commitment in the period; that takes
 * their SavingsPlanRecurringFee lines (…), or, in FOCUS, CommitmentDiscountQuantity on their Used
 * and Unused rows (FOCUS 1.2)`. None when every one has them.
 */
export function unstatedPurchaseNotes(report: { commitments: readonly CommitmentPurchase[] }): string[] {
  const unstated = report.commitments.filter(purchaseUnstated);
  return (['sp', 'ri'] as const).flatMap((kind) => {
    const [name, what, feeLines] = PURCHASE_LINES[kind];
    const count = unstated.filter((c) => (kind === 'sp' ? c.type.includes('Savings Plan') : c.type === 'Reserved Instance')).length;
    return count === 0 ? [] : [`${plural(count, name)} ${count === 1 ? 'shows' : 'show'} no purchased, used or utilisation: no line of theirs in the store states their ${what} in the period; `
      + `that takes their ${feeLines}, or, in FOCUS, CommitmentDiscountQuantity on their Used and Unused rows (FOCUS 1.2)`];
  });
}
