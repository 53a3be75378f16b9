/**
 * A FOCUS file of commitments whose fee lines price them by the hour, written on the header of the
 * real FOCUS 1.0 sample (/work/shared/data/real, read here), for the tests of a FOCUS commitment's
 * fee expected at its hourly rate (`costlens forecast`: tests/trends/forecast-focus-rate.test.ts;
 * the budgets: tests/budgets/focus-rate-*.test.ts). Its lines:
 * - EC2 usage 100.00 a day, 1 Oct – 10 Nov 2025 (data horizon 10 Nov);
 * - an RDS RI bought 31 Oct 20:00 at 1.00 per hour: one line of 4 h, PricingQuantity 4, 4.00;
 * - an ElastiCache RI of 2 nodes bought 31 Oct 14:00 at 0.25 per node-hour: one line of 10 h,
 *   PricingQuantity 20, BilledCost 5.00, EffectiveCost 3.00;
 * - an OpenSearch RI all October with no ContractedUnitPrice, ListUnitPrice 0.10: one line
 *   1 Oct – 1 Nov, PricingQuantity 744, 74.40;
 * - a Savings Plan bought 15 Oct at 0.25 an hour: a line a day (PricingQuantity 24, 6.00), 102.00 over
 *   its 17 October days, 60.00 over 1–10 Nov;
 * - a Redshift RI bought 31 Oct 20:00 whose line prices nothing (no unit price, no PricingUnit): 4.00;
 * - an EC2 RI at 0.50 per hour that expired on 10 Oct 00:00: one line 1 – 10 Oct (216 h),
 *   PricingQuantity 216, 108.00;
 * - a MemoryDB RI bought 31 Oct 21:40:47 at 0.0118 per hour: one line of 8,353 s to 1 Nov,
 *   PricingQuantity 2.320278 (its hours to 6 decimals, as AWS writes them: the real October 2018 CUR
 *   bills an RI bought on 9 Oct 21:40:47 for 530.320278 hours), 0.027379 (0.0118 × 2.320278 =
 *   0.0273792804, to 6 decimals as that CUR bills it).
 */
import { readFileSync } from 'node:fs';
import { addDays } from '../../src/lib/calendar.ts';
import { REAL_FOCUS } from './cli.ts';
import { daysFrom } from './focus-days.ts';

/** The real FOCUS 1.0 sample's header, in its order. */
export const FOCUS_RATE_HEADER = readFileSync(REAL_FOCUS, 'utf8').split('\n', 1)[0].split(',').map((c) => c.replaceAll('"', ''));

/** The services of the file, by what they are in it. */
export const FOCUS_RATE_SERVICE = {
  ec2: 'Amazon Elastic Compute Cloud',
  rds: 'Amazon Relational Database Service',
  cache: 'Amazon ElastiCache',
  search: 'Amazon OpenSearch Service',
  plan: 'Savings Plans for AWS Compute usage',
  redshift: 'Amazon Redshift',
  memorydb: 'Amazon MemoryDB',
} as const;

const ACCOUNT = '123456789012';

/** The CommitmentDiscountId of each commitment of the file. */
export const FOCUS_RATE_ID = {
  rds: `arn:aws:rds:us-east-1:${ACCOUNT}:ri:costlens-db`,
  cache: `arn:aws:elasticache:us-east-1:${ACCOUNT}:reserved-instance:costlens-nodes`,
  search: `arn:aws:es:us-east-1:${ACCOUNT}:reserved-instance/costlens-search`,
  plan: `arn:aws:savingsplans::${ACCOUNT}:savingsplan/costlens-plan`,
  redshift: `arn:aws:redshift:us-east-1:${ACCOUNT}:reserved-node/costlens-warehouse`,
  expired: `arn:aws:ec2:us-east-1:${ACCOUNT}:reserved-instances/costlens-expired`,
  memorydb: `arn:aws:memorydb:us-east-1:${ACCOUNT}:reservednode/costlens-memory`,
} as const;

/** A line of the file: the columns it sets (any other is NULL, as the sample writes it). */
type Line = Record<string, string>;

const monthAfter = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);

