/**
 * Every paginated read costlens makes, against a fake service that answers one operation with the
 * same pagination token forever: each stops after two requests (the second one sent that token and
 * got it back) with an error naming the operation, where a bare `do … while (token)` made
 * requests without end (17,715 Cost Explorer requests in 20 s).
 */
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getMetricData, listMetricDimensions } from '../../src/aws/cloudwatch-fetch.ts';
import { ec2Inventory } from '../../src/aws/inventory-ec2.ts';
import { elbInventory } from '../../src/aws/inventory-elb.ts';
import { lambdaInventory } from '../../src/aws/inventory-lambda.ts';
import { rdsInventory } from '../../src/aws/inventory-rds.ts';
import { pullCommand } from '../../src/cli/pull.ts';
import { runAthenaQuery } from '../../src/engine/athena-client.ts';
import { CostlensError } from '../../src/errors.ts';
import { listObjects } from '../../src/ingest/s3/listing.ts';
import { tempStore } from '../helpers/cli.ts';
import { FakeAthena } from '../fakes/aws/athena.ts';
import { FakeCloudWatch } from '../fakes/aws/cloudwatch.ts';
import { FakeCostExplorer } from '../fakes/aws/cost-explorer.ts';
import { FakeEc2 } from '../fakes/aws/ec2.ts';
import { FakeElbv2, FakeRds } from '../fakes/aws/elbv2-rds.ts';
import { FakeLambda } from '../fakes/aws/lambda.ts';
import { FakeS3 } from '../fakes/aws/s3.ts';
import { DEFAULT_ACCOUNT, type FakeAws, type FakeRequest, type FakeService } from '../fakes/aws/server.ts';
import { FakeSts } from '../fakes/aws/sts.ts';
import { XmlList, ec2Response, queryResponse } from '../fakes/aws/wire.ts';
import { recordingFactory, runCommand, startFakeAws } from './helpers.ts';

const SAME = 'c2FtZS10b2tlbi1mb3JldmVy';

/**
 * A fake whose `stuckOn` operation answers every request with `answers[stuckOn]`, a page carrying
 * the SAME token; its other operations (and all of them while `stuckOn` is unset) go to `inner`.
 */
class StuckTokens implements FakeService {
  readonly signingName: string;
  readonly protocol: FakeService['protocol'];
  readonly queryCompatible?: boolean;
  readonly throttle: FakeService['throttle'];
  readonly operationOf?: FakeService['operationOf'];
  readonly writeError?: FakeService['writeError'];
  stuckOn?: string;

  constructor(private readonly inner: FakeService, private readonly answers: Record<string, (request: FakeRequest, res: ServerResponse) => unknown>) {
    ({ signingName: this.signingName, protocol: this.protocol, queryCompatible: this.queryCompatible, throttle: this.throttle } = inner);
    this.operationOf = inner.operationOf?.bind(inner);
    this.writeError = inner.writeError?.bind(inner);
  }

  handle(request: FakeRequest, res: ServerResponse): unknown {
    const answer = request.operation === this.stuckOn ? this.answers[request.operation] : undefined;
    return answer ? answer(request, res) : this.inner.handle(request, res);
  }
}

const ELB_XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
const ce = new FakeCostExplorer();
const athena = new FakeAthena();
const elbv2 = new FakeElbv2();
const stuck = {
  // Cost Explorer serves its first page (real results) again and again, always with the same token.
  ce: new StuckTokens(ce, { GetCostAndUsage: (request) => ({ ...(ce.handle({ ...request, params: { ...request.params, NextPageToken: undefined } }) as object), NextPageToken: SAME }) }),
  cloudwatch: new StuckTokens(new FakeCloudWatch(), {
    ListMetrics: () => ({ Metrics: [], NextToken: SAME }),
    GetMetricData: () => ({ MetricDataResults: [], Messages: [], NextToken: SAME }),
  }),
  ec2: new StuckTokens(new FakeEc2(), Object.fromEntries(['DescribeInstances', 'DescribeVolumes', 'DescribeNatGateways'].map((op) => [op, () => ec2Response(op, { nextToken: SAME })]))),
  elbv2: new StuckTokens(elbv2, {
    DescribeLoadBalancers: () => queryResponse('DescribeLoadBalancers', ELB_XMLNS, { LoadBalancers: [], NextMarker: SAME }),
    DescribeTargetGroups: () => queryResponse('DescribeTargetGroups', ELB_XMLNS, { TargetGroups: [], NextMarker: SAME }),
  }),
  rds: new StuckTokens(new FakeRds(), {
    DescribeDBInstances: () => queryResponse('DescribeDBInstances', 'http://rds.amazonaws.com/doc/2014-10-31/', { DBInstances: new XmlList('DBInstance', []), Marker: SAME }),
  }),
  lambda: new StuckTokens(new FakeLambda(), {
    ListFunctions: (_request, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Functions: [], NextMarker: SAME })),
  }),
  s3: new StuckTokens(new FakeS3(), {
    ListObjectsV2: (_request, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
      + `<Name>cur-bucket</Name><Prefix>exports/</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>${SAME}</NextContinuationToken></ListBucketResult>`),
  }),
  athena: new StuckTokens(athena, {
    GetQueryResults: () => ({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } }, NextToken: SAME }),
  }),
};
const sts = new FakeSts();
let fake: FakeAws;

