import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { daily, days, jsonOf, series, storeWith, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * Rightsizing with the defaults: p99.5 CPU over the 14 days before --as-of (2026-03-01 …
 * 2026-03-14), 20 % headroom (target 80 %), terminate at maximum CPU ≤ 1 %. Savings priced from
 * the instance-hour EffectiveCost of 2026-02-13 … 2026-03-14 and catalogue prices (us-east-1:
 * m5.large 0.096, m5.2xlarge 0.384, m5.xlarge 0.192, m6g.large 0.077, c5.xlarge 0.17,
 * c5.2xlarge 0.34, c6g.xlarge 0.136).
 */
const A = '111111111111';
const LOOKBACK = days('2026-03-01', '2026-03-15');
const BILL_DAYS: [string, string] = ['2026-02-01', '2026-03-15'];
const rdsId = `arn:aws:rds:us-east-1:${A}:db:orders`;

const cpu = (id: string, stats: Record<string, number>, namespace = 'AWS/EC2', dayList = LOOKBACK): MetricPoint[] =>
  Object.entries(stats).flatMap(([stat, v]) => series(id, namespace, 'CPUUtilization', stat, dayList, () => v));
const memory = (id: string, v: number) => series(id, 'CWAgent', 'mem_used_percent', 'Average', LOOKBACK, () => v);
const hours = (resourceId: string, usageType: string, cost: string, extra: Partial<BillLine> = {}): BillLine[] =>
  daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId, usageType, quantity: 24, cost, ...extra });

