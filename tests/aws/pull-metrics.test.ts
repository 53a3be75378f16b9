import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { pullMetrics } from '../../src/aws/pull-metrics.ts';
import { pullCommand } from '../../src/cli/pull.ts';
import { ingestPaths } from '../../src/ingest/loader.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { FakeCloudWatch, type FakeMetricSeries } from '../fakes/aws/cloudwatch.ts';
import { DEFAULT_ACCOUNT, type FakeAws } from '../fakes/aws/server.ts';
import { FakeSts } from '../fakes/aws/sts.ts';
import { fastAwsConfig, runCommand, startFakeAws } from './helpers.ts';

const cw = new FakeCloudWatch();
const sts = new FakeSts();
let fake: FakeAws;

const MEMBER = '222222222222';
const ROLE = `arn:aws:iam::${MEMBER}:role/costlens-read`;
const ALB = `arn:aws:elasticloadbalancing:us-east-1:${MEMBER}:loadbalancer/app/shop-alb/50dc6c495c0c9188`;
const RDS = `arn:aws:rds:us-east-1:${MEMBER}:db:shop-db`;
const NAT = `arn:aws:ec2:us-east-1:${MEMBER}:natgateway/nat-0a1b2c3d4e5f60001`;
const FN = `arn:aws:lambda:us-east-1:${MEMBER}:function:checkout-prod-order-events`;
const DAYS = ['2026-11-17', '2026-11-18', '2026-11-19'];
const config = () => fastAwsConfig({ accounts: [{ id: MEMBER, roleArn: ROLE }] });

/** Daily values for the three days: base, base+1, base+2 (plus a day outside the window). */
const daily = (base: number) => ({ '2026-11-16': 999, [DAYS[0]]: base, [DAYS[1]]: base + 1, [DAYS[2]]: base + 2 });
const series = (account: string, namespace: string, metricName: string, dimensions: Record<string, string>, values: FakeMetricSeries['values']): FakeMetricSeries =>
  ({ account, region: 'us-east-1', namespace, metricName, dimensions, values });

/** A store whose inventory lists the member account's resources and whose bill names one more instance. */
async function seededStore(extraInstances = 0): Promise<string> {
  const { dir, db } = tempStore();
  const inventory = ['resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at',
    `i-0a1b2c3d4e5f60001,${MEMBER},us-east-1,AmazonEC2,instance,m5.large,running,,{},2026-11-20T00:00:00Z`,
    `vol-0a1b2c3d4e5f60001,${MEMBER},us-east-1,AmazonEC2,volume,gp3,in-use,i-0a1b2c3d4e5f60001,{},2026-11-20T00:00:00Z`,
    `${ALB},${MEMBER},us-east-1,AWSELB,loadbalancer,,active,,{},2026-11-20T00:00:00Z`,
    `${RDS},${MEMBER},us-east-1,AmazonRDS,db-instance,db.m5.large,available,,{},2026-11-20T00:00:00Z`,
    `${NAT},${MEMBER},us-east-1,AmazonEC2,natgateway,,available,,{},2026-11-20T00:00:00Z`,
    `eipalloc-0a1b2c3d4e5f60002,${MEMBER},us-east-1,AmazonEC2,elastic-ip,,unassociated,,{},2026-11-20T00:00:00Z`,
    `i-0c0c0c0c0c0c00001,444444444444,us-east-1,AmazonEC2,instance,m5.large,running,,{},2026-11-20T00:00:00Z`,
    ...Array.from({ length: extraInstances }, (_, n) => `i-0b${n.toString(16).padStart(15, '0')},${MEMBER},us-east-1,AmazonEC2,instance,t3.micro,running,,{},2026-11-20T00:00:00Z`),
  ];
  const bill = ['BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,ProviderName,SubAccountId,RegionId,ResourceId,ServiceName',
    `${DEFAULT_ACCOUNT},2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,2026-11-18T00:00:00Z,2026-11-19T00:00:00Z,2.4,AWS,${DEFAULT_ACCOUNT},us-east-1,i-0d0d0d0d0d0d00001,Amazon Elastic Compute Cloud`,
    `${DEFAULT_ACCOUNT},2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,2026-11-02T00:00:00Z,2026-11-03T00:00:00Z,2.4,AWS,${DEFAULT_ACCOUNT},us-east-1,i-0e0e0e0e0e0e00001,Amazon Elastic Compute Cloud`,
  ];
  writeFileSync(join(dir, 'inventory.csv'), `${inventory.join('\n')}\n`);
  writeFileSync(join(dir, 'bill.csv'), `${bill.join('\n')}\n`);
  await ingestPaths(db, [join(dir, 'inventory.csv'), join(dir, 'bill.csv')]);
  return db;
}

