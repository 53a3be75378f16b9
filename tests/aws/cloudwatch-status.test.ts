/**
 * GetMetricData answers 200 with a StatusCode per result: PartialData is followed through
 * NextToken, InternalError retried (aws.retry's attempts) and then an error, Forbidden an error at
 * once; each error names the metric and CloudWatch's messages, and nothing partial is stored.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getMetricData, type StatQuery } from '../../src/aws/cloudwatch-fetch.ts';
import { pullCommand } from '../../src/cli/pull.ts';
import { CostlensError } from '../../src/errors.ts';
import { ingestPaths } from '../../src/ingest/loader.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { FakeCloudWatch, type FakeMetricStatus } from '../fakes/aws/cloudwatch.ts';
import { DEFAULT_ACCOUNT, type FakeAws } from '../fakes/aws/server.ts';
import { FakeSts } from '../fakes/aws/sts.ts';
import { fastAwsConfig, recordingFactory, runCommand, startFakeAws } from './helpers.ts';

const cw = new FakeCloudWatch();
const sts = new FakeSts();
let fake: FakeAws;

const INSTANCE = 'i-0a1b2c3d4e5f60001';
const DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'];
const daily = (base: number) => Object.fromEntries(DAYS.map((day, i) => [day, base + i]));
const dims = [{ Name: 'InstanceId', Value: INSTANCE }];
const QUERIES: StatQuery[] = [
  { id: 'q0', namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: dims, stat: 'Average' },
  { id: 'q1', namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: dims, stat: 'Maximum' },
  { id: 'q2', namespace: 'AWS/EC2', metricName: 'NetworkIn', dimensions: dims, stat: 'Sum' },
];
const CPU_AVERAGE = `AWS/EC2 CPUUtilization Average (InstanceId=${INSTANCE})`;
const INTERNAL = [{ Code: 'InternalError', Value: 'An internal error occurred while retrieving the data' }];

/** getMetricData over the four days with a client on `config` (3 attempts unless told). */
async function read(statuses: FakeMetricStatus[], config = fastAwsConfig()) {
  cw.statuses = statuses;
  const { factory } = recordingFactory(config);
  return getMetricData(factory.cloudWatch(), QUERIES, new Date('2026-11-16T00:00:00Z'), new Date('2026-11-20T00:00:00Z'), 86_400);
}
const valuesOf = (result: Awaited<ReturnType<typeof read>>) => Object.fromEntries([...result.series].map(([id, s]) => [id, [s.timestamps.map((t) => t.toISOString().slice(0, 10)), s.values]]));
const complete = { q0: [DAYS, [3, 4, 5, 6]], q1: [DAYS, [20, 21, 22, 23]], q2: [DAYS, [1000, 1001, 1002, 1003]] };
const tokensSent = () => fake.calls('monitoring', 'GetMetricData').map((c) => c.params.NextToken === undefined ? 'first page' : 'NextToken');
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected the read to fail'); }, (error: unknown) => error as CostlensError);

beforeAll(async () => {
  fake = await startFakeAws([cw, sts]);
  sts.attach(fake);
  const series = (metricName: string, values: Record<string, Record<string, number>>) => ({ account: DEFAULT_ACCOUNT, region: 'us-east-1', namespace: 'AWS/EC2', metricName, dimensions: { InstanceId: INSTANCE }, values });
  cw.series = [series('CPUUtilization', { Average: daily(3), Maximum: daily(20) }), series('NetworkIn', { Sum: daily(1000) })];
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  fake.reset();
  cw.statuses = [];
});

