import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { daily, days, jsonOf, series, storeWith, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * Load balancers (< 100 requests on each of the 7 days before --as-of, or HealthyHostCount 0 on
 * each), RDS instances (no connection on each of the 7 days) and NAT gateways (no bytes out on
 * each of the 7 days). Look-back 2026-03-08 … 2026-03-14; monthly cost 2026-02-13 … 2026-03-14.
 */
const A = '111111111111';
const WEEK = days('2026-03-08', '2026-03-15');
const BILL_DAYS: [string, string] = ['2026-02-01', '2026-03-15'];
const lb = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${A}:loadbalancer/app/${name}/0123456789abcdef`;
const db = (name: string) => `arn:aws:rds:us-east-1:${A}:db:${name}`;
const nat = (name: string) => `arn:aws:ec2:us-east-1:${A}:natgateway/${name}`;

const lbBill = (id: string): BillLine[] => daily(...BILL_DAYS, {
  account: A, region: 'us-east-1', resourceId: id, usageType: 'LoadBalancerUsage', quantity: 24, cost: '0.54', service: 'Elastic Load Balancing',
}); // 24 h × 0.0225 = 0.54 a day → 16.20 over 30 days

const alb = (id: string, requests: ((i: number) => number) | null, hosts: number, dayList = WEEK): MetricPoint[] => [
  ...(requests ? series(id, 'AWS/ApplicationELB', 'RequestCount', 'Sum', dayList, (_, i) => requests(i)) : []),
  ...series(id, 'AWS/ApplicationELB', 'HealthyHostCount', 'Average', dayList, () => hosts),
];

describe('costlens idle: load balancers, RDS and NAT gateways', () => {
  let findings: IdleFinding[];

  beforeAll(async () => {
    const store = await storeWith({
      bill: [
        ...lbBill(lb('nohosts')), ...lbBill(lb('quiet')), ...lbBill(lb('silent')), ...lbBill(lb('hundred')),
        // db.m5.large: 24 h × 0.171 = 4.104 a day (123.12) plus storage 0.37 a day (11.10) = 134.22.
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: db('idle'), usageType: 'InstanceUsage:db.m5.large', quantity: 24, cost: '4.104', service: 'Amazon Relational Database Service' }),
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: db('idle'), usageType: 'RDS:GP2-Storage', quantity: 3.2258, cost: '0.37', service: 'Amazon Relational Database Service' }),
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: db('average-only'), usageType: 'InstanceUsage:db.t3.medium', quantity: 24, cost: '3', service: 'Amazon Relational Database Service' }),
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: db('one-connection'), usageType: 'InstanceUsage:db.m5.large', quantity: 24, cost: '4.104', service: 'Amazon Relational Database Service' }),
        // 24 h × 0.045 = 1.08 a day → 32.40.
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: nat('nat-0idle'), usageType: 'NatGateway-Hours', quantity: 24, cost: '1.08' }),
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: nat('nat-0trickle'), usageType: 'NatGateway-Hours', quantity: 24, cost: '1.08' }),
      ],
      metrics: [
        ...alb(lb('nohosts'), () => 500, 0), // busy, but no healthy target
        ...alb(lb('quiet'), () => 99, 2), // 99 requests a day: below 100
        ...alb(lb('hundred'), (i) => (i === 2 ? 100 : 0), 2), // 100 requests on one day: not below 100
        ...alb(lb('silent'), null, 2), // no RequestCount rows: CloudWatch omits them when there are no requests
        ...alb(lb('new'), null, 0, WEEK.slice(2)), // only 5 days old: not judged
        ...series(lb('nlb'), 'AWS/NetworkELB', 'HealthyHostCount', 'Average', WEEK, () => 3), // NLB: no request metric, healthy
        ...series(db('idle'), 'AWS/RDS', 'DatabaseConnections', 'Maximum', WEEK, () => 0),
        ...series(db('idle'), 'AWS/RDS', 'DatabaseConnections', 'Average', WEEK, () => 0),
        ...series(db('idle'), 'AWS/RDS', 'CPUUtilization', 'Maximum', WEEK, (_, i) => 3 + i / 2),
        ...series(db('average-only'), 'AWS/RDS', 'DatabaseConnections', 'Average', WEEK, () => 0),
        ...series(db('one-connection'), 'AWS/RDS', 'DatabaseConnections', 'Maximum', WEEK, (_, i) => (i === 6 ? 1 : 0)),
        ...series(nat('nat-0idle'), 'AWS/NATGateway', 'BytesOutToDestination', 'Sum', WEEK, () => 0),
        ...series(nat('nat-0trickle'), 'AWS/NATGateway', 'BytesOutToDestination', 'Sum', WEEK, (_, i) => (i === 0 ? 1 : 0)),
      ],
    });
    findings = await jsonOf<IdleFinding[]>(store, 'idle', '--as-of', '2026-03-15');
  });

  it('finds exactly the idle ones, with the 30-day cost of every line of each resource and its run-rate (a day\'s cost / 24 × 730; a GB-month charge\'s × the days of its month)', () => {
    expect(findings.map((f) => [f.rule, f.resourceId, f.windowCost, f.monthlySaving, f.confidence])).toEqual([
      ['rds-no-connections', db('idle'), '134.2200000000', '136.30', 'high'], // 4.104 / 24 × 730 + 0.37 × 31 (GB-month storage: the day × the days of March) = 124.83 + 11.47
      ['rds-no-connections', db('average-only'), '90.0000000000', '91.25', 'high'],
      ['nat-no-traffic', nat('nat-0idle'), '32.4000000000', '32.85', 'high'],
      ['lb-no-healthy-targets', lb('nohosts'), '16.2000000000', '16.43', 'high'], // 0.0225 × 730 = 16.425
      ['lb-low-requests', lb('quiet'), '16.2000000000', '16.43', 'medium'],
      ['lb-low-requests', lb('silent'), '16.2000000000', '16.43', 'high'],
    ]);
  });

  it('a load balancer without healthy targets: evidence, thresholds and date range', () => {
    const f = findings[3];
    expect([f.evidence, f.thresholds, f.lookback, f.explanation, f.alsoMatched]).toEqual([
      { daysObserved: 7, maxDailyRequests: 500, totalRequests: 3500, daysWithHostCount: 7, maxHealthyHosts: 0 },
      { 'idle.loadBalancer.maxRequestsPerDay': 100, 'idle.loadBalancer.days': 7 },
      { start: '2026-03-08', end: '2026-03-15' },
      'no healthy targets (HealthyHostCount 0) on each of the last 7 days; at most 500 requests a day (3500 in all)',
      [],
    ]);
  });

  it('99 requests a day is below 100; no RequestCount rows on an observed day count as 0 requests', () => {
    expect([findings[4].evidence.maxDailyRequests, findings[4].evidence.totalRequests]).toEqual([99, 693]);
    expect([findings[5].evidence.maxDailyRequests, findings[5].evidence.totalRequests, findings[5].evidence.maxHealthyHosts]).toEqual([0, 0, 2]);
  });

  it('RDS: the daily Maximum of DatabaseConnections (Average when no Maximum), and the highest CPU', () => {
    expect(findings[0].evidence).toEqual({ instanceClass: 'db.m5.large', daysObserved: 7, maxDailyConnections: 0, maxCpu: 6 });
    expect(findings[0].thresholds).toEqual({ 'idle.rds.maxConnections': 0, 'idle.rds.days': 7 });
    expect(findings[1].evidence).toEqual({ instanceClass: 'db.t3.medium', daysObserved: 7, maxDailyConnections: 0, maxCpu: null });
  });

  it('NAT gateway: 0 bytes out on 7 of 7 days', () => {
    expect([findings[2].evidence, findings[2].thresholds]).toEqual([
      { daysObserved: 7, maxDailyBytesOut: 0, totalBytesOut: 0 },
      { 'idle.natGateway.maxBytesOut': 0, 'idle.natGateway.days': 7 },
    ]);
  });
});