beforeAll(async () => {
  fake = await startFakeAws([cw, sts]);
  sts.attach(fake);
  sts.roles.set(ROLE, undefined);
  const i1 = { InstanceId: 'i-0a1b2c3d4e5f60001' };
  cw.series = [
    series(MEMBER, 'AWS/EC2', 'CPUUtilization', i1, { Average: daily(3), Maximum: daily(20), 'p99.5': daily(15) }),
    series(MEMBER, 'AWS/EC2', 'NetworkIn', i1, { Sum: daily(1e6) }),
    series(MEMBER, 'AWS/EC2', 'NetworkOut', i1, { Sum: daily(2e6) }),
    series(MEMBER, 'CWAgent', 'mem_used_percent', { InstanceId: 'i-0a1b2c3d4e5f60001', ImageId: 'ami-0fake', InstanceType: 'm5.large' }, { Average: daily(41), Maximum: daily(60), 'p99.5': daily(55) }),
    series(MEMBER, 'AWS/EBS', 'VolumeReadOps', { VolumeId: 'vol-0a1b2c3d4e5f60001' }, { Sum: daily(0) }),
    series(MEMBER, 'AWS/EBS', 'VolumeWriteOps', { VolumeId: 'vol-0a1b2c3d4e5f60001' }, { Sum: daily(10) }),
    series(MEMBER, 'AWS/ApplicationELB', 'RequestCount', { LoadBalancer: 'app/shop-alb/50dc6c495c0c9188' }, { Sum: daily(50) }),
    series(MEMBER, 'AWS/ApplicationELB', 'HealthyHostCount', { LoadBalancer: 'app/shop-alb/50dc6c495c0c9188', TargetGroup: 'targetgroup/shop-web/0001' }, { Average: daily(2) }),
    series(MEMBER, 'AWS/ApplicationELB', 'HealthyHostCount', { LoadBalancer: 'app/shop-alb/50dc6c495c0c9188', TargetGroup: 'targetgroup/shop-api/0003' }, { Average: daily(1) }),
    series(MEMBER, 'AWS/ApplicationELB', 'HealthyHostCount', { LoadBalancer: 'app/shop-alb/50dc6c495c0c9188', TargetGroup: 'targetgroup/shop-web/0001', AvailabilityZone: 'us-east-1a' }, { Average: daily(100) }),
    series(MEMBER, 'AWS/RDS', 'DatabaseConnections', { DBInstanceIdentifier: 'shop-db' }, { Average: daily(0), Maximum: daily(0) }),
    series(MEMBER, 'AWS/RDS', 'CPUUtilization', { DBInstanceIdentifier: 'shop-db' }, { Average: daily(5), Maximum: daily(9), 'p99.5': daily(8) }),
    series(MEMBER, 'AWS/NATGateway', 'BytesOutToDestination', { NatGatewayId: 'nat-0a1b2c3d4e5f60001' }, { Sum: daily(0) }),
    series(DEFAULT_ACCOUNT, 'AWS/EC2', 'CPUUtilization', { InstanceId: 'i-0d0d0d0d0d0d00001' }, { Average: daily(70) }),
    series(MEMBER, 'AWS/Lambda', 'Duration', { FunctionName: 'checkout-prod-order-events' }, { Average: daily(120), Maximum: daily(900), p99: daily(450) }),
    series(MEMBER, 'AWS/Lambda', 'Duration', { FunctionName: 'checkout-prod-order-events', Resource: 'checkout-prod-order-events:live' }, { Average: daily(5000) }),
    series(MEMBER, 'AWS/Lambda', 'Invocations', { FunctionName: 'checkout-prod-order-events' }, { Sum: daily(86400) }),
    series(MEMBER, 'LambdaInsights', 'used_memory_max', { function_name: 'checkout-prod-order-events' }, { Maximum: daily(180) }),
  ];
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  fake.reset();
  cw.queriesPerPage = 500;
});

