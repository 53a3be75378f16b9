/**
 * Utilisation per commitment, as AWS's own reports define it:
 * - Reserved Instances (Cost Explorer RI utilisation; API ReservationAggregates): purchased hours,
 *   used hours (TotalActualHours) = purchased − unused, utilisation = used ÷ purchased; the same in
 *   normalised units (UtilizationPercentageInUnits) for EC2.
 * - Savings Plans (SP utilisation report; API SavingsPlansUtilization): used commitment ÷ total
 *   commitment, in dollars.
 * The unused commitment cost is the EffectiveCost of the commitment's Unused rows: for an RI its
 * unused recurring fee plus unused amortised upfront fee, for a Savings Plan its unused commitment.
 */
import type { RawParams } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery, type QueryRowTypes } from '../../engine/query-types.ts';
import { numberOfUnits } from '../../lib/money.ts';
import { codePointOrder } from '../../lib/order.ts';
import { reservationSizeLock } from '../instance-commitments.ts';
import { rangeFees } from './range-fees.ts';

/** One commitment over the range (its billing periods summed). Money in units of 1e-10. */
export interface CommitmentUsage {
  arn: string;
  /** `Reserved Instance`, `Compute Savings Plan`, `EC2 Instance Savings Plan`, `SageMaker Savings Plan`, `Savings Plan`. */
  type: string;
  kind: 'ri' | 'sp' | 'other';
  accountId: string | null;
  service: string | null;
  region: string | null;
  availabilityZone: string | null;
  instanceType: string | null;
  /** EC2 and RDS RIs: AWS's size flexibility rule (src/analyze/instance-commitments.ts, reservationSizeLock); null where not determined. */
  sizeFlexible: boolean | null;
  offeringClass: string | null;
  paymentOption: string | null;
  term: string | null;
  reservations: number | null;
  start: string | null;
  end: string | null;
  /** `Hrs` for RIs, `USD` for Savings Plans, else the FOCUS CommitmentDiscountUnit. */
  unit: string | null;
  /** Hours (RI) or dollars (SP, the double nearest `commitment`; exact figures come from the bigints) as a number of the unit; null where the source cannot say. */
  purchased: number | null;
  used: number | null;
  unused: number | null;
  purchasedUnits: number | null;
  unusedUnits: number | null;
  /** Savings Plans: commitment, used commitment, and the hours of commitment (for the hourly commitment). */
  commitment: bigint | null;
  usedCommitment: bigint | null;
  commitmentHours: number | null;
  recurringFee: bigint | null;
  amortisedUpfrontFee: bigint | null;
  /**
   * RIs: the hours its RIFee lines pay for and their fees (recurring + amortised upfront), whole,
   * whatever part of them the range counts: what it costs an hour. Summed billing periods keep the
   * latest period's. Null without RIFee lines.
   */
  wholeFeeHours: number | null;
  wholeFees: bigint | null;
  unusedRecurringFee: bigint | null;
  unusedUpfrontFee: bigint | null;
  unusedCost: bigint;
  usedCost: bigint;
  coveredOnDemand: bigint;
  upfrontPayment: bigint;
  /** Billing periods (`YYYY-MM`) the range holds lines of this commitment for. */
  periods: string[];
}

const SP_TYPES: Record<string, string> = {
  ComputeSavingsPlans: 'Compute Savings Plan',
  EC2InstanceSavingsPlans: 'EC2 Instance Savings Plan',
  SageMakerSavingsPlans: 'SageMaker Savings Plan',
};

type Row = QueryRowTypes['commitments/utilisation_until'];

/**
 * The parameters of queries/commitments/utilisation_until.sql: a range (billing or charge bounds) and
 * `data_ends_at`, where the store's usage ends in the billing periods it reads (horizon.ts, dataEndParam).
 */
export type UtilisationParams = RawParams & { data_ends_at: string };
const addNum = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
/** Hours or units the query gives exactly (DECIMAL, in units of 1e-10) as the double nearest them; null stays null. */
const quantityOf = (units: bigint | null) => (units === null ? null : numberOfUnits(units));
const addMoney = (a: bigint | null, b: bigint | null) => (a === null ? b : b === null ? a : a + b);

/** Reads every commitment with lines in the range, its billing periods summed (query commitments/utilisation_until). */
export async function readCommitmentUsage(engine: Engine, params: UtilisationParams): Promise<CommitmentUsage[]> {
  return mergeCommitments(await readCommitmentPeriods(engine, params));
}

/** Sums the billing periods of each commitment. */
export function mergeCommitments(periods: readonly CommitmentUsage[]): CommitmentUsage[] {
  const byArn = new Map<string, CommitmentUsage>();
  for (const current of periods) {
    const seen = byArn.get(current.arn);
    byArn.set(current.arn, seen ? merge(seen, current) : current);
  }
  return [...byArn.values()].map(withDerivedQuantities).sort(byTypeAndArn);
}

/** Reads one row per commitment and billing period with lines in the range, in period order. */
export async function readCommitmentPeriods(engine: Engine, params: UtilisationParams): Promise<CommitmentUsage[]> {
  const rows = await runQuery(engine, 'commitments/utilisation_until', params);
  return rows.map((row) => withDerivedQuantities(fromRow(row)));
}

/** Reserved Instances first, then Savings Plans by type, each by ARN. */
export function byTypeAndArn(a: CommitmentUsage, b: CommitmentUsage): number {
  return codePointOrder(a.type, b.type) || codePointOrder(a.arn, b.arn);
}

