import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { days } from './fixtures.ts';

/*
 * A store for anomaly events, 2026-03-01 (day 0) to 2026-04-04 (day 34), every normal day alike
 * (so the median of any window of normal days is that day, and MAD is 0):
 *   account A (111111111111), Amazon Elastic Compute Cloud, us-east-1:
 *     i-web BoxUsage:m5.large        24 Hrs at $2.00   = 48.00
 *     i-web DataTransfer-Out-Bytes   10 GB  at $0.09   =  0.90
 *     i-old BoxUsage:t3.micro        24 Hrs at $0.0104166667 (0.25 a day; 0.2500000008 exactly)
 *   account A, Amazon Simple Storage Service: bucket-a TimedStorage-ByteHrs 5.00 (never moves)
 *   account B (222222222222), AWS Lambda: fn-b Request 300.00
 *   account C (333333333333), AmazonCloudWatch: (no resource) CW:Metrics 50.00
 * Planted:
 *   03-30, 03-31, 04-01 (EC2): i-web's hourly rate 2.00 → 2.10 (rate +2.40 a day), its data
 *     transfer 10 → 200 GB (volume +17.10 a day), i-new BoxUsage:c5.xlarge 24 Hrs at 0.17 in
 *     eu-west-1 (new +4.08 a day), i-old absent (gone −0.2500000008 a day). EC2: 72.48 against 49.1500000008.
 *   03-31: Lambda 315.00 (+15: flagged, over the $10 minimum, but under its floor of 0.1 × 300 = 30);
 *     CloudWatch 20.00 (−30: flagged, and over its floor of max(25, 0.1 × 50) = 25).
 * The last three days (04-02..04-04) are provisional and normal again.
 */
export const A = '111111111111';
export const B = '222222222222';
export const C = '333333333333';
export const EC2 = 'Amazon Elastic Compute Cloud';
export const EVENT_DAYS = ['2026-03-30', '2026-03-31', '2026-04-01'];

interface Line {
  day: string;
  account: string;
  service: string;
  region: string;
  resource: string;
  usageType: string;
  unit: string;
  quantity: string;
  cost: string;
}

const HEADER = [
  'BillingAccountId', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'ChargeCategory', 'ChargeFrequency', 'BilledCost', 'EffectiveCost', 'ProviderName', 'ServiceName', 'SubAccountId', 'SubAccountName',
  'RegionId', 'ResourceId', 'x_UsageType', 'ConsumedQuantity', 'ConsumedUnit',
];

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function linesOf(day: string): Line[] {
  const event = EVENT_DAYS.includes(day);
  const ec2 = (resource: string, usageType: string, unit: string, quantity: string, cost: string, region = 'us-east-1'): Line =>
    ({ day, account: A, service: EC2, region, resource, usageType, unit, quantity, cost });
  const lines: Line[] = [
    ec2('i-web', 'BoxUsage:m5.large', 'Hrs', '24', event ? '50.40' : '48.00'),
    ec2('i-web', 'DataTransfer-Out-Bytes', 'GB', event ? '200' : '10', event ? '18.00' : '0.90'),
    ...(event ? [ec2('i-new', 'BoxUsage:c5.xlarge', 'Hrs', '24', '4.08', 'eu-west-1')] : [ec2('i-old', 'BoxUsage:t3.micro', 'Hrs', '24', '0.2500000008')]),
    { day, account: A, service: 'Amazon Simple Storage Service', region: 'us-east-1', resource: 'bucket-a', usageType: 'TimedStorage-ByteHrs', unit: 'GB-Mo', quantity: '217.39', cost: '5.00' },
    { day, account: B, service: 'AWS Lambda', region: 'us-east-1', resource: 'fn-b', usageType: 'Request', unit: 'Requests', quantity: '1500000', cost: day === '2026-03-31' ? '315.00' : '300.00' },
    { day, account: C, service: 'AmazonCloudWatch', region: 'us-east-1', resource: '', usageType: 'CW:Metrics', unit: 'Metrics', quantity: '166', cost: day === '2026-03-31' ? '20.00' : '50.00' },
  ];
  return lines;
}

/** Writes the fixture as a FOCUS 1.x CSV and returns its path. */
export function writeEventFixture(dir: string): string {
  const rows = days('2026-03-01', '2026-04-04').flatMap(linesOf).map((l) => {
    const period = `${l.day.slice(0, 7)}-01`;
    const periodEnd = l.day.slice(0, 7) === '2026-03' ? '2026-04-01' : '2026-05-01';
    return [
      '999999999999', 'USD', `${period} 00:00:00`, `${periodEnd} 00:00:00`, `${l.day} 00:00:00`, `${nextDay(l.day)} 00:00:00`,
      'Usage', 'Usage-Based', l.cost, l.cost, 'AWS', l.service, l.account, `Account ${l.account}`,
      l.region, l.resource, l.usageType, l.quantity, l.unit,
    ].join(',');
  });
  const path = join(dir, 'focus-events.csv');
  writeFileSync(path, [HEADER.join(','), ...rows].join('\n') + '\n');
  return path;
}