const SCOPE = { account: DEFAULT_ACCOUNT, region: 'us-east-1', observedAt: '2026-11-20T00:00:00Z' };
const BALANCER = `arn:aws:elasticloadbalancing:us-east-1:${DEFAULT_ACCOUNT}:loadbalancer/app/shop-alb/50dc6c495c0c9188`;
const stopped = (operation: string) => `${operation}: page 2 returned the pagination token it was requested with; stopped after 2 pages rather than request the same pages without end`;

beforeAll(async () => {
  fake = await startFakeAws([...Object.values(stuck), sts]);
  sts.attach(fake);
  ce.charges = [{ date: '2026-10-05', dimensions: { SERVICE: 'Amazon Simple Storage Service', LINKED_ACCOUNT: '222222222222' }, metrics: { UnblendedCost: '1.25', AmortizedCost: '1.25' } }];
  elbv2.add(DEFAULT_ACCOUNT, 'us-east-1', { arn: BALANCER, name: 'shop-alb', type: 'application', state: 'active', targetGroups: [] });
  athena.scripts = [{ match: /SELECT 1/, states: ['SUCCEEDED'], columns: [{ name: 'one', type: 'integer' }] }];
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  fake.reset();
  for (const service of Object.values(stuck)) service.stuckOn = undefined;
});

/** Runs `read` with `service`'s `operation` stuck; returns the error and the tokens that operation was sent. */
async function stuckRead(service: keyof typeof stuck, operation: string, tokenParam: string, read: () => Promise<unknown>): Promise<{ error: CostlensError; tokens: unknown[] }> {
  stuck[service].stuckOn = operation;
  const error = await read().then(() => undefined, (e: unknown) => e);
  if (!(error instanceof CostlensError)) throw new Error(`expected a CostlensError, got ${String(error)}`);
  const calls = fake.calls(stuck[service].signingName, operation);
  const tokenOf = (params: Record<string, unknown>) => params[tokenParam];
  return { error, tokens: calls.map((c) => tokenOf(c.params)) };
}

