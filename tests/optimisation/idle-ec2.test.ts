import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { daily, days, jsonOf, series, storeWith, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * EC2 low utilisation (Trusted Advisor): daily CPU average ≤ 10 % and network in+out ≤ 5 MB
 * (5,000,000 bytes) on ≥ 4 of the 14 days before --as-of (2026-03-01 … 2026-03-14).
 */
const ACCOUNT = '111111111111';
const LOOKBACK = days('2026-03-01', '2026-03-15');

function instance(id: string, day: (i: number) => { cpu: number; netIn?: number; netOut?: number }): MetricPoint[] {
  const values = LOOKBACK.map((_, i) => day(i));
  return [
    ...series(id, 'AWS/EC2', 'CPUUtilization', 'Average', LOOKBACK, (_, i) => values[i].cpu),
    ...series(id, 'AWS/EC2', 'NetworkIn', 'Sum', LOOKBACK, (_, i) => values[i].netIn ?? NaN).filter((p) => !Number.isNaN(p.value)),
    ...series(id, 'AWS/EC2', 'NetworkOut', 'Sum', LOOKBACK, (_, i) => values[i].netOut ?? NaN).filter((p) => !Number.isNaN(p.value)),
  ];
}

const metrics: MetricPoint[] = [
  // Exactly at both thresholds on days 0–3 (10.0 % and 2 MB + 3 MB = 5 MB count as low); day 4 has
  // low CPU but one byte too many; the rest are busy: 4 low days of 14.
  ...instance('i-0a4low', (i) => (i < 4 ? { cpu: 10, netIn: 2_000_000, netOut: 3_000_000 }
    : i === 4 ? { cpu: 9.99, netIn: 2_000_000, netOut: 3_000_001 } : { cpu: 50, netIn: 6e8, netOut: 4e8 })),
  // Only 3 low days: not reported.
  ...instance('i-0b3low', (i) => (i < 3 ? { cpu: 3, netIn: 5e5, netOut: 5e5 } : { cpu: 40, netIn: 6e8, netOut: 4e8 })),
  // Low every day: reported with high confidence.
  ...instance('i-0call', () => ({ cpu: 2, netIn: 1_000_000, netOut: 500_000 })),
  // Low CPU but no network data at all: a day without network data is not a low day.
  ...instance('i-0dnonet', () => ({ cpu: 1 })),
  // Busy.
  ...instance('i-0ebusy', () => ({ cpu: 70, netIn: 6e9, netOut: 4e9 })),
];

const BILL_DAYS: [string, string] = ['2026-02-01', '2026-03-15'];
const bill: BillLine[] = [
  // 24 h × 0.096 = 2.304 a day; the 30 days 2026-02-13 … 2026-03-14 make 69.12, plus 0.50 of data transfer.
  ...daily(...BILL_DAYS, { account: ACCOUNT, region: 'us-east-1', resourceId: 'i-0a4low', usageType: 'BoxUsage:m5.large', quantity: 24, cost: '2.304' }),
  { start: '2026-03-02', account: ACCOUNT, region: 'us-east-1', resourceId: 'i-0a4low', usageType: 'DataTransfer-Out-Bytes', quantity: 5.5, cost: '0.50' },
  // 24 h × 0.0832 = 1.9968 a day → 59.904 over 30 days; a 2-day line half inside the window adds 10 / 2 = 5;
  // a line that ends exactly where the window starts adds nothing.
  ...daily(...BILL_DAYS, { account: ACCOUNT, region: 'us-east-1', resourceId: 'i-0call', usageType: 'BoxUsage:t3.large', quantity: 24, cost: '1.9968' }),
  { start: '2026-02-12', end: '2026-02-14', account: ACCOUNT, region: 'us-east-1', resourceId: 'i-0call', usageType: 'BoxUsage:t3.large', quantity: 48, cost: '10' },
  { start: '2026-02-10', end: '2026-02-13', account: ACCOUNT, region: 'us-east-1', resourceId: 'i-0call', usageType: 'BoxUsage:t3.large', quantity: 72, cost: '99' },
  ...daily(...BILL_DAYS, { account: ACCOUNT, region: 'us-east-1', resourceId: 'i-0b3low', usageType: 'BoxUsage:m5.large', quantity: 24, cost: '2.304' }),
  ...daily(...BILL_DAYS, { account: ACCOUNT, region: 'us-east-1', resourceId: 'i-0ebusy', usageType: 'BoxUsage:m5.large', quantity: 24, cost: '2.304' }),
];

describe('costlens idle: EC2 low utilisation', () => {
  let db: string;
  let findings: IdleFinding[];

  beforeAll(async () => {
    db = await storeWith({
      bill,
      metrics,
      inventory: [{ resourceId: 'i-0a4low', account: ACCOUNT, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'instance', instanceType: 'm5.large', state: 'running', observedAt: '2026-03-14T06:00:00Z' }],
    });
    findings = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15');
  });

  it('reports exactly the instances low on at least 4 of 14 days (at-threshold days count; 3 days, missing network or busy do not)', () => {
    expect(findings.map((f) => f.resourceId)).toEqual(['i-0a4low', 'i-0call']);
  });

  it('4 of 14 days: the evidence, thresholds, action, date ranges, the 30-day bill (69.12 + 0.50) and the run-rate (2.304 / 24 × 730)', () => {
    expect(findings[0]).toEqual({
      rule: 'ec2-low-utilisation',
      kind: 'ec2-instance',
      resourceId: 'i-0a4low',
      accountId: ACCOUNT,
      region: 'us-east-1',
      usageType: null,
      windowCost: '69.6200000000',
      hourlyRate: '0.0960000000',
      runRateMonthly: '70.08',
      monthlySaving: '70.08',
      monthlySavingCommitment: '0.00',
      costWindow: { start: '2026-02-13', end: '2026-03-15' },
      lookback: { start: '2026-03-01', end: '2026-03-15' },
      evidence: {
        instanceType: 'm5.large', lowDays: 4, daysObserved: 14,
        maxCpuAverageOnLowDays: 10, maxNetworkBytesOnLowDays: 5_000_000, maxCpuAverage: 50,
      },
      thresholds: { 'idle.ec2.cpuMaxPercent': 10, 'idle.ec2.networkMaxMB': 5, 'idle.ec2.minDays': 4, 'idle.ec2.lookbackDays': 14 },
      explanation: 'daily CPU average ≤ 10 % and network in+out ≤ 5 MB on 4 of the last 14 days (CPU data on 14 days);'
        + ' on those days CPU average ≤ 10 %, network ≤ 5 MB; highest daily CPU average 50 %',
      action: 'stop or terminate the instance (create an AMI first), or downsize it (costlens rightsize)',
      confidence: 'medium',
      alsoMatched: [],
    });
  });

  it('low every day: high confidence; type from the bill; a straddling line prorated (59.904 + 5); run-rate 0.0832 × 730 = 60.736', () => {
    const f = findings[1];
    expect([f.windowCost, f.monthlySaving, f.confidence, f.evidence.instanceType, f.evidence.lowDays, f.accountId, f.region])
      .toEqual(['64.9040000000', '60.74', 'high', 't3.large', 14, ACCOUNT, 'us-east-1']);
  });

  it('--as-of defaults to the day after the data horizon, the last complete day of the billing data (2026-03-15 here)', async () => {
    expect(await jsonOf<IdleFinding[]>(db, 'idle')).toEqual(findings);
  });

  it('thresholds come from the config file: cpuMaxPercent 9.99 loses the 10.0 % days, minDays 3 gains i-0b3low (69.12 a month, listed first)', async () => {
    const { dir } = tempStore();
    writeFileSync(`${dir}/costlens.config.yaml`, 'idle:\n  ec2:\n    cpuMaxPercent: 9.99\n    minDays: 3\n');
    const found = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15', '--config', `${dir}/costlens.config.yaml`);
    expect(found.map((f) => [f.resourceId, f.evidence.lowDays, f.thresholds['idle.ec2.cpuMaxPercent']]))
      .toEqual([['i-0b3low', 3, 9.99], ['i-0call', 14, 9.99]]);
  });

  it('CSV: a header and one RFC 4180 row per finding, nothing else', async () => {
    const run = await costlens(db, 'idle', '--as-of', '2026-03-15', '--format', 'csv');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('rule,resource_id,account_id,region,usage_type,window_cost,hourly_rate,run_rate_monthly,monthly_saving,monthly_saving_commitment,confidence,action,'
      + 'evidence,thresholds,also_matched,lookback_start,lookback_end,cost_start,cost_end');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'ec2-low-utilisation,i-0a4low,111111111111', 'ec2-low-utilisation,i-0call,111111111111',
    ]);
  });

  it('a bad --as-of is a usage error (exit 2, one line and a hint, no output)', async () => {
    const run = await costlens(db, 'idle', '--as-of', '2026-02-30');
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', 'costlens: --as-of must be a date YYYY-MM-DD; got "2026-02-30"\n  hint: a calendar day, e.g. --as-of 2026-10-31\n']);
  });
});

describe('costlens idle and rightsize on a store with nothing to analyse', () => {
  it('without --as-of: a one-line not-found error with a hint (exit 5), nothing on stdout', async () => {
    const db = await storeWith({
      inventory: [{ resourceId: 'vol-0x', account: ACCOUNT, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'volume', state: 'available', observedAt: '2026-03-14T00:00:00Z' }],
    });
    for (const command of ['idle', 'rightsize']) {
      const run = await costlens(db, command);
      expect([run.code, run.stdout, run.stderr]).toEqual([5, '',
        'costlens: the store holds no billing lines and no metrics to analyse\n'
        + '  hint: ingest a Cost and Usage Report and metrics first (costlens ingest PATH ...), or give --as-of\n']);
    }
  });

  it('with --as-of: the inventory alone still shows the unattached volume (no bill: cost 0)', async () => {
    const db = await storeWith({
      inventory: [{ resourceId: 'vol-0x', account: ACCOUNT, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'volume', state: 'available', observedAt: '2026-03-14T00:00:00Z' }],
    });
    const found = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15');
    expect(found.map((f) => [f.rule, f.resourceId, f.windowCost, f.monthlySaving])).toEqual([['ebs-unattached', 'vol-0x', '0.0000000000', '0.00']]);
  });
});
