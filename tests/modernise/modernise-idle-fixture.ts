/**
 * A small legacy CUR for November 2023 (daily lines) where idle, rightsizing and modernise meet:
 * in account 111122223333, us-east-1, an m5.xlarge that runs all month at 20 % CPU (rightsizing
 * downsizes it; modernise offers its Graviton twin m6g.xlarge), a 150 GB gp2 volume attached to it
 * and a 100 GB gp2 volume the inventory shows unattached (idle's ebs-unattached); in account
 * 444455556666, us-west-2, where no instance runs, a 50 GB gp2 volume with no metrics or inventory
 * (idle's bill-only bill-ebs-without-instances). Every gp2 volume is a gp2 → gp3 finding (each at most
 * 170 GB, so gp3 matches gp2's throughput at no extra charge). The
 * inventory and metrics CSVs are apart, so a store can hold the bill alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLegacyReport } from '../helpers/fixtures.ts';

export const PAYER = '111122223333';
export const ORPHANS = '444455556666';
export const INSTANCE = 'i-m5busy';
export const USED = 'vol-gp2used';
export const LOOSE = 'vol-gp2loose';
export const ORPHAN = 'vol-gp2orphan';

const HEADER = [
  'identity/LineItemId', 'identity/TimeInterval', 'bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate',
  'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/ProductCode',
  'lineItem/UsageType', 'lineItem/Operation', 'lineItem/ResourceId', 'lineItem/UsageAmount', 'lineItem/CurrencyCode',
  'lineItem/UnblendedRate', 'lineItem/UnblendedCost', 'lineItem/BlendedCost', 'product/region',
];

interface DailyUsage { account: string; region: string; resourceId: string; usageType: string; operation: string; amount: number; rate: number }

/** GB-months a day of `gb` GB in November (720 h): gb × 24 ÷ 720. */
const perDay = (gb: number) => gb / 30;

export const USAGES: DailyUsage[] = [
  { account: PAYER, region: 'us-east-1', resourceId: INSTANCE, usageType: 'BoxUsage:m5.xlarge', operation: 'RunInstances', amount: 24, rate: 0.192 },
  { account: PAYER, region: 'us-east-1', resourceId: USED, usageType: 'EBS:VolumeUsage.gp2', operation: 'CreateVolume-Gp2', amount: perDay(150), rate: 0.1 },
  { account: PAYER, region: 'us-east-1', resourceId: LOOSE, usageType: 'EBS:VolumeUsage.gp2', operation: 'CreateVolume-Gp2', amount: perDay(100), rate: 0.1 },
  { account: ORPHANS, region: 'us-west-2', resourceId: ORPHAN, usageType: 'USW2-EBS:VolumeUsage.gp2', operation: 'CreateVolume-Gp2', amount: perDay(50), rate: 0.1 },
];

const day = (d: number) => `2023-11-${String(d).padStart(2, '0')}T00:00:00Z`;
const nextDay = (d: number) => (d === 30 ? '2023-12-01T00:00:00Z' : day(d + 1));

function billCsv(): string {
  const lines = [HEADER.join(',')];
  let id = 0;
  for (const u of USAGES) {
    for (let d = 1; d <= 30; d++) {
      const cost = (u.amount * u.rate).toFixed(10);
      lines.push([`line-${++id}`, `${day(d)}/${nextDay(d)}`, PAYER, '2023-11-01T00:00:00Z', '2023-12-01T00:00:00Z', u.account, 'Usage',
        day(d), nextDay(d), 'AmazonEC2', u.usageType, u.operation, u.resourceId, u.amount.toFixed(10), 'USD', String(u.rate), cost, cost, u.region].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The instance's daily metrics: busy enough not to be idle (20 % CPU, 1 GB each way), small enough to downsize (p99.5 30 %, memory 30 %). */
function metricsCsv(): string {
  const lines = ['resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit'];
  for (let d = 1; d <= 30; d++) {
    const at = day(d);
    lines.push(`${INSTANCE},AWS/EC2,CPUUtilization,Average,86400,${at},20,Percent`,
      `${INSTANCE},AWS/EC2,CPUUtilization,Maximum,86400,${at},30,Percent`,
      `${INSTANCE},AWS/EC2,CPUUtilization,p99.5,86400,${at},30,Percent`,
      `${INSTANCE},AWS/EC2,NetworkIn,Sum,86400,${at},1000000000,Bytes`,
      `${INSTANCE},AWS/EC2,NetworkOut,Sum,86400,${at},1000000000,Bytes`,
      `${INSTANCE},CWAgent,mem_used_percent,Average,86400,${at},30,Percent`);
  }
  return `${lines.join('\n')}\n`;
}

function inventoryCsv(): string {
  const at = '2023-11-30T00:00:00Z';
  return ['resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at',
    `${INSTANCE},${PAYER},us-east-1,AmazonEC2,instance,m5.xlarge,running,,{},${at}`,
    `${USED},${PAYER},us-east-1,AmazonEC2,volume,gp2,in-use,${INSTANCE},{},${at}`,
    `${LOOSE},${PAYER},us-east-1,AmazonEC2,volume,gp2,available,,{},${at}`, ''].join('\n');
}

/** Writes the report folder, metrics.csv and inventory.csv under `root`; returns the paths to ingest. */
export function writeModerniseIdleFixture(root: string): { bill: string; metrics: string; inventory: string } {
  const metrics = join(root, 'metrics.csv');
  const inventory = join(root, 'inventory.csv');
  writeFileSync(metrics, metricsCsv());
  writeFileSync(inventory, inventoryCsv());
  return { bill: writeLegacyReport(root, { current: [billCsv()] }), metrics, inventory };
}