describe('a service that returns the same pagination token forever', () => {
  it('costlens pull ce fails after 2 GetCostAndUsage requests ($0.02), naming the operation, exit 9, and writes no store', async () => {
    const { db } = tempStore();
    stuck.ce.stuckOn = 'GetCostAndUsage';
    const run = await runCommand(pullCommand, db, ['ce', '--from', '2026-10-01', '--to', '2026-11-01', '--today', '2026-11-26']);
    expect(run.code).toBe(9);
    expect(run.stderr.split('\n')).toEqual([
      `costlens: ${stopped('ce GetCostAndUsage')}`,
      '  hint: the service (or the endpoint in AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>) repeats its pagination; retry later, and report it to the endpoint\'s owner if it persists',
      '',
    ]);
    expect(fake.calls('ce', 'GetCostAndUsage').map((c) => c.params.NextPageToken)).toEqual([undefined, SAME]);
    expect(existsSync(db)).toBe(false);
  });

  it('the same Cost Explorer read with pages that end reads them all (the fake unchanged)', async () => {
    const { db } = tempStore();
    ce.pageDays = 10;
    const run = await runCommand(pullCommand, db, ['ce', '--from', '2026-10-01', '--to', '2026-11-01', '--today', '2026-11-26']);
    ce.pageDays = 31;
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(fake.calls('ce', 'GetCostAndUsage').map((c) => c.params.NextPageToken === undefined)).toEqual([true, false, false, false]);
  });

  it('CloudWatch ListMetrics and GetMetricData', async () => {
    const { factory } = recordingFactory();
    const client = factory.cloudWatch();
    const list = await stuckRead('cloudwatch', 'ListMetrics', 'NextToken', () => listMetricDimensions(client, 'CWAgent', 'mem_used_percent'));
    expect([list.error.code, list.error.message, list.tokens]).toEqual(['aws', stopped('cloudwatch ListMetrics (CWAgent mem_used_percent)'), [undefined, SAME]]);
    fake.reset();
    const query = { id: 'q0', namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: [{ Name: 'InstanceId', Value: 'i-0a1b2c3d4e5f60001' }], stat: 'Average' };
    const data = await stuckRead('cloudwatch', 'GetMetricData', 'NextToken', () => getMetricData(client, [query], new Date('2026-11-17T00:00:00Z'), new Date('2026-11-20T00:00:00Z'), 86_400));
    expect([data.error.code, data.error.message, data.tokens]).toEqual(['aws', stopped('cloudwatch GetMetricData'), [undefined, SAME]]);
  });

  it.each(['DescribeInstances', 'DescribeVolumes', 'DescribeNatGateways'])('EC2 %s (the inventory)', async (operation) => {
    const { factory } = recordingFactory();
    const { error, tokens } = await stuckRead('ec2', operation, 'NextToken', () => ec2Inventory(factory.ec2(), SCOPE));
    expect([error.code, error.message, tokens]).toEqual(['aws', stopped(`ec2 ${operation}`), [undefined, SAME]]);
  });

  it('ELBv2 DescribeLoadBalancers and DescribeTargetGroups (the inventory)', async () => {
    const { factory } = recordingFactory();
    const balancers = await stuckRead('elbv2', 'DescribeLoadBalancers', 'Marker', () => elbInventory(factory.elbv2(), SCOPE));
    expect([balancers.error.message, balancers.tokens]).toEqual([stopped('elbv2 DescribeLoadBalancers'), [undefined, SAME]]);
    fake.reset();
    const groups = await stuckRead('elbv2', 'DescribeTargetGroups', 'Marker', () => elbInventory(factory.elbv2(), SCOPE));
    expect([groups.error.message, groups.tokens]).toEqual([stopped(`elbv2 DescribeTargetGroups (load balancer ${BALANCER})`), [undefined, SAME]]);
  });

  it('RDS DescribeDBInstances and Lambda ListFunctions (the inventory)', async () => {
    const { factory } = recordingFactory();
    const rds = await stuckRead('rds', 'DescribeDBInstances', 'Marker', () => rdsInventory(factory.rds(), SCOPE));
    expect([rds.error.code, rds.error.message, rds.tokens]).toEqual(['aws', stopped('rds DescribeDBInstances'), [undefined, SAME]]);
    const lambda = await stuckRead('lambda', 'ListFunctions', 'Marker', () => lambdaInventory(factory.lambda(), SCOPE));
    expect([lambda.error.code, lambda.error.message, lambda.tokens]).toEqual(['aws', stopped('lambda ListFunctions'), [undefined, SAME]]);
  });

  it('S3 ListObjectsV2 (an s3:// delivery) and Athena GetQueryResults (--engine athena)', async () => {
    const { factory } = recordingFactory();
    const s3 = await stuckRead('s3', 'ListObjectsV2', 'continuation-token', () => listObjects(factory.s3(), 'cur-bucket', 'exports/'));
    expect([s3.error.code, s3.error.message, s3.tokens]).toEqual(['aws', stopped('s3 ListObjectsV2 (s3://cur-bucket/exports/)'), [undefined, SAME]]);
    const settings = { workgroup: 'primary', catalog: 'AwsDataCatalog', database: 'cur', pollIntervalMs: 1, maxPollIntervalMs: 2, timeoutSeconds: 30 };
    const query = await stuckRead('athena', 'GetQueryResults', 'NextToken', () => runAthenaQuery(factory.athena(), settings, 'SELECT 1'));
    const id = athena.executions.at(-1)!.id;
    expect([query.error.code, query.error.message, query.tokens]).toEqual(['aws', stopped(`athena GetQueryResults (query ${id})`), [undefined, SAME]]);
  });
});