describe('costlens pull metrics', () => {
  it('reads daily statistics for every resource the inventory and the bill name, in the owning account, and stores them', async () => {
    const db = await seededStore();
    const result = await pullMetrics({ storePath: db, config: config(), env: process.env, days: 3, today: '2026-11-20' });
    expect([result.resources, result.queries, result.requests, result.rows]).toEqual([6, 24, 2, 57]);
    expect(result.skipped).toEqual(['1 resource of account 444444444444 in us-east-1 (no role in aws.accounts for it)']);
    const stored = await sqlRows(db, `SELECT resource_id, namespace, metric_name, statistic, list(value ORDER BY timestamp) AS v, min(unit) AS unit, count(*) AS days,
        CAST(min(timestamp) AS VARCHAR) AS first, min(period_s) AS period
      FROM metrics GROUP BY ALL ORDER BY resource_id, namespace, metric_name, statistic`);
    const row = (resource_id: string, namespace: string, metric_name: string, statistic: string, base: number | number[], unit: string) =>
      ({ resource_id, namespace, metric_name, statistic, v: `[${(Array.isArray(base) ? base : [base, base + 1, base + 2]).join(', ')}]`, unit, days: '3', first: '2026-11-17 00:00:00', period: '86400' });
    expect(stored).toEqual([
      row(NAT, 'AWS/NATGateway', 'BytesOutToDestination', 'Sum', 0, 'Bytes'),
      // The two target groups' HealthyHostCount (2, 3, 4 and 1, 2, 3) summed; the per-AZ series is not counted again.
      row(ALB, 'AWS/ApplicationELB', 'HealthyHostCount', 'Average', [3, 5, 7], 'Count'),
      row(ALB, 'AWS/ApplicationELB', 'RequestCount', 'Sum', 50, 'Count'),
      row(RDS, 'AWS/RDS', 'CPUUtilization', 'Average', 5, 'Percent'),
      row(RDS, 'AWS/RDS', 'CPUUtilization', 'Maximum', 9, 'Percent'),
      row(RDS, 'AWS/RDS', 'CPUUtilization', 'p99.5', 8, 'Percent'),
      row(RDS, 'AWS/RDS', 'DatabaseConnections', 'Average', 0, 'Count'),
      row(RDS, 'AWS/RDS', 'DatabaseConnections', 'Maximum', 0, 'Count'),
      row('i-0a1b2c3d4e5f60001', 'AWS/EC2', 'CPUUtilization', 'Average', 3, 'Percent'),
      row('i-0a1b2c3d4e5f60001', 'AWS/EC2', 'CPUUtilization', 'Maximum', 20, 'Percent'),
      row('i-0a1b2c3d4e5f60001', 'AWS/EC2', 'CPUUtilization', 'p99.5', 15, 'Percent'),
      row('i-0a1b2c3d4e5f60001', 'AWS/EC2', 'NetworkIn', 'Sum', 1e6, 'Bytes'),
      row('i-0a1b2c3d4e5f60001', 'AWS/EC2', 'NetworkOut', 'Sum', 2e6, 'Bytes'),
      row('i-0a1b2c3d4e5f60001', 'CWAgent', 'mem_used_percent', 'Average', 41, 'Percent'),
      row('i-0a1b2c3d4e5f60001', 'CWAgent', 'mem_used_percent', 'Maximum', 60, 'Percent'),
      row('i-0a1b2c3d4e5f60001', 'CWAgent', 'mem_used_percent', 'p99.5', 55, 'Percent'),
      row('i-0d0d0d0d0d0d00001', 'AWS/EC2', 'CPUUtilization', 'Average', 70, 'Percent'),
      row('vol-0a1b2c3d4e5f60001', 'AWS/EBS', 'VolumeReadOps', 'Sum', 0, 'Count'),
      row('vol-0a1b2c3d4e5f60001', 'AWS/EBS', 'VolumeWriteOps', 'Sum', 10, 'Count'),
    ]);
  });

  it('asks CloudWatch as each resource\'s account: the member through its role, the bill-only instance of the payer with the default keys', async () => {
    const db = await seededStore();
    await pullMetrics({ storePath: db, config: config(), env: process.env, days: 3, today: '2026-11-20' });
    const calls = fake.calls('monitoring');
    expect(calls.map((c) => [c.account, c.operation]).sort()).toEqual([
      [DEFAULT_ACCOUNT, 'GetMetricData'], [DEFAULT_ACCOUNT, 'ListMetrics'], [MEMBER, 'GetMetricData'], [MEMBER, 'ListMetrics'], [MEMBER, 'ListMetrics'],
    ]);
    const memberData = calls.find((c) => c.account === MEMBER && c.operation === 'GetMetricData')!;
    expect([memberData.params.StartTime, memberData.params.EndTime]).toEqual([Date.parse('2026-11-17T00:00:00Z') / 1000, Date.parse('2026-11-20T00:00:00Z') / 1000]);
    expect(fake.calls('sts', 'AssumeRole')).toHaveLength(1);
  });

  it('sends at most 500 queries a call and follows NextToken', async () => {
    const db = await seededStore(101);
    cw.queriesPerPage = 200;
    const result = await pullMetrics({ storePath: db, config: config(), env: process.env, days: 3, today: '2026-11-20' });
    const member = fake.calls('monitoring', 'GetMetricData').filter((c) => c.account === MEMBER);
    const sizes = member.map((c) => (c.params.MetricDataQueries as unknown[]).length);
    expect(sizes).toEqual([500, 500, 500, 24]);
    expect(member.map((c) => c.params.NextToken === undefined)).toEqual([true, false, false, true]);
    expect(result.queries).toBe(19 + 101 * 5 + 5);
    expect(result.requests).toBe(5);
  });

  it('costlens pull metrics --days beyond the 455 days CloudWatch keeps daily datapoints is refused (exit 2) before any call', async () => {
    const db = await seededStore();
    const run = await runCommand(pullCommand, db, ['metrics', '--days', '456', '--today', '2026-11-20']);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, 'costlens: --days must be an integer from 1 to 455; got "456"']);
    expect(fake.calls('monitoring')).toEqual([]);
  });

  it('costlens pull metrics: without aws.accounts only the caller\'s own resources are read; the others are named as skipped', async () => {
    const db = await seededStore();
    const run = await runCommand(pullCommand, db, ['metrics', '--days', '3', '--today', '2026-11-20']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'CloudWatch: 1 resources, 5 metric queries in 1 GetMetricData request, 3 daily values',
      '  skipped: 5 resources of account 222222222222 in us-east-1 (no role in aws.accounts for it)',
      '  skipped: 1 resource of account 444444444444 in us-east-1 (no role in aws.accounts for it)',
      '  3 rows into metrics',
    ]);
    expect(fake.calls('sts').map((c) => c.operation)).toEqual(['GetCallerIdentity']);
  });

  it('CloudWatch throttling (Throttling, query-compatible) is retried', async () => {
    const db = await seededStore();
    fake.inject({ service: 'monitoring', operation: 'GetMetricData', kind: 'throttle' });
    const result = await pullMetrics({ storePath: db, config: config(), env: process.env, days: 3, today: '2026-11-20' });
    expect(result.rows).toBe(57);
    expect(fake.calls('monitoring', 'GetMetricData').map((c) => c.fault ?? 'ok')).toEqual(['throttle', 'ok', 'ok']);
  });

  it('Lambda functions: Duration (Average, Maximum, p99) and Invocations (Sum) by FunctionName, Lambda Insights memory (Maximum) by function_name', async () => {
    const { dir, db } = tempStore();
    writeFileSync(join(dir, 'inventory.csv'), ['resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at,memory_mb,architecture,runtime,timeout_s',
      `${FN},${MEMBER},us-east-1,AWSLambda,function,,,,{},2026-11-20T00:00:00Z,1024,x86_64,nodejs20.x,30`, ''].join('\n'));
    await ingestPaths(db, [join(dir, 'inventory.csv')]);
    const result = await pullMetrics({ storePath: db, config: config(), env: process.env, days: 3, today: '2026-11-20' });
    expect([result.resources, result.queries, result.requests, result.rows]).toEqual([1, 5, 1, 15]);
    const queries = fake.calls('monitoring', 'GetMetricData')[0].params.MetricDataQueries as { MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] }; Stat: string } }[];
    expect(queries.map((q) => [q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName, q.MetricStat.Stat, q.MetricStat.Metric.Dimensions])).toEqual([
      ['AWS/Lambda', 'Duration', 'Average', [{ Name: 'FunctionName', Value: 'checkout-prod-order-events' }]],
      ['AWS/Lambda', 'Duration', 'Maximum', [{ Name: 'FunctionName', Value: 'checkout-prod-order-events' }]],
      ['AWS/Lambda', 'Duration', 'p99', [{ Name: 'FunctionName', Value: 'checkout-prod-order-events' }]],
      ['AWS/Lambda', 'Invocations', 'Sum', [{ Name: 'FunctionName', Value: 'checkout-prod-order-events' }]],
      ['LambdaInsights', 'used_memory_max', 'Maximum', [{ Name: 'function_name', Value: 'checkout-prod-order-events' }]],
    ]);
    const stored = await sqlRows(db, `SELECT namespace, metric_name, statistic, list(value ORDER BY timestamp) AS v, min(unit) AS unit
      FROM metrics WHERE resource_id = '${FN}' GROUP BY ALL ORDER BY namespace, metric_name, statistic`);
    expect(stored).toEqual([
      { namespace: 'AWS/Lambda', metric_name: 'Duration', statistic: 'Average', v: '[120, 121, 122]', unit: 'Milliseconds' },
      { namespace: 'AWS/Lambda', metric_name: 'Duration', statistic: 'Maximum', v: '[900, 901, 902]', unit: 'Milliseconds' },
      { namespace: 'AWS/Lambda', metric_name: 'Duration', statistic: 'p99', v: '[450, 451, 452]', unit: 'Milliseconds' },
      { namespace: 'AWS/Lambda', metric_name: 'Invocations', statistic: 'Sum', v: '[86400, 86401, 86402]', unit: 'Count' },
      { namespace: 'LambdaInsights', metric_name: 'used_memory_max', statistic: 'Maximum', v: '[180, 181, 182]', unit: 'Megabytes' },
    ]);
  });
});