describe('GetMetricData StatusCode', () => {
  it('Complete everywhere: one request, every value', async () => {
    const result = await read([]);
    expect([result.requests, valuesOf(result)]).toEqual([1, complete]);
  });

  it('PartialData with a NextToken: the token is followed and the rest of the data points are read, none twice', async () => {
    const result = await read([{ metricName: 'CPUUtilization', stat: 'Average', status: 'PartialData', times: 1, nextToken: true }]);
    expect([result.requests, valuesOf(result)]).toEqual([2, complete]);
    expect(tokensSent()).toEqual(['first page', 'NextToken']);
    const first = fake.calls('monitoring', 'GetMetricData')[0];
    expect(first.params.MetricDataQueries).toHaveLength(3);
  });

  it('PartialData and no NextToken to read the rest fails, naming the metric; nothing partial is returned', async () => {
    const error = await failure(read([{ metricName: 'CPUUtilization', stat: 'Average', status: 'PartialData', messages: [{ Code: 'MaxDatapointsExceeded', Value: 'Too many datapoints requested' }] }]));
    expect([error.code, error.message]).toEqual(['aws', `cloudwatch GetMetricData: PartialData for ${CPU_AVERAGE}, and no NextToken to read the rest: MaxDatapointsExceeded: Too many datapoints requested`]);
    expect(tokensSent()).toEqual(['first page']);
  });

  it('InternalError without a NextToken is retried with the same request; that answer is dropped, so no value counts twice', async () => {
    const result = await read([{ metricName: 'CPUUtilization', stat: 'Average', status: 'InternalError', times: 1, messages: INTERNAL }]);
    expect([result.requests, valuesOf(result)]).toEqual([2, complete]);
    expect(tokensSent()).toEqual(['first page', 'first page']);
  });

  it('InternalError with a NextToken is retried by following the token; the data points before it stand', async () => {
    const result = await read([{ metricName: 'CPUUtilization', stat: 'Average', status: 'InternalError', times: 1, nextToken: true, messages: INTERNAL }]);
    expect([result.requests, valuesOf(result)]).toEqual([2, complete]);
    expect(tokensSent()).toEqual(['first page', 'NextToken']);
  });

  it('InternalError on every answer fails after aws.retry.maxAttempts requests, naming the metric and CloudWatch\'s message', async () => {
    const always: FakeMetricStatus[] = [{ metricName: 'CPUUtilization', stat: 'Average', status: 'InternalError', messages: INTERNAL }];
    const error = await failure(read(always));
    expect([error.code, error.message]).toEqual(['aws', `cloudwatch GetMetricData: InternalError for ${CPU_AVERAGE} after 3 attempts: InternalError: An internal error occurred while retrieving the data`]);
    expect(error.hint).toBe('CloudWatch failed to read this metric on every attempt; retry later (aws.retry.maxAttempts sets the attempts)');
    expect(tokensSent()).toEqual(['first page', 'first page', 'first page']);
    fake.reset();
    const once = await failure(read(always, fastAwsConfig({ retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5 } })));
    expect(once.message).toBe(`cloudwatch GetMetricData: InternalError for ${CPU_AVERAGE} after 1 attempt: InternalError: An internal error occurred while retrieving the data`);
    expect(tokensSent()).toEqual(['first page']);
  });

  it('each page has the whole retry budget (maxAttempts 3): an InternalError on the first page does not use up the last page\'s two retries', async () => {
    cw.queriesPerPage = 1;
    try {
      const result = await read([
        { metricName: 'CPUUtilization', stat: 'Average', status: 'InternalError', times: 1, nextToken: true, messages: INTERNAL },
        { metricName: 'NetworkIn', stat: 'Sum', status: 'InternalError', times: 2, messages: INTERNAL },
      ]);
      expect([result.requests, valuesOf(result)]).toEqual([6, complete]);
      // The first page, its continuation, the second page, then the last page three times (no NextToken to follow there).
      expect(fake.calls('monitoring', 'GetMetricData').map((c) => c.params.NextToken === undefined ? 'first page' : 'NextToken')).toEqual(['first page', 'NextToken', 'NextToken', 'NextToken', 'NextToken', 'NextToken']);
    } finally {
      cw.queriesPerPage = 500;
    }
  });

  it('Forbidden fails at once (no retry), naming the metric and the messages', async () => {
    const error = await failure(read([{ metricName: 'NetworkIn', status: 'Forbidden', messages: [{ Code: 'Forbidden', Value: 'Authentication too complex to retrieve cross region data' }] }]));
    expect([error.code, error.message]).toEqual(['aws', `cloudwatch GetMetricData: Forbidden for AWS/EC2 NetworkIn Sum (InstanceId=${INSTANCE}): Forbidden: Authentication too complex to retrieve cross region data`]);
    expect(tokensSent()).toEqual(['first page']);
  });

  it('costlens pull metrics: a Forbidden metric is exit 9 with the metric, the message and the IAM hint, and no metric is stored', async () => {
    const { dir, db } = tempStore();
    writeFileSync(join(dir, 'inventory.csv'), ['resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at',
      `${INSTANCE},${DEFAULT_ACCOUNT},us-east-1,AmazonEC2,instance,m5.large,running,,{},2026-11-20T00:00:00Z`, ''].join('\n'));
    await ingestPaths(db, [join(dir, 'inventory.csv')]);
    cw.statuses = [{ metricName: 'CPUUtilization', stat: 'Maximum', status: 'Forbidden', messages: [{ Code: 'AccessDenied', Value: 'User is not authorized to access this metric' }] }];
    const run = await runCommand(pullCommand, db, ['metrics', '--days', '3', '--today', '2026-11-20']);
    expect(run.code).toBe(9);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      `costlens: cloudwatch GetMetricData: Forbidden for AWS/EC2 CPUUtilization Maximum (InstanceId=${INSTANCE}): AccessDenied: User is not authorized to access this metric`,
      '  hint: the credentials may not read this metric (for a member account, its role); `costlens iam-policy --feature metrics` prints the policy costlens needs',
      '',
    ]);
    expect(fake.calls('monitoring', 'GetMetricData')).toHaveLength(1);
    expect(await sqlRows(db, 'SELECT count(*) AS n FROM metrics')).toEqual([{ n: '0' }]);
  });
});
