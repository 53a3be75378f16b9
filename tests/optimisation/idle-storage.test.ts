import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { daily, days, jsonOf, series, storeWith, type BillLine, type InventoryRow, type MetricPoint } from './fixtures.ts';

/**
 * EBS volumes (unattached in the inventory, or fewer than 1 read+write operation a day on each of
 * the 7 days before --as-of: 2026-03-08 … 2026-03-14) and Elastic IPs (idle-address hours in the
 * bill, at least 24 in those 7 days). Window cost: EffectiveCost 2026-02-13 … 2026-03-14; monthly
 * saving: the latest day's cost / 24 h × 730 h, for a GB-month charge (volume storage) the latest day's cost × the
 * days of its month (2026-03-14: 31).
 */
const A = '111111111111';
const B = '222222222222';
const WEEK = days('2026-03-08', '2026-03-15');
const BILL_DAYS: [string, string] = ['2026-02-01', '2026-03-15'];

const volume = (resourceId: string, cost: string): BillLine[] =>
  daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId, usageType: 'EBS:VolumeUsage.gp2', quantity: 16.129, cost });

const ops = (id: string, dayList: string[], read: (i: number) => number, write: (i: number) => number): MetricPoint[] => [
  ...series(id, 'AWS/EBS', 'VolumeReadOps', 'Sum', dayList, (_, i) => read(i)),
  ...series(id, 'AWS/EBS', 'VolumeWriteOps', 'Sum', dayList, (_, i) => write(i)),
];

const inv = (resourceId: string, state: string, observedAt: string, attachedTo?: string): InventoryRow => ({
  resourceId, account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'volume', instanceType: 'gp2', state, attachedTo, observedAt,
});