describe('costlens rightsize', () => {
  let db: string;
  let recs: RightsizingRecommendation[];

  beforeAll(async () => {
    db = await storeWith({
      bill: [
        // Billed 9.216 a day (24 × 0.384) but EffectiveCost 6.912 → 207.36 over 30 days; the bill names no commitment.
        ...hours('i-0big', 'BoxUsage:m5.2xlarge', '9.216', { effective: '6.912' }),
        { start: '2026-03-03', account: A, region: 'us-east-1', resourceId: 'i-0big', usageType: 'DataTransfer-Out-Bytes', quantity: 11, cost: '1.00' },
        ...hours('i-0idle', 'BoxUsage:m5.xlarge', '4.608'), // 24 × 0.192 → 138.24
        ...hours('i-0busy', 'BoxUsage:m5.2xlarge', '9.216'),
        ...hours('i-0maxonly', 'BoxUsage:c5.2xlarge', '8.16'), // 24 × 0.34 → 244.80; type known from the bill only
        ...hours('i-0memory', 'BoxUsage:r5.2xlarge', '12.096'),
        ...hours('i-0new', 'BoxUsage:m5.2xlarge', '9.216'),
        // db.m5.2xlarge: 24 × 0.684 = 16.416 → 492.48; list price 0.684 an hour on the bill.
        ...hours(rdsId, 'InstanceUsage:db.m5.2xlarge', '16.416', { listUnitPrice: '0.684', service: 'Amazon Relational Database Service' }),
      ],
      metrics: [
        ...cpu('i-0big', { 'p99.5': 12, Maximum: 14, Average: 5 }),
        ...cpu('i-0idle', { 'p99.5': 0.7, Maximum: 0.8, Average: 0.3 }),
        ...cpu('i-0busy', { 'p99.5': 90, Maximum: 97, Average: 60 }),
        ...cpu('i-0maxonly', { Maximum: 30, Average: 12 }), ...memory('i-0maxonly', 30),
        // CPU would fit r5.xlarge (20 %) but memory would not (45 % × 64/32 = 90 %): no recommendation.
        ...cpu('i-0memory', { 'p99.5': 10, Maximum: 11, Average: 4 }), ...memory('i-0memory', 45),
        ...cpu('i-0new', { 'p99.5': 5, Maximum: 6 }, 'AWS/EC2', LOOKBACK.slice(9)),
        // RDS with only the daily Maximum: 20 % × 8/2 vCPU = 80 %, exactly the target, still fits.
        ...cpu(rdsId, { Maximum: 20, Average: 9 }, 'AWS/RDS'),
      ],
      inventory: ['i-0big', 'i-0idle', 'i-0busy', 'i-0memory', 'i-0new'].map((id) => ({
        resourceId: id, account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'instance',
        instanceType: { 'i-0idle': 'm5.xlarge', 'i-0memory': 'r5.2xlarge' }[id] ?? 'm5.2xlarge', state: 'running', observedAt: '2026-03-14T00:00:00Z',
      })),
    });
    recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15');
  });

  it('recommends for exactly the oversized and idle instances (busy, memory-bound and too-young ones get none)', () => {
    expect(recs.map((r) => [r.resourceId, r.rule, r.instanceType, r.recommendedType, r.hoursRun, r.monthlySavingBill, r.listSavingPer730h,
      r.listSavingForHoursRun])).toEqual([
      // The bill's saving: the window's 720 h as a month of 730 h × (1 − new/old): 492.48 × 730/720 × 0.75; 207.36 × 730/720 × 0.75;
      // 138.24 × 730/720; 244.80 × 730/720 × 0.5 (they were taken over 720 h: 369.36, 155.52, 138.24, 122.40).
      // List savings per 730 h and for the 720 h each ran: 0.684 × 0.75 × 730 | 720; (0.384 − 0.096) × 730 | 720; 0.192 × …; 0.17 × ….
      [rdsId, 'rightsize-downsize', 'db.m5.2xlarge', 'db.m5.large', 720, '374.49', '374.49', '369.36'],
      ['i-0big', 'rightsize-downsize', 'm5.2xlarge', 'm5.large', 720, '157.68', '210.24', '207.36'],
      ['i-0idle', 'rightsize-terminate', 'm5.xlarge', null, 720, '140.16', '140.16', '138.24'],
      ['i-0maxonly', 'rightsize-downsize', 'c5.2xlarge', 'c5.xlarge', 720, '124.10', '124.10', '122.40'],
    ]);
    expect(recs.map((r) => r.move)).toEqual(['resize', 'resize', 'terminate', 'resize']);
  });

  it('m5.2xlarge at p99.5 12 % → m5.large (48 %), saving 207.36 × 730/720 × (1 − 0.096/0.384) from the bill, (0.384 − 0.096) × 730 and × 720 h at list', () => {
    expect(recs[1]).toEqual({
      rule: 'rightsize-downsize',
      service: 'ec2',
      resourceId: 'i-0big',
      accountId: A,
      region: 'us-east-1',
      instanceType: 'm5.2xlarge',
      recommendedType: 'm5.large',
      move: 'resize',
      action: 'resize to m5.large',
      confidence: 'medium',
      confidenceReason: 'memory not measured: the new size keeps at least the memory per vCPU of the current one',
      explanation: 'p99.5 CPU 12 % over 14 days (p99.5 statistic) × 8/2 vCPU = 48 % on m5.large; memory not measured;'
        + ' target ≤ 80 % (headroom 20 %); maximum CPU 14 %',
      evidence: {
        daysObserved: 14, cpuStatistic: 'p99.5 statistic', cpuPercentile: 12, cpuMaximum: 14, cpuAverage: 5,
        memoryPercentile: null, memoryStatistic: null, vcpu: 8, memoryGib: 32, typeSource: 'inventory',
        // Daily rows (86400 s): the p99.5 of each of the 14 days is CloudWatch's own.
        finestPeriodS: 86400, coarsestPeriodS: 86400, daysPercentileCloudwatchDaily: 14, daysPercentileExact: 0, daysPercentileUpperBound: 0, costDaysInStore: 30,
        recommendedVcpu: 2, recommendedMemoryGib: 8, projectedCpuPercent: 48, projectedMemoryPercent: null, recommendedBurstableBaselinePercent: null,
      },
      thresholds: {
        'rightsizing.cpuPercentile': 99.5, 'rightsizing.headroomPercent': 20, targetUtilisationPercent: 80,
        'rightsizing.lookbackDays': 14, 'rightsizing.terminateMaxCpuPercent': 1,
      },
      windowCost: '207.3600000000',
      hoursRun: 720,
      currentHourlyPrice: '0.3840000000',
      recommendedHourlyPrice: '0.0960000000',
      priceBasis: 'catalogue on-demand price, us-east-1',
      monthlySavingBill: '157.68',
      monthlySavingCommitment: '0.00',
      listSavingPer730h: '210.24',
      listSavingForHoursRun: '207.36',
      commitment: null,
      // m6i.large costs the same as m5.large; m6g.large (0.077) is cheaper: 207.36 × 730/720 × (1 − 0.077/0.384) = 168.08; (0.384 − 0.077) × 720 = 221.04.
      alternative: {
        instanceType: 'm6g.large', hourlyPrice: '0.0770000000', monthlySavingBill: '168.08', monthlySavingCommitment: '0.00',
        listSavingPer730h: '224.11', listSavingForHoursRun: '221.04',
        projectedCpuPercent: 48, projectedMemoryPercent: null,
        platformChange: 'platform change: Graviton (arm64) instead of x86_64; needs arm64 builds of the OS and software',
      },
      lookback: { start: '2026-03-01', end: '2026-03-15' },
      costWindow: { start: '2026-02-13', end: '2026-03-15' },
    });
  });

  it('maximum CPU 0.8 % ≤ 1 % for the whole look-back → terminate, saving the whole instance-hour bill', () => {
    const r = recs[2];
    expect([r.action, r.confidence, r.windowCost, r.recommendedHourlyPrice, r.alternative, r.explanation]).toEqual([
      'terminate the instance (AMI or snapshot first)', 'high', '138.2400000000', null, null,
      'maximum CPU 0.8 % over the last 14 days (14 days of data) is at or below 1 %',
    ]);
  });

  it('without a p99.5 statistic the daily Maximum stands in; memory from the CloudWatch agent is projected too', () => {
    const r = recs[3];
    expect([r.evidence.cpuStatistic, r.evidence.cpuPercentile, r.evidence.memoryPercentile, r.evidence.projectedCpuPercent,
      r.evidence.projectedMemoryPercent, r.evidence.typeSource, r.confidence, r.windowCost]).toEqual([
      'daily Maximum (no percentile statistic)', 30, 30, 60, 60, 'bill', 'high', '244.8000000000',
    ]);
    // 244.80 × 730/720 × (1 − 0.136/0.34) = 148.92, as at list (it was 146.88, over 720 h).
    expect([r.alternative?.instanceType, r.alternative?.monthlySavingBill, r.alternative?.listSavingPer730h]).toEqual(['c6g.xlarge', '148.92', '148.92']);
  });

  it('RDS: the RDS catalogue\'s prices (db.m5.2xlarge 0.684 → db.m5.large 0.171) on the bill (492.48 × 730/720 × 0.75) and the bill\'s list price (0.684 × 730 × 0.75);'
    + ' the Graviton alternative by the EC2 equivalent\'s ratio (0.077 / 0.384)', () => {
    const r = recs[0];
    expect([r.service, r.evidence.projectedCpuPercent, r.currentHourlyPrice, r.recommendedHourlyPrice, r.priceBasis, r.alternative?.instanceType,
      r.alternative?.monthlySavingBill, r.alternative?.listSavingPer730h]).toEqual([
      'rds', 80, '0.6840000000', '0.1710000000',
      'data/rds/instance-prices.csv (RDS for MySQL Single-AZ list prices, see data/rds/README.md), us-east-1; an alternative family by the EC2 equivalent\'s ratio',
      'db.m6g.large', '399.20', '399.20',
    ]);
  });

  it('table output names the total and the instances it could not judge', async () => {
    const run = await costlens(db, 'rightsize', '--as-of', '2026-03-15');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Rightsizing as of 15 Mar 2026 (look-back 1–14 Mar 2026): 4 recommendations,'
      + ' $796.43 a month saved on the bill (EffectiveCost 13 Feb – 14 Mar 2026 × 730/720: a month of 730 h)');
    // 374.49 + 157.68 + 140.16 + 124.10 (it was $785.52, the 720 h of the window as the month).
    expect(lines.slice(lines.indexOf('Not judged (1):'))).toEqual(['Not judged (1):', '  i-0new: CPU data on 5 of the 14 look-back days', '']);
    // json and csv count them on stderr, in words (it said "1 instance(s) or function(s) not judged").
    const json = await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--format', 'json');
    expect(json.stderr.split('\n').filter((line) => line.includes('not judged (run with'))).toEqual(['costlens: 1 instance or function not judged (run with --format table to see why)']);
  });

  it('headroom 70 % in the config (target 30 %) stops i-0big at m5.xlarge: 12 % × 8/4 = 24 %, while 48 % on m5.large is too much', async () => {
    const { dir } = tempStore();
    writeFileSync(`${dir}/c.yaml`, 'rightsizing:\n  headroomPercent: 70\n');
    const found = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15', '--config', `${dir}/c.yaml`);
    const big = found.find((r) => r.resourceId === 'i-0big')!;
    expect([big.recommendedType, big.evidence.projectedCpuPercent, big.thresholds.targetUtilisationPercent]).toEqual(['m5.xlarge', 24, 30]);
  });
});
