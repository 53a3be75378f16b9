/**
 * A small legacy CUR for November 2023 (daily lines, us-east-1) that exercises each modernisation
 * rule the real 2018 files do not: io1 volumes (to gp3, and to io2 above gp3's IOPS), a large gp2
 * volume (gp3 needs extra throughput), a gp3 volume (no finding), an old and a new snapshot, an
 * m4 instance running to the end (m4 → m6i) and one stopped before the last day (no finding), a
 * t4g (Graviton) and a Spot c5.large (no finding; they feed the KPIs), and a db.r4 RDS instance.
 * Every figure is a round number so the tests can state it by hand.
 */
import { writeLegacyReport } from '../helpers/fixtures.ts';

const ACCOUNT = '111122223333';
const HEADER = [
  'identity/LineItemId', 'identity/TimeInterval', 'bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate',
  'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/ProductCode',
  'lineItem/UsageType', 'lineItem/Operation', 'lineItem/ResourceId', 'lineItem/UsageAmount', 'lineItem/CurrencyCode',
  'lineItem/UnblendedRate', 'lineItem/UnblendedCost', 'lineItem/BlendedCost', 'product/region',
];

/** One resource's daily usage: `amount` a day at `rate`, from day `first` to day `last` of November 2023 (1-based, inclusive). */
interface DailyUsage {
  resourceId: string;
  productCode: string;
  usageType: string;
  operation: string;
  amount: number;
  rate: number;
  first: number;
  last: number;
}

/** GB-months (or IOPS-months) a day for a size of `size` in November (720 h): size × 24 ÷ 720. */
const perDay = (size: number) => size / 30;

export const USAGES: DailyUsage[] = [
  { resourceId: 'vol-io1small', productCode: 'AmazonEC2', usageType: 'EBS:VolumeUsage.piops', operation: 'CreateVolume-P-IOPS', amount: perDay(100), rate: 0.125, first: 1, last: 30 },
  { resourceId: 'vol-io1small', productCode: 'AmazonEC2', usageType: 'EBS:VolumeP-IOPS.piops', operation: 'CreateVolume-P-IOPS', amount: perDay(5000), rate: 0.065, first: 1, last: 30 },
  { resourceId: 'vol-io1big', productCode: 'AmazonEC2', usageType: 'EBS:VolumeUsage.piops', operation: 'CreateVolume-P-IOPS', amount: perDay(200), rate: 0.125, first: 1, last: 30 },
  { resourceId: 'vol-io1big', productCode: 'AmazonEC2', usageType: 'EBS:VolumeP-IOPS.piops', operation: 'CreateVolume-P-IOPS', amount: perDay(40000), rate: 0.065, first: 1, last: 30 },
  { resourceId: 'vol-gp2large', productCode: 'AmazonEC2', usageType: 'EBS:VolumeUsage.gp2', operation: 'CreateVolume-Gp2', amount: perDay(1000), rate: 0.1, first: 1, last: 30 },
  { resourceId: 'vol-gp3', productCode: 'AmazonEC2', usageType: 'EBS:VolumeUsage.gp3', operation: 'CreateVolume-Gp3', amount: perDay(100), rate: 0.08, first: 1, last: 30 },
  { resourceId: `arn:aws:ec2:us-east-1:${ACCOUNT}:snapshot/snap-old`, productCode: 'AmazonEC2', usageType: 'EBS:SnapshotUsage', operation: 'CreateSnapshot', amount: perDay(50), rate: 0.05, first: 1, last: 30 },
  { resourceId: `arn:aws:ec2:us-east-1:${ACCOUNT}:snapshot/snap-new`, productCode: 'AmazonEC2', usageType: 'EBS:SnapshotUsage', operation: 'CreateSnapshot', amount: perDay(50), rate: 0.05, first: 20, last: 30 },
  { resourceId: 'i-m4running', productCode: 'AmazonEC2', usageType: 'BoxUsage:m4.xlarge', operation: 'RunInstances', amount: 24, rate: 0.2, first: 1, last: 30 },
  { resourceId: 'i-m4stopped', productCode: 'AmazonEC2', usageType: 'BoxUsage:m4.large', operation: 'RunInstances', amount: 24, rate: 0.1, first: 1, last: 20 },
  { resourceId: 'i-t4g', productCode: 'AmazonEC2', usageType: 'BoxUsage:t4g.medium', operation: 'RunInstances', amount: 24, rate: 0.0336, first: 1, last: 30 },
  { resourceId: 'i-spot', productCode: 'AmazonEC2', usageType: 'SpotUsage:c5.large', operation: 'RunInstances:SV001', amount: 24, rate: 0.035, first: 1, last: 30 },
  { resourceId: `arn:aws:rds:us-east-1:${ACCOUNT}:db:legacy-db`, productCode: 'AmazonRDS', usageType: 'InstanceUsage:db.r4.large', operation: 'CreateDBInstance:0002', amount: 24, rate: 0.29, first: 1, last: 30 },
];

const day = (d: number) => `2023-11-${String(d).padStart(2, '0')}T00:00:00Z`;
const nextDay = (d: number) => (d === 30 ? '2023-12-01T00:00:00Z' : day(d + 1));

const hour = (d: number, h: number) => `2023-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;
const nextHour = (d: number, h: number) => (h === 23 ? nextDay(d) : hour(d, h + 1));

/** The CUR CSV text: one line per resource, usage type and day (`daily`) or hour (`hourly`: a 24th of the day's amount each). */
export function fixtureCsv(granularity: 'daily' | 'hourly' = 'daily'): string {
  const lines = [HEADER.join(',')];
  let id = 0;
  const line = (u: DailyUsage, start: string, end: string, amount: number) => {
    const cost = (amount * u.rate).toFixed(10);
    lines.push([`line-${++id}`, `${start}/${end}`, ACCOUNT, '2023-11-01T00:00:00Z', '2023-12-01T00:00:00Z', ACCOUNT, 'Usage',
      start, end, u.productCode, u.usageType, u.operation, u.resourceId, amount.toFixed(10), 'USD', String(u.rate), cost, cost,
      'us-east-1'].join(','));
  };
  for (const u of USAGES) {
    for (let d = u.first; d <= u.last; d++) {
      if (granularity === 'daily') line(u, day(d), nextDay(d), u.amount);
      else for (let h = 0; h < 24; h++) line(u, hour(d, h), nextHour(d, h), u.amount / 24);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the report folder under `root` and returns the path to ingest. */
export function writeModerniseFixture(root: string, granularity: 'daily' | 'hourly' = 'daily'): string {
  return writeLegacyReport(root, { current: [fixtureCsv(granularity)] });
}