describe('costlens idle: EBS volumes and Elastic IPs', () => {
  let findings: IdleFinding[];

  beforeAll(async () => {
    const db = await storeWith({
      bill: [
        ...volume('vol-0unattached', '1.6'), // 30 × 1.6 = 48.00
        ...volume('vol-0quiet', '0.8'), // 30 × 0.8 = 24.00
        ...volume('vol-0oneop', '0.8'),
        ...volume('vol-0sixdays', '0.8'),
        ...volume('vol-0stale', '0.8'),
        ...volume('vol-0reattached', '0.8'),
        // 24 idle hours a day at 0.005: 30 × 0.12 = 3.60.
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: 'eipalloc-0idle', usageType: 'ElasticIP:IdleAddress', quantity: 24, cost: '0.12' }),
        // Idle since 2026-02-19 14:00 (associated, and so not billed, before): 10 h × 0.005 + 23 days × 0.12 = 2.81 in the
        // window, while it costs 0.005 an hour now: 3.65 a month.
        { start: '2026-02-19T14:00:00', end: '2026-02-20', account: A, region: 'us-east-1', resourceId: 'eipalloc-0since19', usageType: 'ElasticIP:IdleAddress', quantity: 10, cost: '0.05' },
        ...daily('2026-02-20', BILL_DAYS[1], { account: A, region: 'us-east-1', resourceId: 'eipalloc-0since19', usageType: 'ElasticIP:IdleAddress', quantity: 24, cost: '0.12' }),
        // The same, with no resource id in the bill: keyed by account, region and usage type.
        ...daily(...BILL_DAYS, { account: B, region: 'us-east-2', usageType: 'USE2-ElasticIP:IdleAddress', quantity: 24, cost: '0.12' }),
        // Idle 12 hours a day under the 2024 usage type: 84 h of 168 → found, medium confidence; 30 × 0.06 = 1.80.
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: 'eipalloc-0half', usageType: 'PublicIPv4:IdleAddress', quantity: 12, cost: '0.06' }),
        // Idle 10 hours once: fewer than 24 hours, not reported.
        { start: '2026-03-10', account: A, region: 'us-east-1', resourceId: 'eipalloc-0brief', usageType: 'ElasticIP:IdleAddress', quantity: 10, cost: '0.05' },
      ],
      metrics: [
        ...ops('vol-0quiet', WEEK, () => 0, () => 0.5), // 0.5 operations a day: below 1
        ...ops('vol-0oneop', WEEK, (i) => (i === 3 ? 0.6 : 0), (i) => (i === 3 ? 0.4 : 0)), // 1 operation on one day: not below 1
        ...ops('vol-0sixdays', WEEK.slice(1), () => 0, () => 0), // no data on one of the 7 days
        ...ops('vol-0unattached', WEEK, () => 0, () => 0),
      ],
      inventory: [
        inv('vol-0unattached', 'available', '2026-03-14T12:00:00Z'),
        inv('vol-0quiet', 'in-use', '2026-03-14T12:00:00Z', 'i-0host'),
        inv('vol-0oneop', 'in-use', '2026-03-14T12:00:00Z', 'i-0host'),
        inv('vol-0stale', 'available', '2026-03-01T00:00:00Z'), // observed before the 7-day window
        inv('vol-0reattached', 'available', '2026-03-09T00:00:00Z'),
        inv('vol-0reattached', 'in-use', '2026-03-14T00:00:00Z', 'i-0host'), // the latest observation wins
      ],
    });
    findings = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15');
  });

  it('finds exactly: the unattached and the quiet volume, and four idle addresses (largest saving first)', () => {
    expect(findings.map((f) => [f.rule, f.resourceId ?? f.usageType, f.windowCost, f.monthlySaving, f.confidence])).toEqual([
      ['ebs-unattached', 'vol-0unattached', '48.0000000000', '49.60', 'high'], // 1.6 × 31 = 49.60
      ['ebs-low-iops', 'vol-0quiet', '24.0000000000', '24.80', 'medium'], // 0.8 × 31
      ['eip-idle-address', 'USE2-ElasticIP:IdleAddress', '3.6000000000', '3.65', 'high'],
      ['eip-idle-address', 'eipalloc-0idle', '3.6000000000', '3.65', 'high'],
      ['eip-idle-address', 'eipalloc-0since19', '2.8100000000', '3.65', 'high'],
      ['eip-idle-address', 'eipalloc-0half', '1.8000000000', '1.83', 'medium'], // 12 idle hours a day: 0.06 / 24 × 730 = 1.825
    ]);
  });

  it('an address idle since the 19th: 2.81 in the 30 days, its run-rate 0.005 × 730 = 3.65 is the monthly saving', () => {
    const f = findings.find((x) => x.resourceId === 'eipalloc-0since19')!;
    expect([f.windowCost, f.hourlyRate, f.runRateMonthly, f.monthlySaving, f.evidence.firstIdle, f.evidence.idleHours])
      .toEqual(['2.8100000000', '0.0050000000', '3.65', '3.65', '2026-03-08T00:00:00Z', 168]);
  });

  it('an unattached volume that also had no I/O is one finding, the other rule listed', () => {
    expect(findings[0]).toEqual({
      rule: 'ebs-unattached',
      kind: 'ebs-volume',
      resourceId: 'vol-0unattached',
      accountId: A,
      region: 'us-east-1',
      usageType: null,
      windowCost: '48.0000000000',
      hourlyRate: '0.0679452055', // 49.60 / 730
      runRateMonthly: '49.60',
      monthlySaving: '49.60',
      monthlySavingCommitment: '0.00',
      costWindow: { start: '2026-02-13', end: '2026-03-15' },
      lookback: { start: '2026-03-08', end: '2026-03-15' },
      evidence: { volumeType: 'gp2', state: 'available', attachedTo: null, observedAt: '2026-03-14T12:00:00Z', daysObserved: 7, maxDailyOps: 0, totalOps: 0 },
      thresholds: { 'idle.ebs.maxIopsPerDay': 1, 'idle.ebs.days': 7 },
      explanation: 'inventory of 2026-03-14 12:00:00 shows state available and no attachment; 0 read+write operations on its busiest of 7 days with data in the last 7 days',
      action: 'snapshot the volume, then delete it',
      confidence: 'high',
      alsoMatched: ['ebs-low-iops'],
    });
  });

  it('the quiet volume: attached, 0.5 operations a day on 7 of 7 days', () => {
    expect(findings[1].evidence).toEqual({
      volumeType: 'gp2', state: 'in-use', attachedTo: 'i-0host', observedAt: '2026-03-14T12:00:00Z', daysObserved: 7, maxDailyOps: 0.5, totalOps: 3.5,
    });
  });

  it('an address without a resource id is keyed by account, region and usage type', () => {
    const f = findings[2];
    expect([f.resourceId, f.accountId, f.region, f.usageType, f.evidence.idleHours, f.evidence.idleDays])
      .toEqual([null, B, 'us-east-2', 'USE2-ElasticIP:IdleAddress', 168, 7]);
  });

  it('half-idle address: 84 idle hours of 168, with the thresholds it was judged by', () => {
    const f = findings[5];
    expect([f.evidence.idleHours, f.evidence.usageType, f.thresholds, f.explanation]).toEqual([
      84, 'PublicIPv4:IdleAddress', { 'idle.elasticIp.days': 7, 'idle.elasticIp.minIdleHours': 24 },
      'billed 84 idle-address hours (PublicIPv4:IdleAddress) of the last 168 hours',
    ]);
  });
});
