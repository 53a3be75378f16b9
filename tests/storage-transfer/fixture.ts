/**
 * A hand-made legacy CUR for November 2023 (daily lines, us-east-1, two accounts, a `team` tag)
 * for the KPI targets and the bill-only storage and network rules. Every figure is round so the
 * tests state them by hand:
 * - EC2: i-m5 m5.large (payments, 720 h × $0.096), i-m4 m4.large (search, 720 h × $0.10), i-spot
 *   Spot c5.large (payments, 720 h × $0.035);
 * - EBS: vol-gp2 1,000 GB × $0.10 (payments), vol-gp3 100 GB × $0.08 (search);
 * - S3: cold-bucket 3,000 GB-months in Standard (100 a day × $0.023) with 10 PUT and 100 GET a day
 *   (payments); hot-bucket 600 GB-months with 30,000 GET a day (search); ia-bucket 1,000
 *   GB-months in Standard-IA × $0.0125 (search);
 * - NAT: nat-quiet 24 h a day × $0.045 processing 1 GB a day × $0.045 (payments); nat-busy the
 *   same hours processing 100 GB a day (search);
 * - inter-AZ: i-m5 50 GB a day × $0.01, i-m4 1 GB a day × $0.01 (DataTransfer-Regional-Bytes).
 */
import { writeLegacyReport } from '../helpers/fixtures.ts';

export const PAYMENTS_ACCOUNT = '111122223333';
export const SEARCH_ACCOUNT = '444455556666';
const HEADER = [
  'identity/LineItemId', 'identity/TimeInterval', 'bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate',
  'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/ProductCode',
  'lineItem/UsageType', 'lineItem/Operation', 'lineItem/ResourceId', 'lineItem/UsageAmount', 'lineItem/CurrencyCode',
  'lineItem/UnblendedRate', 'lineItem/UnblendedCost', 'lineItem/BlendedCost', 'product/region', 'product/instanceType', 'resourceTags/user:team',
];

interface DailyUsage {
  account: string;
  team: string;
  resourceId: string;
  productCode: string;
  usageType: string;
  operation: string;
  instanceType?: string;
  /** Usage amount a day, and its rate. */
  amount: number;
  rate: number;
}

const P = { account: PAYMENTS_ACCOUNT, team: 'payments' };
const S = { account: SEARCH_ACCOUNT, team: 'search' };
const EC2 = 'AmazonEC2';
const S3 = 'AmazonS3';

export const USAGES: DailyUsage[] = [
  { ...P, resourceId: 'i-m5', productCode: EC2, usageType: 'BoxUsage:m5.large', operation: 'RunInstances', instanceType: 'm5.large', amount: 24, rate: 0.096 },
  { ...S, resourceId: 'i-m4', productCode: EC2, usageType: 'BoxUsage:m4.large', operation: 'RunInstances', instanceType: 'm4.large', amount: 24, rate: 0.1 },
  { ...P, resourceId: 'i-spot', productCode: EC2, usageType: 'SpotUsage:c5.large', operation: 'RunInstances:SV001', instanceType: 'c5.large', amount: 24, rate: 0.035 },
  { ...P, resourceId: 'vol-gp2', productCode: EC2, usageType: 'EBS:VolumeUsage.gp2', operation: 'CreateVolume-Gp2', amount: 1000 / 30, rate: 0.1 },
  { ...S, resourceId: 'vol-gp3', productCode: EC2, usageType: 'EBS:VolumeUsage.gp3', operation: 'CreateVolume-Gp3', amount: 100 / 30, rate: 0.08 },
  { ...P, resourceId: 'cold-bucket', productCode: S3, usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', amount: 100, rate: 0.023 },
  { ...P, resourceId: 'cold-bucket', productCode: S3, usageType: 'Requests-Tier1', operation: 'PutObject', amount: 10, rate: 0.000005 },
  { ...P, resourceId: 'cold-bucket', productCode: S3, usageType: 'Requests-Tier2', operation: 'GetObject', amount: 100, rate: 0.0000004 },
  { ...S, resourceId: 'hot-bucket', productCode: S3, usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', amount: 20, rate: 0.023 },
  { ...S, resourceId: 'hot-bucket', productCode: S3, usageType: 'Requests-Tier2', operation: 'GetObject', amount: 30000, rate: 0.0000004 },
  { ...S, resourceId: 'ia-bucket', productCode: S3, usageType: 'TimedStorage-SIA-ByteHrs', operation: 'StandardIAStorage', amount: 1000 / 30, rate: 0.0125 },
  { ...P, resourceId: 'nat-quiet', productCode: EC2, usageType: 'NatGateway-Hours', operation: 'NatGateway', amount: 24, rate: 0.045 },
  { ...P, resourceId: 'nat-quiet', productCode: EC2, usageType: 'NatGateway-Bytes', operation: 'NatGateway', amount: 1, rate: 0.045 },
  { ...S, resourceId: 'nat-busy', productCode: EC2, usageType: 'NatGateway-Hours', operation: 'NatGateway', amount: 24, rate: 0.045 },
  { ...S, resourceId: 'nat-busy', productCode: EC2, usageType: 'NatGateway-Bytes', operation: 'NatGateway', amount: 100, rate: 0.045 },
  { ...P, resourceId: 'i-m5', productCode: EC2, usageType: 'DataTransfer-Regional-Bytes', operation: 'InterZone-In', amount: 50, rate: 0.01 },
  { ...S, resourceId: 'i-m4', productCode: EC2, usageType: 'DataTransfer-Regional-Bytes', operation: 'InterZone-In', amount: 1, rate: 0.01 },
];

const day = (d: number) => `2023-11-${String(d).padStart(2, '0')}T00:00:00Z`;
const nextDay = (d: number) => (d === 30 ? '2023-12-01T00:00:00Z' : day(d + 1));

/** The CUR CSV text: one line per usage and day, 1 to 30 November 2023. */
export function storageTransferCsv(): string {
  const lines = [HEADER.join(',')];
  let id = 0;
  for (const u of USAGES) {
    for (let d = 1; d <= 30; d++) {
      const cost = (u.amount * u.rate).toFixed(10);
      lines.push([`line-${++id}`, `${day(d)}/${nextDay(d)}`, PAYMENTS_ACCOUNT, '2023-11-01T00:00:00Z', '2023-12-01T00:00:00Z', u.account, 'Usage',
        day(d), nextDay(d), u.productCode, u.usageType, u.operation, u.resourceId, u.amount.toFixed(10), 'USD', String(u.rate), cost, cost,
        'us-east-1', u.instanceType ?? '', u.team].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the report folder under `root` and returns the path to ingest. */
export function writeStorageTransferFixture(root: string): string {
  return writeLegacyReport(root, { current: [storageTransferCsv()] });
}
