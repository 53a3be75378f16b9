import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_OCT_2018, tempStore } from '../helpers/cli.ts';
import { daily, jsonOf, storeWith, type BillLine } from './fixtures.ts';

/**
 * A store with a bill and no metrics: what the bill alone shows, as low-confidence findings.
 * Volumes billed on each of the 7 days before --as-of while their account and region billed no
 * instance hours; NAT gateways and load balancers billed hours with no traffic billed.
 */
const C = '333333333333';
const D = '444444444444';
const BILL_DAYS: [string, string] = ['2026-02-01', '2026-03-15'];
const line = (account: string, region: string, resourceId: string, usageType: string, quantity: number, cost: string, from = BILL_DAYS[0]): BillLine[] =>
  daily(from, BILL_DAYS[1], { account, region, resourceId, usageType, quantity, cost });
const natId = (n: string) => `arn:aws:ec2:eu-west-1:${C}:natgateway/${n}`;
const lbId = (n: string) => `arn:aws:elasticloadbalancing:eu-west-1:${C}:loadbalancer/app/${n}/0123456789abcdef`;

describe('costlens idle: what the bill alone shows', () => {
  let db: string;
  let findings: IdleFinding[];

  beforeAll(async () => {
    db = await storeWith({
      bill: [
        // Account C, eu-west-1: storage and no instance hours (account D's instance in eu-west-1 does not count). 30 × 0.2667 = 8.001.
        ...line(C, 'eu-west-1', 'vol-0orphan', 'EUW1-EBS:VolumeUsage.gp3', 3.2258, '0.2667'),
        ...line(D, 'eu-west-1', 'i-0other', 'EUW1-BoxUsage:m5.large', 24, '2.568'),
        // Billed only on the last 5 days: not judged.
        ...line(C, 'eu-west-1', 'vol-0recent', 'EUW1-EBS:VolumeUsage.gp3', 3.2258, '0.2667', '2026-03-10'),
        // In the inventory (attached): the inventory answers, the bill-only rule does not apply.
        ...line(C, 'eu-west-1', 'vol-0known', 'EUW1-EBS:VolumeUsage.gp3', 3.2258, '0.2667'),
        // Account C, us-east-1: an instance runs there, so its volume may be in use.
        ...line(C, 'us-east-1', 'vol-0withhost', 'EBS:VolumeUsage.gp3', 3.2258, '0.2667'),
        ...line(C, 'us-east-1', 'i-0host', 'BoxUsage:m5.large', 24, '2.304'),
        // NAT hours without bytes (24 × 0.048 = 1.152 a day → 34.56), and one with bytes.
        ...line(C, 'eu-west-1', natId('nat-0billonly'), 'EUW1-NatGateway-Hours', 24, '1.152'),
        ...line(C, 'eu-west-1', natId('nat-0bytes'), 'EUW1-NatGateway-Hours', 24, '1.152'),
        ...line(C, 'eu-west-1', natId('nat-0bytes'), 'EUW1-NatGateway-Bytes', 0.5, '0.024'),
        // Load balancer hours without capacity units (24 × 0.0252 = 0.6048 a day → 18.144), and one with.
        ...line(C, 'eu-west-1', lbId('billonly'), 'EUW1-LoadBalancerUsage', 24, '0.6048'),
        ...line(C, 'eu-west-1', lbId('serving'), 'EUW1-LoadBalancerUsage', 24, '0.6048'),
        ...line(C, 'eu-west-1', lbId('serving'), 'EUW1-LCUUsage', 0.1, '0.0008'),
      ],
      inventory: [{ resourceId: 'vol-0known', account: C, region: 'eu-west-1', service: 'AmazonEC2', resourceType: 'volume', state: 'in-use', attachedTo: 'i-0gone', observedAt: '2026-03-14T00:00:00Z' }],
    });
    findings = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15');
  });

  it('lists the gateway, the load balancer and the orphan volume, all low confidence, with their 30-day cost and run-rate', () => {
    expect(findings.map((f) => [f.rule, f.resourceId, f.accountId, f.region, f.windowCost, f.hourlyRate, f.monthlySaving, f.confidence])).toEqual([
      ['bill-nat-without-traffic', natId('nat-0billonly'), C, 'eu-west-1', '34.5600000000', '0.0480000000', '35.04', 'low'],
      ['bill-lb-without-traffic', lbId('billonly'), C, 'eu-west-1', '18.1440000000', '0.0252000000', '18.40', 'low'], // 18.396
      ['bill-ebs-without-instances', 'vol-0orphan', C, 'eu-west-1', '8.0010000000', '0.0113256164', '8.27', 'low'], // a GB-month charge: 0.2667 × 31 days of March = 8.2677; 8.2677 / 730 = 0.0113256164 an hour of 730
    ]);
  });

  it('the evidence says what the bill showed', () => {
    expect(findings[2].evidence).toEqual({ usageType: 'EUW1-EBS:VolumeUsage.gp3', billedDays: 7, billedGbMonths: 22.5806, instanceHoursInAccountRegion: 0 });
    expect(findings[0].evidence).toEqual({ usageType: 'EUW1-NatGateway-Hours', billedDays: 7, billedHours: 168, trafficQuantity: 0 });
    expect(findings[2].thresholds).toEqual({ 'idle.billOnly.days': 7 });
    expect(findings[2].lookback).toEqual({ start: '2026-03-08', end: '2026-03-15' });
  });

  it('idle.billOnly.enabled: false turns them off', async () => {
    const { dir } = tempStore();
    const config = join(dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ idle: { billOnly: { enabled: false } } }));
    expect(await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15', '--config', config)).toEqual([]);
  });

  it('names the rules that read metrics and found none to read, with the resources of their kind billed in their look-back: under the table, and on stderr with json and csv', async () => {
    // Billed in the look-back: 2 EC2 instances (14 days), 4 volumes, 2 load balancers and 2 NAT gateways (7 days), no DB instance;
    // the inventory (vol-0known) is there, so ebs-unattached could judge, and no RDS instance was billed for rds-no-connections to judge.
    const holdsNone = (rule: string, reads: string, billed: string, days: number) =>
      `${rule} reads ${reads}, and the store holds none: ${billed} billed in its ${days}-day look-back were not judged by it.`;
    const notRun = [
      holdsNone('ec2-low-utilisation', 'EC2 CPU and network metrics (AWS/EC2 CPUUtilization, NetworkIn, NetworkOut)', '2 EC2 instances', 14),
      holdsNone('ebs-low-iops', 'EBS I/O metrics (AWS/EBS VolumeReadOps, VolumeWriteOps)', '4 EBS volumes', 7),
      holdsNone('lb-no-healthy-targets', 'load balancer metrics (HealthyHostCount)', '2 load balancers', 7),
      holdsNone('lb-low-requests', 'load balancer metrics (RequestCount)', '2 load balancers', 7),
      holdsNone('nat-no-traffic', 'NAT gateway metrics (AWS/NATGateway BytesOutToDestination)', '2 NAT gateways', 7),
    ];
    const hint = 'ingest a metrics CSV and an inventory CSV (costlens ingest metrics.csv inventory.csv; README, "Ingest") or run costlens pull metrics and costlens pull inventory.';
    const table = await costlens(db, 'idle', '--as-of', '2026-03-15');
    expect(table.stdout.trimEnd().split('\n').slice(-7)).toEqual(['', ...notRun.map((line) => `Not run: ${line}`), `To judge them: ${hint}`]);
    for (const format of ['json', 'csv']) {
      const run = await costlens(db, 'idle', '--as-of', '2026-03-15', '--format', format);
      expect(run.stderr.split('\n'), format).toEqual([...notRun.map((line) => `costlens: not run: ${line}`), `costlens: to judge them: ${hint}`, '']);
    }
  });

  it('on the real October 2018 CUR alone, the rules it could not run and the instances, volumes and DB instances the CUR bills in their look-back, counted here on the file', async () => {
    const real = await cachedStore([[REAL_OCT_2018]]);
    const [billed] = await duckdbRows(`SELECT
        CAST(count(DISTINCT line_item_resource_id) FILTER (WHERE (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%SpotUsage%'
          OR line_item_usage_type LIKE '%DedicatedUsage%') AND line_item_usage_end_date > TIMESTAMP '2018-10-18') AS VARCHAR) AS ec2,
        CAST(count(DISTINCT line_item_resource_id) FILTER (WHERE line_item_usage_type LIKE '%EBS:VolumeUsage%' AND line_item_usage_end_date > TIMESTAMP '2018-10-25') AS VARCHAR) AS ebs,
        CAST(count(DISTINCT line_item_resource_id) FILTER (WHERE (line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')
          AND line_item_usage_end_date > TIMESTAMP '2018-10-25') AS VARCHAR) AS rds,
        CAST(count(DISTINCT line_item_resource_id) FILTER (WHERE line_item_usage_type LIKE '%LoadBalancerUsage' OR line_item_usage_type LIKE '%NatGateway-Hours') AS VARCHAR) AS gateways
      FROM read_parquet('${REAL_OCT_2018}') WHERE line_item_usage_start_date < TIMESTAMP '2018-11-01' AND line_item_resource_id <> ''`);
    expect(billed).toEqual({ ec2: '151', ebs: '92', rds: '3', gateways: '0' });
    const run = await costlens(real, 'idle');
    const lines = run.stdout.trimEnd().split('\n');
    // It said the heading alone (the rightsizing of the same store names its 151 EC2 and 3 RDS instances).
    expect(lines[0]).toBe('Idle resources as of 1 Nov 2018: 0 found, $0.00 a month saved at their current hourly rates × 730 h; they cost $0.00 (EffectiveCost 2–31 Oct 2018)');
    expect(lines.slice(1)).toEqual([
      `Not run: ec2-low-utilisation reads EC2 CPU and network metrics (AWS/EC2 CPUUtilization, NetworkIn, NetworkOut), and the store holds none: ${billed.ec2} EC2 instances billed in its 14-day look-back were not judged by it.`,
      `Not run: ebs-unattached reads the inventory of EBS volumes (state and attachment), and the store holds no inventory: ${billed.ebs} EBS volumes billed in its 7-day look-back were not judged by it.`,
      `Not run: ebs-low-iops reads EBS I/O metrics (AWS/EBS VolumeReadOps, VolumeWriteOps), and the store holds none: ${billed.ebs} EBS volumes billed in its 7-day look-back were not judged by it.`,
      `Not run: rds-no-connections reads RDS connection metrics (AWS/RDS DatabaseConnections), and the store holds none: ${billed.rds} RDS instances billed in its 7-day look-back were not judged by it.`,
      'To judge them: ingest a metrics CSV and an inventory CSV (costlens ingest metrics.csv inventory.csv; README, "Ingest") or run costlens pull metrics and costlens pull inventory.',
    ]);
  }, 180_000); // the cached store, possibly being built by another file first
});
