import { beforeAll, describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { daily, days, series, storeWith, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * What the idle rules' shared fragments give a candidate (queries/optimisation/priced_candidates.cte.sql,
 * resource_window_costs.cte.sql with the billed instance type, look_back_bounds.cte.sql), read
 * through the rule queries as `costlens query` prints them, as of 2026-03-15 (data horizon 2026-03-14):
 * the cost window is 2026-02-13 … 2026-03-14 (30 days), the NAT look-back 2026-03-08 … 2026-03-14.
 */
const BILLED = '222222222222';
const INVENTORIED = '333333333333';
const AS_OF = ['--param', 'as_of=2026-03-15', '--param', 'data_horizon=2026-03-14', '--param', 'complete_until=2026-03-15', '--format', 'json'];

const idleBytes = (id: string): MetricPoint[] => series(id, 'AWS/NATGateway', 'BytesOutToDestination', 'Sum', days('2026-03-08', '2026-03-15'), () => 0);
const metrics: MetricPoint[] = [
  ...idleBytes('nat-0billed'), ...idleBytes('nat-0gone'), ...idleBytes('nat-0unbilled'),
  // Rows without a resource id: one candidate with a NULL id, priced at nothing.
  ...idleBytes(''),
  ...series('nat-0busy', 'AWS/NATGateway', 'BytesOutToDestination', 'Sum', days('2026-03-08', '2026-03-15'), () => 1),
  ...series('i-0idle', 'AWS/EC2', 'CPUUtilization', 'Average', days('2026-03-01', '2026-03-15'), () => 1),
  ...series('i-0idle', 'AWS/EC2', 'NetworkIn', 'Sum', days('2026-03-01', '2026-03-15'), () => 0),
  ...series('i-0idle', 'AWS/EC2', 'NetworkOut', 'Sum', days('2026-03-01', '2026-03-15'), () => 0),
  ...series('arn:aws:rds:eu-west-1:222222222222:db:idle', 'AWS/RDS', 'DatabaseConnections', 'Maximum', days('2026-03-08', '2026-03-15'), () => 0),
];
const bill: BillLine[] = [
  // 24 h × 0.045 = 1.08 a day: 30 days make 32.40; 0.045 an hour.
  ...daily('2026-02-01', '2026-03-15', { account: BILLED, region: 'eu-west-1', resourceId: 'nat-0billed', usageType: 'EUW1-NatGateway-Hours', quantity: 24, cost: '1.08' }),
  // Billed up to 2026-03-09 only: 2026-02-13 … 2026-03-09 is 25 days, 27.00; gone since 2026-03-10 (rate 0).
  ...daily('2026-02-01', '2026-03-10', { account: BILLED, region: 'eu-west-1', resourceId: 'nat-0gone', usageType: 'EUW1-NatGateway-Hours', quantity: 24, cost: '1.08' }),
  ...daily('2026-02-01', '2026-03-15', { account: BILLED, region: 'eu-west-1', resourceId: 'nat-0busy', usageType: 'EUW1-NatGateway-Hours', quantity: 24, cost: '1.08' }),
  // No x_InstanceType in a FOCUS bill: the type is the instance-hour usage type's (24 × 0.096 = 2.304 a day, 69.12 in 30 days).
  ...daily('2026-02-01', '2026-03-15', { account: BILLED, region: 'eu-west-1', resourceId: 'i-0idle', usageType: 'EUW1-BoxUsage:m5.large', quantity: 24, cost: '2.304' }),
  // 24 × 0.068 = 1.632 a day, 48.96 in 30 days; no x_InstanceType either: the class is the instance-hour usage type's.
  ...daily('2026-02-01', '2026-03-15', { account: BILLED, region: 'eu-west-1', resourceId: 'arn:aws:rds:eu-west-1:222222222222:db:idle', usageType: 'EUW1-InstanceUsage:db.t3.medium', quantity: 24, cost: '1.632', service: 'Amazon Relational Database Service' }),
];

async function queryRows(name: string): Promise<Record<string, unknown>[]> {
  const run = await costlens(db, 'query', name, ...AS_OF);
  if (run.code !== 0) throw new Error(`costlens query ${name} failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>[];
}

let db: string;

describe('idle rules: each candidate priced by the shared fragments', () => {
  beforeAll(async () => {
    db = await storeWith({
      bill,
      metrics,
      inventory: [{ resourceId: 'nat-0gone', account: INVENTORIED, region: 'us-west-2', service: 'AmazonVPC', resourceType: 'natgateway', state: 'available', observedAt: '2026-03-14T06:00:00Z' }],
    });
  });

  it('NAT gateways: billed (account and region from the bill), gone (the inventory\'s account and region, rate 0, charged until its last line ends), unbilled and without an id (0, no account): every candidate keeps its row', async () => {
    const window = { window_start: '2026-03-08', window_end: '2026-03-15', cost_start: '2026-02-13', cost_end: '2026-03-15' };
    const rows = (await queryRows('optimisation/idle_nat_gateways')).map((r) => ({
      resource_id: r.resource_id, account_id: r.account_id, region: r.region, days_observed: r.days_observed, window_cost: r.window_cost,
      hourly_rate: r.hourly_rate, charged_until: r.charged_until, window_start: r.window_start, window_end: r.window_end, cost_start: r.cost_start, cost_end: r.cost_end,
    }));
    expect(rows).toEqual([
      { resource_id: 'nat-0billed', account_id: BILLED, region: 'eu-west-1', days_observed: 7, window_cost: '32.4000000000', hourly_rate: '0.0450000000', charged_until: null, ...window },
      { resource_id: 'nat-0gone', account_id: INVENTORIED, region: 'us-west-2', days_observed: 7, window_cost: '27.0000000000', hourly_rate: '0.0000000000', charged_until: '2026-03-10T00:00:00Z', ...window },
      { resource_id: 'nat-0unbilled', account_id: null, region: null, days_observed: 7, window_cost: '0.0000000000', hourly_rate: '0.0000000000', charged_until: null, ...window },
      { resource_id: null, account_id: null, region: null, days_observed: 7, window_cost: '0.0000000000', hourly_rate: '0.0000000000', charged_until: null, ...window },
    ]);
  });

  it('EC2 and RDS: the instance type and class from the bill\'s instance-hour usage type (BoxUsage:, Usage:db.), priced over the same window', async () => {
    const [ec2] = await queryRows('optimisation/idle_ec2_instances');
    const [rds] = await queryRows('optimisation/idle_rds_instances');
    expect([ec2.resource_id, ec2.account_id, ec2.instance_type, ec2.window_cost, ec2.hourly_rate, ec2.window_start, ec2.cost_start])
      .toEqual(['i-0idle', BILLED, 'm5.large', '69.1200000000', '0.0960000000', '2026-03-01', '2026-02-13']);
    expect([rds.resource_id, rds.region, rds.instance_class, rds.window_cost, rds.hourly_rate, rds.window_start, rds.cost_start])
      .toEqual(['arn:aws:rds:eu-west-1:222222222222:db:idle', 'eu-west-1', 'db.t3.medium', '48.9600000000', '0.0680000000', '2026-03-08', '2026-02-13']);
  });
});