function fromRow(r: Row): CommitmentUsage {
  const kind = r.commitment_type === 'Reserved Instance' ? 'ri' : r.commitment_type === 'Savings Plan' ? 'sp' : 'other';
  const type = kind === 'ri' ? 'Reserved Instance' : kind === 'sp' ? (SP_TYPES[r.sp_offering_type ?? ''] ?? 'Savings Plan') : (r.commitment_type ?? 'Commitment');
  const availabilityZone = r.availability_zone;
  return {
    arn: r.arn!,
    type,
    kind,
    accountId: r.account_id,
    service: r.service,
    region: r.region,
    availabilityZone,
    instanceType: r.instance_type,
    sizeFlexible: kind === 'ri' && (r.service === 'AmazonEC2' || r.service === 'AmazonRDS') && r.operation !== null
      ? reservationSizeLock({ operation: r.operation, usage_type: r.usage_type, reservation_zone: availabilityZone }) === null
      : null,
    offeringClass: r.offering_class,
    paymentOption: kind === 'sp' ? r.sp_payment_option : r.purchase_option,
    term: kind === 'sp' ? r.sp_purchase_term : r.lease_length,
    reservations: r.reservations,
    start: r.start_time,
    end: r.end_time,
    unit: kind === 'ri' ? 'Hrs' : kind === 'sp' ? 'USD' : r.focus_unit,
    purchased: quantityOf(r.purchased_hours),
    used: null,
    unused: quantityOf(r.unused_hours),
    purchasedUnits: quantityOf(r.purchased_units),
    unusedUnits: quantityOf(r.unused_units),
    commitment: r.commitment,
    usedCommitment: r.used_commitment,
    commitmentHours: quantityOf(r.commitment_hours),
    wholeFeeHours: quantityOf(r.fee_hours),
    wholeFees: r.fee_recurring === null ? null : r.fee_recurring + (r.fee_upfront ?? 0n),
    ...rangeFees(r),
    usedCost: r.used_cost ?? 0n,
    coveredOnDemand: r.covered_on_demand ?? 0n,
    upfrontPayment: r.upfront_payment ?? 0n,
    periods: [String(r.billing_period).slice(0, 7)],
    ...focusQuantities(r, kind),
  };
}

/** FOCUS rows carry no RI hours or SP commitment: their used and unused CommitmentDiscountQuantity stand in. */
function focusQuantities(r: Row, kind: CommitmentUsage['kind']): Partial<CommitmentUsage> {
  if (r.purchased_hours !== null || r.commitment !== null) return {};
  const used = quantityOf(r.focus_used_quantity);
  const unused = quantityOf(r.focus_unused_quantity);
  if (used === null && unused === null) return {};
  return { unit: r.focus_unit ?? (kind === 'sp' ? 'USD' : null), purchased: (used ?? 0) + (unused ?? 0), unused: unused ?? 0 };
}

/** Sums two billing periods of one commitment; attributes (and the RI's fees an hour) come from the later one. */
function merge(earlier: CommitmentUsage, later: CommitmentUsage): CommitmentUsage {
  return {
    ...later,
    used: null,
    start: earlier.start ?? later.start,
    end: later.end ?? earlier.end,
    purchased: addNum(earlier.purchased, later.purchased),
    unused: addNum(earlier.unused, later.unused),
    purchasedUnits: addNum(earlier.purchasedUnits, later.purchasedUnits),
    unusedUnits: addNum(earlier.unusedUnits, later.unusedUnits),
    commitment: addMoney(earlier.commitment, later.commitment),
    usedCommitment: addMoney(earlier.usedCommitment, later.usedCommitment),
    commitmentHours: addNum(earlier.commitmentHours, later.commitmentHours),
    recurringFee: addMoney(earlier.recurringFee, later.recurringFee),
    amortisedUpfrontFee: addMoney(earlier.amortisedUpfrontFee, later.amortisedUpfrontFee),
    unusedRecurringFee: addMoney(earlier.unusedRecurringFee, later.unusedRecurringFee),
    unusedUpfrontFee: addMoney(earlier.unusedUpfrontFee, later.unusedUpfrontFee),
    unusedCost: earlier.unusedCost + later.unusedCost,
    usedCost: earlier.usedCost + later.usedCost,
    coveredOnDemand: earlier.coveredOnDemand + later.coveredOnDemand,
    upfrontPayment: earlier.upfrontPayment + later.upfrontPayment,
    periods: [...earlier.periods, ...later.periods],
  };
}

/** Used = purchased − unused; a Savings Plan's quantities are its commitment in dollars. */
function withDerivedQuantities(c: CommitmentUsage): CommitmentUsage {
  if (c.kind === 'sp' && c.commitment !== null) {
    const used = c.usedCommitment ?? 0n;
    return { ...c, purchased: unitsToNumber(c.commitment), used: unitsToNumber(used), unused: unitsToNumber(c.commitment - used) };
  }
  return { ...c, used: c.purchased === null ? null : c.purchased - (c.unused ?? 0) };
}

/**
 * Dollars as a number, the double nearest the exact amount (numberOfUnits), for ratios only: a
 * Savings Plan's purchased, used and unused quantities; its money leaves as exact decimal text, and
 * percentages of money are exact (percentOf).
 */
export function unitsToNumber(units: bigint): number {
  return numberOfUnits(units);
}

/** `part ÷ whole × 100` to two decimals; null when there is nothing to divide by. */
export function percent(part: number, whole: number | null): number | null {
  if (whole === null || whole === 0) return null;
  return Math.round((part / whole) * 10000) / 100;
}
