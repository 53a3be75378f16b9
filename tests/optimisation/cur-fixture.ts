/**
 * A hand-built legacy Cost and Usage Report (CSV, `category/Name` headers) for the commitment
 * specifications: usage covered by a Reserved Instance (DiscountedUsage) or a Savings Plan
 * (SavingsPlanCoveredUsage and its SavingsPlanNegation), and the commitments' own RIFee and
 * SavingsPlanRecurringFee lines with their unused hours.
 */

/** The CUR line item types the fixtures use. */
export type CurLineType = 'Usage' | 'DiscountedUsage' | 'SavingsPlanCoveredUsage' | 'SavingsPlanNegation' | 'RIFee' | 'SavingsPlanRecurringFee';

/** One CUR line. Dates are `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` (UTC); the end defaults to a day later. */
export interface CurLine {
  type: CurLineType;
  start: string;
  end?: string;
  account: string;
  region: string;
  resourceId?: string;
  usageType: string;
  quantity: number;
  /** lineItem/UnblendedCost (exact decimal text). */
  cost: string;
  instanceType?: string;
  /** pricing/publicOnDemandRate. */
  listRate?: string;
  reservationArn?: string;
  /** reservation/EffectiveCost of a DiscountedUsage line. */
  riEffectiveCost?: string;
  riUnusedQuantity?: string;
  riUnusedRecurringFee?: string;
  riUnusedAmortizedUpfront?: string;
  savingsPlanArn?: string;
  /** savingsPlan/SavingsPlanEffectiveCost of a SavingsPlanCoveredUsage line. */
  spEffectiveCost?: string;
  spTotalCommitment?: string;
  spUsedCommitment?: string;
  /** savingsPlan/OfferingType of a Savings Plan line (default ComputeSavingsPlans, as AWS writes it on every line of a Compute plan). */
  spOfferingType?: string;
  /** lineItem/Operation (default RunInstances, Linux/UNIX; none on fee lines). */
  operation?: string;
  /** reservation/AvailabilityZone of a zonal reservation's lines. */
  riAvailabilityZone?: string;
  /** reservation/StartTime and reservation/EndTime of an RI's lines (`YYYY-MM-DDTHH:MM:SS`, UTC): its term. Written only when a line of the file has one. */
  riStart?: string;
  riEnd?: string;
}

const PAYER = '999999999999';

const HEADER = ['identity/LineItemId', 'bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate', 'lineItem/UsageAccountId',
  'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/Operation',
  'lineItem/ResourceId', 'lineItem/UsageAmount', 'lineItem/CurrencyCode', 'lineItem/UnblendedCost', 'product/ProductName', 'product/instanceType',
  'product/regionCode', 'pricing/publicOnDemandRate', 'pricing/unit', 'reservation/EffectiveCost', 'reservation/ReservationARN',
  'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod', 'reservation/UnusedQuantity', 'reservation/UnusedRecurringFee',
  'savingsPlan/SavingsPlanARN', 'savingsPlan/SavingsPlanEffectiveCost', 'savingsPlan/TotalCommitmentToDate', 'savingsPlan/UsedCommitment',
  'savingsPlan/OfferingType', 'reservation/AvailabilityZone'];

const stamp = (d: string) => new Date(d.length === 10 ? `${d}T00:00:00Z` : `${d}Z`);
const iso = (d: Date) => d.toISOString();

/** The term columns, written when a line has a term. */
const TERM_HEADER = ['reservation/StartTime', 'reservation/EndTime'];

/** A legacy CUR CSV of `lines` (the billing period of each line is the month it starts in; the term columns only when a line has a term). */
export function curCsv(lines: readonly CurLine[]): string {
  const terms = lines.some((l) => l.riStart || l.riEnd);
  const termCells = (l: CurLine) => (terms ? [l.riStart ? iso(stamp(l.riStart)) : '', l.riEnd ? iso(stamp(l.riEnd)) : ''] : []);
  const rows = lines.map((l, i) => {
    const start = stamp(l.start);
    const end = l.end ? stamp(l.end) : new Date(start.getTime() + 86_400_000);
    const periodStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
    const periodEnd = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const fee = l.type === 'RIFee' || l.type === 'SavingsPlanRecurringFee';
    return [`line-${String(i).padStart(6, '0')}`, PAYER, iso(periodStart), iso(periodEnd), l.account, l.type, iso(start), iso(end),
      l.type === 'SavingsPlanRecurringFee' ? 'ComputeSavingsPlans' : 'AmazonEC2', l.usageType, l.operation ?? (fee ? '' : 'RunInstances'), l.resourceId ?? '',
      String(l.quantity), 'USD', l.cost, 'Amazon Elastic Compute Cloud', l.instanceType ?? '', l.region, l.listRate ?? '', 'Hrs',
      l.riEffectiveCost ?? '', l.reservationArn ?? '', l.riUnusedAmortizedUpfront ?? '', l.riUnusedQuantity ?? '', l.riUnusedRecurringFee ?? '',
      l.savingsPlanArn ?? '', l.spEffectiveCost ?? '', l.spTotalCommitment ?? '', l.spUsedCommitment ?? '',
      l.savingsPlanArn ? l.spOfferingType ?? 'ComputeSavingsPlans' : '', l.riAvailabilityZone ?? '', ...termCells(l)].join(',');
  });
  return `${[[...HEADER, ...(terms ? TERM_HEADER : [])].join(','), ...rows].join('\n')}\n`;
}
