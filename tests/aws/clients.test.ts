import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatCall } from '../../src/aws-client/call-log.ts';
import { AwsClientFactory, configuredEndpoint } from '../../src/aws-client/clients.ts';
import { BackoffRetryStrategy, backoffDelay } from '../../src/aws-client/retry.ts';
import { CostlensError } from '../../src/errors.ts';
import { FakeCostExplorer } from '../fakes/aws/cost-explorer.ts';
import { FakeS3 } from '../fakes/aws/s3.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { fastAwsConfig, recordingFactory, startFakeAws } from './helpers.ts';

const ce = new FakeCostExplorer();
const s3 = new FakeS3();
let fake: FakeAws;

const costAndUsage = () => new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-10-01', End: '2026-10-02' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });

beforeAll(async () => {
  fake = await startFakeAws([ce, s3]);
  ce.charges = [{ date: '2026-10-01', dimensions: { SERVICE: 'Amazon EC2' }, metrics: { UnblendedCost: '12.3456789012' } }];
  s3.put('cur-bucket', 'hello.txt', 'hello');
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
beforeEach(() => fake.reset());

describe('AWS clients: retries with backoff, call log, errors', () => {
  it('retries throttling (LimitExceededException) and returns the answer; the log counts the retries', async () => {
    const { factory, calls } = recordingFactory();
    fake.inject({ service: 'ce', kind: 'throttle', times: 2 });
    const out = await factory.costExplorer().send(costAndUsage());
    expect(out.ResultsByTime?.[0].Total?.UnblendedCost).toEqual({ Amount: '12.3456789012', Unit: 'USD' });
    expect(fake.calls('ce', 'GetCostAndUsage').map((r) => [r.attempt, r.fault ?? 'ok'])).toEqual([[1, 'throttle'], [2, 'throttle'], [3, 'ok']]);
    expect(calls.map((c) => [c.service, c.operation, c.attempts, c.error])).toEqual([['ce', 'GetCostAndUsage', 3, undefined]]);
    expect(formatCall({ ...calls[0], durationMs: 41.6 })).toBe('aws ce GetCostAndUsage 42 ms, 2 retries');
  });

  it('retries 5xx and a dropped connection', async () => {
    const { factory } = recordingFactory();
    fake.inject({ service: 'ce', kind: 'server-error', status: 503 });
    fake.inject({ service: 'ce', kind: 'drop' });
    await factory.costExplorer().send(costAndUsage());
    expect(fake.calls('ce').map((r) => r.fault ?? 'ok')).toEqual(['server-error', 'drop', 'ok']);
  });

  it('gives up after maxAttempts with a CostlensError("aws") naming the call, the SDK error as its cause', async () => {
    const { factory, calls } = recordingFactory();
    fake.inject({ service: 'ce', kind: 'throttle', times: 10 });
    const error = await factory.costExplorer().send(costAndUsage()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CostlensError);
    const costlens = error as CostlensError;
    expect(costlens.code).toBe('aws');
    expect(costlens.message).toBe('ce GetCostAndUsage failed after 3 attempts: LimitExceededException: Rate exceeded');
    expect(costlens.hint).toBe('AWS kept throttling these calls; retry later, lower aws.concurrency or raise aws.retry.maxAttempts');
    expect((costlens.cause as Error).name).toBe('LimitExceededException');
    expect(fake.calls('ce')).toHaveLength(3);
    expect(calls.map((c) => [c.attempts, c.error])).toEqual([[3, 'LimitExceededException']]);
  });

  it('does not retry a client error (404) and says which call failed', async () => {
    const { factory } = recordingFactory();
    const error = await factory.s3().send(new GetObjectCommand({ Bucket: 'cur-bucket', Key: 'missing.txt' })).catch((e: unknown) => e) as CostlensError;
    expect(error.message).toBe('s3 GetObject failed: NoSuchKey: The specified key does not exist.');
    expect(fake.calls('s3')).toHaveLength(1);
  });

  it('S3 throttling (503 SlowDown) is retried', async () => {
    const { factory } = recordingFactory();
    fake.inject({ service: 's3', kind: 'throttle' });
    const out = await factory.s3().send(new GetObjectCommand({ Bucket: 'cur-bucket', Key: 'hello.txt' }));
    expect(await out.Body!.transformToString()).toBe('hello');
    expect(fake.calls('s3').map((r) => r.fault ?? 'ok')).toEqual(['throttle', 'ok']);
  });

  it('missing credentials are a CostlensError with a hint on how to configure them', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    try {
      const { factory } = recordingFactory();
      const error = await factory.costExplorer().send(costAndUsage()).catch((e: unknown) => e) as CostlensError;
      expect(error.code).toBe('aws');
      expect(error.message.startsWith('ce GetCostAndUsage failed: CredentialsProviderError: ')).toBe(true);
      expect(error.hint).toBe('configure AWS credentials: AWS_PROFILE (with `aws sso login`), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance/container role');
      expect(fake.calls()).toHaveLength(0);
    } finally {
      vi.stubEnv('AWS_ACCESS_KEY_ID', fake.env().AWS_ACCESS_KEY_ID);
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', fake.env().AWS_SECRET_ACCESS_KEY);
    }
  });

  describe('a named profile that neither shared file defines: the error names it, the setting that named it and both files', () => {
    const names = ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'HOME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
    const getObject = (config = fastAwsConfig()) => new AwsClientFactory({ config, env: process.env }).s3()
      .send(new GetObjectCommand({ Bucket: 'cur-bucket', Key: 'hello.txt' })).catch((e: unknown) => e) as Promise<CostlensError>;
    /** Runs `body` with `env` stubbed and no keys in the environment (a profile's user has none), then restores what startFakeAws stubbed. */
    async function withEnv(env: Partial<Record<(typeof names)[number], string>>, body: () => Promise<void>): Promise<void> {
      const saved = names.map((name) => process.env[name]);
      const stubs: Partial<Record<(typeof names)[number], string>> = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env };
      for (const name of names) if (name in stubs) vi.stubEnv(name, stubs[name]);
      try {
        await body();
      } finally {
        names.forEach((name, i) => vi.stubEnv(name, saved[i]));
      }
    }
    const files = () => {
      const dir = scratchDir();
      const config = join(dir, 'config');
      const credentials = join(dir, 'credentials');
      writeFileSync(config, '[default]\nregion = us-east-1\n\n[profile prod] # the payer\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n');
      writeFileSync(credentials, `[staging]\naws_access_key_id = AKIDCOSTLENSSTAGING1\naws_secret_access_key = x\n[prod-keys]\naws_access_key_id = AKIDCOSTLENSPRODKEY1\naws_secret_access_key = ${fake.env().AWS_SECRET_ACCESS_KEY}\n`);
      return { config, credentials };
    };

    it('AWS_PROFILE=prdo (a typo): was "CredentialsProviderError: Could not load credentials from any providers"', async () => {
      const { config, credentials } = files();
      await withEnv({ AWS_PROFILE: 'prdo', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials }, async () => {
        const error = await getObject();
        expect([error.code, error.message]).toEqual(['aws', `AWS profile "prdo" (AWS_PROFILE) is not in ${config} or ${credentials}; the profiles there are default, prod, staging, prod-keys`]);
        expect(error.hint).toBe('create it with `aws configure --profile prdo` (or `aws configure sso --profile prdo`), or unset AWS_PROFILE to use the default credentials; '
          + 'AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE choose other files');
        expect((error.cause as Error).name).toBe('CredentialsProviderError');
        expect(fake.calls()).toHaveLength(0);
      });
    });

    it('aws.profile in the config, looked for in HOME/.aws (files that do not exist)', async () => {
      const home = scratchDir();
      await withEnv({ AWS_PROFILE: '', AWS_CONFIG_FILE: '', AWS_SHARED_CREDENTIALS_FILE: '', HOME: home }, async () => {
        const error = await getObject(fastAwsConfig({ profile: 'finance' }));
        expect(error.message).toBe(`AWS profile "finance" (aws.profile) is not in ${join(home, '.aws', 'config')} or ${join(home, '.aws', 'credentials')} (neither file exists)`);
        expect(error.hint).toBe('create it with `aws configure --profile finance` (or `aws configure sso --profile finance`), or remove aws.profile from the config to use the default credentials; '
          + 'AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE choose other files');
        mkdirSync(join(home, '.aws'));
        writeFileSync(join(home, '.aws', 'config'), '[profile payer]\n');
        expect((await getObject(fastAwsConfig({ profile: 'finance' }))).message)
          .toBe(`AWS profile "finance" (aws.profile) is not in ${join(home, '.aws', 'config')} or ${join(home, '.aws', 'credentials')} (${join(home, '.aws', 'credentials')} does not exist); the profiles there are payer`);
        expect(fake.calls()).toHaveLength(0);
      });
    });

    it('a profile the credentials file defines signs with its keys', async () => {
      const { config, credentials } = files();
      fake.registerKey('AKIDCOSTLENSPRODKEY1', '111122223333');
      await withEnv({ AWS_PROFILE: 'prod-keys', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials }, async () => {
        const out = await new AwsClientFactory({ config: fastAwsConfig(), env: process.env }).s3().send(new GetObjectCommand({ Bucket: 'cur-bucket', Key: 'hello.txt' }));
        expect(await out.Body!.transformToString()).toBe('hello');
        expect(fake.calls('s3').map((c) => c.accessKeyId)).toEqual(['AKIDCOSTLENSPRODKEY1']);
      });
    });
  });

  it('no region anywhere, or a blank AWS_REGION, is a CostlensError whose hint says where to set one, before any request', async () => {
    const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE'] as const;
    const saved = names.map((name) => process.env[name]);
    const none: Record<(typeof names)[number], string | undefined> = { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/nonexistent/aws-config' };
    for (const name of names) vi.stubEnv(name, none[name]);
    try {
      const factory = new AwsClientFactory({ config: fastAwsConfig(), env: process.env });
      const error = await factory.s3().send(new GetObjectCommand({ Bucket: 'cur-bucket', Key: 'hello.txt' })).catch((e: unknown) => e) as CostlensError;
      expect([error.code, error.message]).toEqual(['aws', 's3 GetObject failed: Region is missing']);
      expect(error.hint).toBe('set the region: aws.region in the config, AWS_REGION, or a region in the AWS profile (e.g. AWS_REGION=us-east-1)');
      vi.stubEnv('AWS_REGION', '');
      const blank = await new AwsClientFactory({ config: fastAwsConfig(), env: process.env }).s3().send(new GetObjectCommand({ Bucket: 'cur-bucket', Key: 'hello.txt' })).catch((e: unknown) => e) as CostlensError;
      expect([blank.message, blank.hint]).toEqual(['s3 GetObject failed: Region not accepted: region="" is not a valid hostname component.', error.hint]);
      expect(fake.calls()).toHaveLength(0);
    } finally {
      names.forEach((name, i) => vi.stubEnv(name, saved[i]));
    }
  });

  it('AWS_ENDPOINT_URL_<SERVICE> wins over AWS_ENDPOINT_URL; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS disables both', async () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_COST_EXPLORER: fake.url };
    expect(configuredEndpoint('ce', env)).toBe(fake.url);
    expect(configuredEndpoint('s3', env)).toBe('http://127.0.0.1:9');
    expect(configuredEndpoint('elbv2', { AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: 'http://x' })).toBe('http://x');
    expect(configuredEndpoint('ce', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBeUndefined();
    const factory = new AwsClientFactory({ config: fastAwsConfig(), env: { ...process.env, ...env } });
    await factory.costExplorer().send(costAndUsage());
    expect(fake.calls('ce')).toHaveLength(1);
  });
});

describe('backoff', () => {
  it('is full jitter under an exponential ceiling capped at maxDelayMs', () => {
    const settings = { baseDelayMs: 200, maxDelayMs: 20_000 };
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, settings, () => 0.999999))).toEqual([199, 399, 799, 1599, 19999]);
    expect(backoffDelay(4, settings, () => 0)).toBe(0);
    expect(backoffDelay(2, settings, () => 0.5)).toBe(400);
  });

  it('stops after maxAttempts and never retries client errors', async () => {
    const strategy = new BackoffRetryStrategy({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5);
    const first = await strategy.acquireInitialRetryToken('');
    const second = await strategy.refreshRetryTokenForRetry(first, { errorType: 'THROTTLING' });
    expect([second.getRetryCount(), second.getRetryDelay()]).toEqual([1, 50]);
    const third = await strategy.refreshRetryTokenForRetry(second, { errorType: 'TRANSIENT' });
    expect([third.getRetryCount(), third.getRetryDelay()]).toEqual([2, 100]);
    await expect(strategy.refreshRetryTokenForRetry(third, { errorType: 'THROTTLING' })).rejects.toThrow('no retry');
    await expect(strategy.refreshRetryTokenForRetry(first, { errorType: 'CLIENT_ERROR' })).rejects.toThrow('no retry');
  });
});