/** A line charged from `start` to `end` (store text), for `service`, of `cost` BilledCost and `fields` besides. */
function line(service: string, start: string, end: string, cost: string, fields: Line = {}): Line {
  const month = `${start.slice(0, 7)}-01`;
  return {
    BilledCost: cost, EffectiveCost: cost, BillingAccountId: ACCOUNT, BillingAccountName: 'Costlens Test', BillingCurrency: 'USD',
    BillingPeriodStart: `${month} 00:00:00`, BillingPeriodEnd: `${monthAfter(month)} 00:00:00`, ChargePeriodStart: start, ChargePeriodEnd: end,
    ChargeCategory: 'Usage', ChargeFrequency: 'Usage-Based', ProviderName: 'AWS', PublisherName: 'Amazon Web Services, Inc.',
    InvoiceIssuerName: 'Amazon Web Services, Inc.', RegionId: 'us-east-1', ServiceName: service, SubAccountId: ACCOUNT, SubAccountName: 'Costlens Test', Tags: '{}',
    ...fields,
  };
}

/** The columns of a commitment's recurring fee line: its type and id, and its price (absent: none). */
function fee(type: string, id: string, price: { contracted?: string; list?: string; quantity?: string; unit?: string }): Line {
  return {
    ChargeCategory: 'Purchase', ChargeFrequency: 'Recurring', ChargeDescription: `${type} fee`, CommitmentDiscountType: type,
    CommitmentDiscountId: id, CommitmentDiscountStatus: 'Unused', CommitmentDiscountCategory: type === 'Savings Plan' ? 'Spend' : 'Usage',
    ...(price.contracted ? { ContractedUnitPrice: price.contracted } : {}), ...(price.list ? { ListUnitPrice: price.list } : {}),
    ...(price.quantity ? { PricingQuantity: price.quantity } : {}), ...(price.unit ? { PricingUnit: price.unit } : {}),
  };
}

/** The file's lines (see the module comment). */
function lines(): Line[] {
  const S = FOCUS_RATE_SERVICE;
  const rds = fee('Reserved Instance', FOCUS_RATE_ID.rds, { contracted: '1.00', quantity: '4', unit: 'Hours' });
  const cache = fee('Reserved Instance', FOCUS_RATE_ID.cache, { contracted: '0.25', quantity: '20', unit: 'Hours' });
  const search = fee('Reserved Instance', FOCUS_RATE_ID.search, { list: '0.10', quantity: '744', unit: 'Hours' });
  const plan = fee('Savings Plan', FOCUS_RATE_ID.plan, { contracted: '0.25', quantity: '24', unit: 'Hours' });
  const redshift = fee('Reserved Instance', FOCUS_RATE_ID.redshift, {});
  const expired = fee('Reserved Instance', FOCUS_RATE_ID.expired, { contracted: '0.50', quantity: '216', unit: 'Hours' });
  const memorydb = fee('Reserved Instance', FOCUS_RATE_ID.memorydb, { contracted: '0.0118', quantity: '2.320278', unit: 'Hours' });
  return [
    ...daysFrom('2025-10-01', '2025-11-10').map((day) => line(S.ec2, `${day} 00:00:00`, `${addDays(day, 1)} 00:00:00`, '100.00', { PricingUnit: 'Hours', PricingQuantity: '1000' })),
    ...daysFrom('2025-10-15', '2025-11-10').map((day) => line(S.plan, `${day} 00:00:00`, `${addDays(day, 1)} 00:00:00`, '6.00', plan)),
    line(S.rds, '2025-10-31 20:00:00', '2025-11-01 00:00:00', '4.00', rds),
    line(S.cache, '2025-10-31 14:00:00', '2025-11-01 00:00:00', '5.00', { ...cache, EffectiveCost: '3.00' }),
    line(S.search, '2025-10-01 00:00:00', '2025-11-01 00:00:00', '74.40', search),
    line(S.redshift, '2025-10-31 20:00:00', '2025-11-01 00:00:00', '4.00', redshift),
    line(S.ec2, '2025-10-01 00:00:00', '2025-10-10 00:00:00', '108.00', expired),
    line(S.memorydb, '2025-10-31 21:40:47', '2025-11-01 00:00:00', '0.027379', memorydb),
  ];
}

/** The file (see the module comment): the sample's header, text quoted as the sample quotes it, NULL where a line sets nothing. */
export function focusRateCsv(): string {
  const cell = (value: string | undefined) => (value === undefined ? 'NULL' : `"${value.replaceAll('"', '""')}"`);
  const header = FOCUS_RATE_HEADER;
  return [header.map((c) => `"${c}"`).join(','), ...lines().map((r) => header.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
