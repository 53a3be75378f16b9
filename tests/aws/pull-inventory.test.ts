import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { pullInventory } from '../../src/aws/pull-inventory.ts';
import { pullCommand } from '../../src/cli/pull.ts';
import { CostlensError } from '../../src/errors.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { FakeEc2 } from '../fakes/aws/ec2.ts';
import { FakeElbv2, FakeRds } from '../fakes/aws/elbv2-rds.ts';
import { FakeLambda } from '../fakes/aws/lambda.ts';
import { DEFAULT_ACCOUNT, FAKE_ACCESS_KEY_ID, type FakeAws } from '../fakes/aws/server.ts';
import { FakeSts } from '../fakes/aws/sts.ts';
import { fastAwsConfig, runCommand, startFakeAws } from './helpers.ts';

const ec2 = new FakeEc2();
const elb = new FakeElbv2();
const rds = new FakeRds();
const sts = new FakeSts();
const lambda = new FakeLambda();
let fake: FakeAws;

const MEMBER = '222222222222';
const OTHER = '333333333333';
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/costlens-read`;
const OTHER_ROLE = `arn:aws:iam::${OTHER}:role/costlens-read`;
const ALB = `arn:aws:elasticloadbalancing:us-east-1:${MEMBER}:loadbalancer/app/shop-alb/50dc6c495c0c9188`;
const OBSERVED = new Date('2026-11-20T06:30:00.123Z');

const accountsConfig = (externalId = 'ext-42') => fastAwsConfig({
  regions: ['us-east-1'],
  concurrency: 2,
  accounts: [
    { id: MEMBER, roleArn: MEMBER_ROLE, externalId, regions: ['us-east-1', 'eu-west-1'] },
    { id: OTHER, roleArn: OTHER_ROLE },
  ],
});

beforeAll(async () => {
  fake = await startFakeAws([ec2, elb, rds, sts, lambda]);
  sts.attach(fake);
  sts.roles.set(MEMBER_ROLE, 'ext-42');
  sts.roles.set(OTHER_ROLE, undefined);
  const east = ec2.region(MEMBER, 'us-east-1');
  east.instances.push(
    { id: 'i-0a1b2c3d4e5f60001', type: 'm5.large', state: 'running', tags: { Name: 'shop-web-1', team: 'payments', empty: '' } },
    { id: 'i-0a1b2c3d4e5f60002', type: 't3.micro', state: 'stopped' },
  );
  east.volumes.push(
    { id: 'vol-0a1b2c3d4e5f60001', type: 'gp3', state: 'in-use', size: 100, attachedTo: 'i-0a1b2c3d4e5f60001', tags: { Name: 'shop-web-1-root' } },
    { id: 'vol-0a1b2c3d4e5f60002', type: 'gp2', state: 'available', size: 500 },
  );
  east.addresses.push(
    { allocationId: 'eipalloc-0a1b2c3d4e5f60001', publicIp: '203.0.113.10', instanceId: 'i-0a1b2c3d4e5f60001' },
    { allocationId: 'eipalloc-0a1b2c3d4e5f60002', publicIp: '203.0.113.11', tags: { Name: 'spare' } },
  );
  east.natGateways.push({ id: 'nat-0a1b2c3d4e5f60001', state: 'available', subnetId: 'subnet-0fake', tags: { team: 'platform' } });
  ec2.region(MEMBER, 'eu-west-1').instances.push({ id: 'i-0e0e0e0e0e0e00001', type: 'c5.xlarge', state: 'running' });
  ec2.region(OTHER, 'us-east-1').instances.push({ id: 'i-0f0f0f0f0f0f00001', type: 'r5.large', state: 'running', tags: { team: 'search' } });
  elb.add(MEMBER, 'us-east-1', {
    arn: ALB, name: 'shop-alb', type: 'application', state: 'active', tags: { team: 'payments' },
    targetGroups: [
      { arn: `arn:aws:elasticloadbalancing:us-east-1:${MEMBER}:targetgroup/shop-web/0001`, name: 'shop-web', targets: [{ id: 'i-0a1b2c3d4e5f60001', state: 'healthy' }, { id: 'i-0a1b2c3d4e5f60002', state: 'unhealthy' }] },
      { arn: `arn:aws:elasticloadbalancing:us-east-1:${MEMBER}:targetgroup/shop-old/0002`, name: 'shop-old', targets: [] },
    ],
  });
  lambda.add(MEMBER, 'us-east-1', { name: 'checkout-prod-order-events', memoryMb: 1024, runtime: 'nodejs20.x', architecture: 'x86_64', timeoutS: 30 });
  lambda.add(MEMBER, 'us-east-1', { name: 'thumbnailer', memoryMb: 3008, runtime: 'python3.12', architecture: 'arm64', timeoutS: 900 });
  lambda.add(MEMBER, 'us-east-1', { name: 'image-fn', memoryMb: 512, packageType: 'Image' });
  rds.add(MEMBER, 'us-east-1', { id: 'shop-db', arn: `arn:aws:rds:us-east-1:${MEMBER}:db:shop-db`, instanceClass: 'db.m5.large', status: 'available', engine: 'postgres', tags: { team: 'payments' } });
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  fake.reset();
  ec2.pageSize = 1000;
  lambda.pageSize = 50;
});

describe('costlens pull inventory', () => {
  it('reads every configured account (assumed roles, external id) and region into the resources table', async () => {
    const { db } = tempStore();
    ec2.pageSize = 1;
    lambda.pageSize = 2;
    const result = await pullInventory({ storePath: db, config: accountsConfig(), env: process.env, observedAt: OBSERVED });
    expect(result.scopes).toEqual([
      { account: MEMBER, region: 'us-east-1', resources: 14 },
      { account: MEMBER, region: 'eu-west-1', resources: 1 },
      { account: OTHER, region: 'us-east-1', resources: 1 },
    ]);
    expect(result.ingest?.telemetry).toEqual([{ format: 'inventory', table: 'resources', rows: 16, duplicates: 0, files: result.ingest!.telemetry[0].files }]);
    const rows = await sqlRows(db, `SELECT resource_id, account_id, region, service, resource_type, instance_type, state, attached_to, CAST(to_json(tags) AS VARCHAR) AS tags, CAST(observed_at AS VARCHAR) AS observed_at
      FROM resources WHERE service <> 'AWSLambda' ORDER BY account_id, region DESC, resource_id`);
    const row = (resource_id: string, account_id: string, region: string, service: string, resource_type: string, instance_type: string | null, state: string, attached_to: string | null, tags: string) =>
      ({ resource_id, account_id, region, service, resource_type, instance_type, state, attached_to, tags, observed_at: '2026-11-20 06:30:00' });
    expect(rows).toEqual([
      row(`arn:aws:ec2:us-east-1:${MEMBER}:natgateway/nat-0a1b2c3d4e5f60001`, MEMBER, 'us-east-1', 'AmazonEC2', 'natgateway', null, 'available', null, '{"team":"platform"}'),
      row(ALB, MEMBER, 'us-east-1', 'AWSELB', 'loadbalancer', null, 'active', null, '{"team":"payments"}'),
      row(`arn:aws:elasticloadbalancing:us-east-1:${MEMBER}:targetgroup/shop-old/0002`, MEMBER, 'us-east-1', 'AWSELB', 'targetgroup', null, 'empty', ALB, '{}'),
      row(`arn:aws:elasticloadbalancing:us-east-1:${MEMBER}:targetgroup/shop-web/0001`, MEMBER, 'us-east-1', 'AWSELB', 'targetgroup', null, 'healthy', ALB, '{}'),
      row(`arn:aws:rds:us-east-1:${MEMBER}:db:shop-db`, MEMBER, 'us-east-1', 'AmazonRDS', 'db-instance', 'db.m5.large', 'available', null, '{"team":"payments"}'),
      row('eipalloc-0a1b2c3d4e5f60001', MEMBER, 'us-east-1', 'AmazonEC2', 'elastic-ip', null, 'associated', 'i-0a1b2c3d4e5f60001', '{}'),
      row('eipalloc-0a1b2c3d4e5f60002', MEMBER, 'us-east-1', 'AmazonEC2', 'elastic-ip', null, 'unassociated', null, '{"Name":"spare"}'),
      row('i-0a1b2c3d4e5f60001', MEMBER, 'us-east-1', 'AmazonEC2', 'instance', 'm5.large', 'running', null, '{"Name":"shop-web-1","team":"payments"}'),
      row('i-0a1b2c3d4e5f60002', MEMBER, 'us-east-1', 'AmazonEC2', 'instance', 't3.micro', 'stopped', null, '{}'),
      row('vol-0a1b2c3d4e5f60001', MEMBER, 'us-east-1', 'AmazonEC2', 'volume', 'gp3', 'in-use', 'i-0a1b2c3d4e5f60001', '{"Name":"shop-web-1-root"}'),
      row('vol-0a1b2c3d4e5f60002', MEMBER, 'us-east-1', 'AmazonEC2', 'volume', 'gp2', 'available', null, '{}'),
      row('i-0e0e0e0e0e0e00001', MEMBER, 'eu-west-1', 'AmazonEC2', 'instance', 'c5.xlarge', 'running', null, '{}'),
      row('i-0f0f0f0f0f0f00001', OTHER, 'us-east-1', 'AmazonEC2', 'instance', 'r5.large', 'running', null, '{"team":"search"}'),
    ]);
  });

  it('assumes each role once (with its external id), and every read goes out as that account, in its region', async () => {
    const { db } = tempStore();
    await pullInventory({ storePath: db, config: accountsConfig(), env: process.env, observedAt: OBSERVED });
    expect(fake.calls('sts', 'AssumeRole').map((r) => [r.params.RoleArn, r.params.ExternalId, r.params.RoleSessionName, r.accessKeyId]).sort()).toEqual([
      [MEMBER_ROLE, 'ext-42', 'costlens', FAKE_ACCESS_KEY_ID],
      [OTHER_ROLE, undefined, 'costlens', FAKE_ACCESS_KEY_ID],
    ]);
    const reads = fake.requests.filter((r) => r.service !== 'sts');
    expect(reads.every((r) => r.account !== DEFAULT_ACCOUNT && r.accessKeyId.startsWith('ASIAFAKE'))).toBe(true);
    const perScope = (account: string, region: string) => reads.filter((r) => r.account === account && r.region === region).map((r) => r.operation).sort();
    expect(perScope(MEMBER, 'us-east-1')).toEqual(['DescribeAddresses', 'DescribeDBInstances', 'DescribeInstances', 'DescribeLoadBalancers', 'DescribeNatGateways', 'DescribeTags', 'DescribeTargetGroups', 'DescribeTargetHealth', 'DescribeTargetHealth', 'DescribeVolumes', 'ListFunctions']);
    expect(perScope(OTHER, 'us-east-1')).toEqual(['DescribeAddresses', 'DescribeDBInstances', 'DescribeInstances', 'DescribeLoadBalancers', 'DescribeNatGateways', 'DescribeVolumes', 'ListFunctions']);
  });

  it('without accounts configured it reads the caller\'s own account with the default credentials', async () => {
    const { db } = tempStore();
    ec2.region(DEFAULT_ACCOUNT, 'eu-west-1').instances.splice(0, Infinity, { id: 'i-0d0d0d0d0d0d00001', type: 'm6i.large', state: 'running' });
    const result = await pullInventory({ storePath: db, config: fastAwsConfig({ regions: ['eu-west-1'] }), env: process.env, observedAt: OBSERVED });
    expect(result.scopes).toEqual([{ account: DEFAULT_ACCOUNT, region: 'eu-west-1', resources: 1 }]);
    expect(fake.calls('sts').map((r) => r.operation)).toEqual(['GetCallerIdentity']);
    expect(fake.calls('ec2').every((r) => r.accessKeyId === FAKE_ACCESS_KEY_ID)).toBe(true);
  });

  it('a role that refuses the external id is a CostlensError naming the call, with the IAM hint, and the store is untouched', async () => {
    const { db } = tempStore();
    const error = await pullInventory({ storePath: db, config: accountsConfig('wrong'), env: process.env, observedAt: OBSERVED }).catch((e: unknown) => e) as CostlensError;
    expect(error).toBeInstanceOf(CostlensError);
    expect(error.message).toBe(`sts AssumeRole failed: AccessDenied: User is not authorized to perform: sts:AssumeRole on resource: ${MEMBER_ROLE} (external id)`);
    expect(error.hint).toBe('the credentials lack a permission; `costlens iam-policy` prints the policy costlens needs');
    const { existsSync } = await import('node:fs');
    expect(existsSync(db)).toBe(false);
  });

  it('costlens pull inventory prints what it read per account and region', async () => {
    const { db } = tempStore();
    ec2.region(DEFAULT_ACCOUNT, 'us-east-1').instances.splice(0, Infinity, { id: 'i-0d0d0d0d0d0d00002', type: 'm6i.large', state: 'running' });
    const run = await runCommand(pullCommand, db, ['inventory', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([`  ${DEFAULT_ACCOUNT} us-east-1: 1 resources`, 'inventory: 1 resources in 1 account-region', '  1 rows into resources']);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('aws ')).map((l) => l.replace(/ \d+ ms$/, '')).sort()).toEqual([
      'aws ec2 DescribeAddresses', 'aws ec2 DescribeInstances', 'aws ec2 DescribeNatGateways', 'aws ec2 DescribeVolumes',
      'aws elbv2 DescribeLoadBalancers', 'aws lambda ListFunctions', 'aws rds DescribeDBInstances', 'aws sts GetCallerIdentity',
    ]);
  });

  it('EC2 throttling (RequestLimitExceeded, 503) is retried', async () => {
    const { db } = tempStore();
    fake.inject({ service: 'ec2', operation: 'DescribeVolumes', kind: 'throttle', times: 2 });
    const result = await pullInventory({ storePath: db, config: fastAwsConfig({ regions: ['eu-west-1'] }), env: process.env, observedAt: OBSERVED });
    expect(result.resources).toBe(1);
    expect(fake.calls('ec2', 'DescribeVolumes').map((r) => r.fault ?? 'ok')).toEqual(['throttle', 'throttle', 'ok']);
  });

  it('lists Lambda functions page by page (Marker) with memory, architecture, runtime and timeout', async () => {
    const { db } = tempStore();
    lambda.pageSize = 2;
    await pullInventory({ storePath: db, config: accountsConfig(), env: process.env, observedAt: OBSERVED });
    const lists = fake.calls('lambda', 'ListFunctions').filter((r) => r.account === MEMBER && r.region === 'us-east-1');
    expect(lists.map((r) => [r.params.MaxItems, r.params.Marker ?? null])).toEqual([['50', null], ['50', Buffer.from('page:2').toString('base64url')]]);
    const rows = await sqlRows(db, `SELECT resource_id, account_id, region, service, resource_type, instance_type, state, memory_mb, architecture, runtime, timeout_s
      FROM resources WHERE service = 'AWSLambda' ORDER BY resource_id`);
    const fn = (name: string, memory_mb: number, architecture: string, runtime: string | null, timeout_s: number) => ({
      resource_id: `arn:aws:lambda:us-east-1:${MEMBER}:function:${name}`, account_id: MEMBER, region: 'us-east-1', service: 'AWSLambda',
      resource_type: 'function', instance_type: null, state: null, memory_mb: String(memory_mb), architecture, runtime, timeout_s: String(timeout_s),
    });
    expect(rows).toEqual([
      fn('checkout-prod-order-events', 1024, 'x86_64', 'nodejs20.x', 30),
      fn('image-fn', 512, 'x86_64', 'image', 3),
      fn('thumbnailer', 3008, 'arm64', 'python3.12', 900),
    ]);
  });

  it('Lambda throttling (TooManyRequestsException, 429) is retried, and the next page is still read', async () => {
    const { db } = tempStore();
    lambda.pageSize = 2;
    fake.inject({ service: 'lambda', operation: 'ListFunctions', kind: 'throttle', times: 2 });
    const result = await pullInventory({ storePath: db, config: accountsConfig(), env: process.env, observedAt: OBSERVED });
    expect(result.resources).toBe(16);
    const member = fake.calls('lambda', 'ListFunctions').filter((r) => r.account === MEMBER && r.region === 'us-east-1');
    const throttled = fake.calls('lambda', 'ListFunctions').filter((r) => r.fault === 'throttle');
    // Account-regions are listed concurrently, so the two throttles fall on one call (its attempts 1 and 2)
    // or on two calls (attempt 1 each); either way each is retried, same scope and page, until it is answered.
    expect(throttled).toHaveLength(2);
    expect(['1,1', '1,2']).toContain(throttled.map((r) => r.attempt).sort().join(','));
    for (const r of throttled) {
      expect(fake.calls('lambda', 'ListFunctions').filter((ok) => ok.account === r.account && ok.region === r.region && ok.params.Marker === r.params.Marker && !ok.fault)
        .map((ok) => ok.attempt > r.attempt)).toEqual([true]);
    }
    expect(member.filter((r) => !r.fault).length).toBe(2);
    expect(await sqlRows(db, "SELECT count(*) AS n FROM resources WHERE service = 'AWSLambda'")).toEqual([{ n: '3' }]);
  });

  it('Lambda throttling beyond the attempts fails naming the call, and the store is untouched', async () => {
    const { db } = tempStore();
    fake.inject({ service: 'lambda', operation: 'ListFunctions', kind: 'throttle', times: 3 });
    const error = await pullInventory({ storePath: db, config: fastAwsConfig({ regions: ['eu-west-1'] }), env: process.env, observedAt: OBSERVED }).catch((e: unknown) => e) as CostlensError;
    expect(error).toBeInstanceOf(CostlensError);
    expect(error.message).toMatch(/^lambda ListFunctions failed.*: TooManyRequestsException: Rate exceeded$/);
    expect(fake.calls('lambda', 'ListFunctions').map((r) => r.fault ?? 'ok')).toEqual(['throttle', 'throttle', 'throttle']);
    const { existsSync } = await import('node:fs');
    expect(existsSync(db)).toBe(false);
  });
});
