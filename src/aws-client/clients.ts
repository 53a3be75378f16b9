/**
 * The one place that builds AWS SDK clients: region, endpoint (AWS_ENDPOINT_URL_<SERVICE>, then
 * AWS_ENDPOINT_URL, as the SDK defines them), the default credential chain or an assumed role,
 * bounded retries with backoff and jitter, and the call log. Keys are never stored.
 */
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { STSClient } from '@aws-sdk/client-sts';
import { installCallLog, type AwsCallListener, type MiddlewareClient } from './call-log.ts';
import type { AwsConfig } from './config.ts';
import { explainingMissingProfile, namedProfile } from './profiles.ts';
import { BackoffRetryStrategy } from './retry.ts';
import { awsSdk } from './sdk.ts';

/** Temporary or long-term credentials, as the SDK's providers return them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialsProvider = () => Promise<AwsCredentials>;

/** Everything a client factory needs: the `aws` config, the environment, and who listens to calls. */
export interface AwsClientSettings {
  config: AwsConfig;
  env: NodeJS.ProcessEnv;
  /** Told about every finished call (for --verbose and request counts). */
  onCall?: AwsCallListener;
}

/** Where a client is built: its region and, for member accounts, the assumed role's credentials. */
export interface ClientTarget {
  region?: string;
  credentials?: CredentialsProvider;
}

/** The SDK's service ids, as AWS_ENDPOINT_URL_<SERVICE> spells them. */
const ENDPOINT_SERVICE_IDS = {
  s3: 'S3', ce: 'COST_EXPLORER', cloudwatch: 'CLOUDWATCH', athena: 'ATHENA', ec2: 'EC2',
  elbv2: 'ELASTIC_LOAD_BALANCING_V2', rds: 'RDS', sts: 'STS', sesv2: 'SESV2', lambda: 'LAMBDA',
} as const;

export type AwsService = keyof typeof ENDPOINT_SERVICE_IDS;

/**
 * The endpoint configured in the environment for a service: AWS_ENDPOINT_URL_<SERVICE_ID>, else
 * AWS_ENDPOINT_URL; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true (the SDK's own rules).
 */
export function configuredEndpoint(service: AwsService, env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${ENDPOINT_SERVICE_IDS[service]}`] || env.AWS_ENDPOINT_URL || undefined;
}

/** The default region: config, else AWS_REGION / AWS_DEFAULT_REGION; undefined lets the SDK read the profile. */
export function defaultRegion(settings: AwsClientSettings): string | undefined {
  return settings.config.region ?? (settings.env.AWS_REGION || settings.env.AWS_DEFAULT_REGION || undefined);
}

/** Builds the SDK clients costlens uses, all with the same retry, endpoint and logging settings. */
export class AwsClientFactory {
  private readonly defaultCredentials: CredentialsProvider | undefined;

  constructor(readonly settings: AwsClientSettings) {
    // A named profile (aws.profile, else AWS_PROFILE) that the shared files lack is named in the error (profiles.ts).
    const profile = namedProfile(settings.config.profile, settings.env);
    this.defaultCredentials = profile
      ? explainingMissingProfile(awsSdk.credentialProviders().fromNodeProviderChain({ profile: profile.name }), profile, settings.env)
      : undefined;
  }

  s3(target: ClientTarget = {}): S3Client {
    return this.build('s3', (c) => new (awsSdk.s3().S3Client)({ ...c, forcePathStyle: this.settings.config.s3.forcePathStyle, followRegionRedirects: true }), target);
  }

  /** Cost Explorer has one endpoint, in us-east-1. */
  costExplorer(target: ClientTarget = {}): CostExplorerClient {
    return this.build('ce', (c) => new (awsSdk.costExplorer().CostExplorerClient)(c), { ...target, region: 'us-east-1' });
  }

  cloudWatch(target: ClientTarget = {}): CloudWatchClient {
    return this.build('cloudwatch', (c) => new (awsSdk.cloudWatch().CloudWatchClient)(c), target);
  }

  athena(target: ClientTarget = {}): AthenaClient {
    return this.build('athena', (c) => new (awsSdk.athena().AthenaClient)(c), target);
  }

  ec2(target: ClientTarget = {}): EC2Client {
    return this.build('ec2', (c) => new (awsSdk.ec2().EC2Client)(c), target);
  }

  elbv2(target: ClientTarget = {}): ElasticLoadBalancingV2Client {
    return this.build('elbv2', (c) => new (awsSdk.elbv2().ElasticLoadBalancingV2Client)(c), target);
  }

  rds(target: ClientTarget = {}): RDSClient {
    return this.build('rds', (c) => new (awsSdk.rds().RDSClient)(c), target);
  }

  /** AWS Lambda, for the inventory's functions and their memory configuration. */
  lambda(target: ClientTarget = {}): LambdaClient {
    return this.build('lambda', (c) => new (awsSdk.lambda().LambdaClient)(c), target);
  }

  sts(target: ClientTarget = {}): STSClient {
    return this.build('sts', (c) => new (awsSdk.sts().STSClient)(c), target);
  }

  /** Amazon SES API v2, for the weekly report's delivery (`report.delivery.transport: ses`). */
  sesv2(target: ClientTarget = {}): SESv2Client {
    return this.build('sesv2', (c) => new (awsSdk.sesv2().SESv2Client)(c), target);
  }

  private build<C extends MiddlewareClient>(service: AwsService, make: (config: CommonClientConfig) => C, target: ClientTarget): C {
    const { retry } = this.settings.config;
    const client = make({
      region: target.region ?? defaultRegion(this.settings),
      endpoint: configuredEndpoint(service, this.settings.env),
      credentials: target.credentials ?? this.defaultCredentials,
      maxAttempts: retry.maxAttempts,
      retryStrategy: new BackoffRetryStrategy(retry),
    });
    installCallLog(client, service, this.settings.onCall);
    return client;
  }
}

interface CommonClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: CredentialsProvider;
  maxAttempts: number;
  retryStrategy: BackoffRetryStrategy;
}
