import { z } from 'zod';
import { CostlensError } from '../errors.ts';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1');
const s3Uri = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be an s3://bucket/prefix URI');

/** One member account that costlens reads through an assumed role. */
export const awsAccountSchema = z.object({
  id: accountId,
  name: z.string().optional(),
  /** The role to assume in this account (sts:AssumeRole). */
  roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN'),
  /** The external id the role's trust policy requires, if any. */
  externalId: z.string().optional(),
  /** Regions to read in this account; default `aws.regions`. */
  regions: z.array(region).optional(),
}).strict();

/** `athena:` — the Athena engine over the organisation's CUR table. */
export const athenaConfigSchema = z.object({
  workgroup: z.string().default('primary'),
  catalog: z.string().default('AwsDataCatalog'),
  database: z.string().min(1),
  /** The CUR table Athena reads (CUR 2.0 Data Exports, or a legacy CUR "for Athena" table). */
  curTable: z.string().min(1),
  curFormat: z.enum(['cur2', 'legacy']).default('cur2'),
  /** Create or replace the view before the first query of each run (DDL is free; needs glue:CreateTable/UpdateTable). */
  createView: z.boolean().default(true),
  /** The FOCUS-aligned view costlens creates over curTable; the queries read it as line_items. */
  viewName: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier').default('costlens_line_items'),
  /** Where Athena writes results; default: the workgroup's setting. */
  outputLocation: s3Uri.optional(),
  /** The S3 location of the CUR table's data, to scope `costlens iam-policy` (else any object). */
  curLocation: s3Uri.optional(),
  region: region.optional(),
  pollIntervalMs: z.number().int().positive().default(500),
  maxPollIntervalMs: z.number().int().positive().default(5_000),
  timeoutSeconds: z.number().int().positive().default(900),
  /** Seconds between the progress lines of a query still QUEUED or RUNNING (the first after min(5 s, this)). */
  progressSeconds: z.number().positive().default(10),
  /** Athena's price per TB scanned (USD), to report the cost of each query. */
  pricePerTB: z.number().nonnegative().default(5),
}).strict();

/** What `costlens iam-policy` can grant: ingest s3://, pull ce, pull metrics, pull inventory, --engine athena. */
export const AWS_FEATURES = ['s3', 'ce', 'metrics', 'inventory', 'athena'] as const;
export type AwsFeature = (typeof AWS_FEATURES)[number];

/**
 * `aws:` in costlens.config.* — how costlens reaches AWS. Credentials always come from the SDK's
 * default chain (environment, profile, SSO, instance or container role); keys are never stored.
 * Endpoints follow the SDK's AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>.
 */
export const awsConfigSchema = z.object({
  /** Default region; else AWS_REGION / AWS_DEFAULT_REGION / the profile's region. */
  region: region.optional(),
  /** A named profile of ~/.aws/config; else AWS_PROFILE / default. */
  profile: z.string().optional(),
  retry: z.object({
    /** Attempts per call, the first included. */
    maxAttempts: z.number().int().min(1).max(20).default(5),
    /** Exponential backoff: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs × 2^n)). */
    baseDelayMs: z.number().int().min(0).default(200),
    maxDelayMs: z.number().int().min(0).default(20_000),
  }).strict().default({}),
  /** Member accounts read through assumed roles; empty: the caller's own account only. */
  accounts: z.array(awsAccountSchema).default([]),
  /** Regions to read (inventory, metrics) where an account does not list its own; default [region]. */
  regions: z.array(region).default([]),
  /** At most this many account × region jobs at once. */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Which features `costlens iam-policy` grants; default: every feature except athena unless configured. */
  features: z.array(z.enum(AWS_FEATURES)).optional(),
  s3: z.object({
    /** Where S3 deliveries are mirrored before loading. */
    cacheDir: z.string().default('data/cache/s3'),
    /** Path-style URLs (S3-compatible stores); AWS itself needs none. */
    forcePathStyle: z.boolean().default(false),
    /** Report locations read with `costlens ingest s3://…`, to scope the IAM policy. */
    deliveries: z.array(s3Uri).default([]),
  }).strict().default({}),
  costExplorer: z.object({
    /** The payer (management) account; default: the caller's account (sts:GetCallerIdentity). */
    billingAccountId: accountId.optional(),
    groupBy: z.array(z.string().regex(/^(SERVICE|LINKED_ACCOUNT|REGION|USAGE_TYPE|TAG:.+)$/, 'must be SERVICE, LINKED_ACCOUNT, REGION, USAGE_TYPE or TAG:key')).min(1).max(2).default(['SERVICE', 'LINKED_ACCOUNT']),
    metrics: z.array(z.enum(['UnblendedCost', 'AmortizedCost'])).min(1).default(['UnblendedCost', 'AmortizedCost']),
    /** AWS restates a month for a few days after it ends: until then it is fetched again. */
    restatementDays: z.number().int().min(0).default(3),
  }).strict().default({}),
  metrics: z.object({
    days: z.number().int().min(1).max(455).default(14),
    /** The percentile statistic fetched besides Average and Maximum (rightsizing reads it). */
    percentile: z.string().regex(/^p\d{1,2}(\.\d+)?$/).default('p99.5'),
  }).strict().default({}),
  athena: athenaConfigSchema.optional(),
}).strict().default({});

export type AwsConfig = z.infer<typeof awsConfigSchema>;
export type AwsAccountConfig = z.infer<typeof awsAccountSchema>;
export type AthenaConfig = z.infer<typeof athenaConfigSchema>;

/** The features a configuration enables: `features` if given, else ce, metrics, inventory, s3 and (when configured) athena. */
export function enabledFeatures(config: AwsConfig): AwsFeature[] {
  if (config.features) return [...new Set(config.features)];
  return AWS_FEATURES.filter((f) => f !== 'athena' || config.athena !== undefined);
}

/**
 * The `aws` section of a loaded costlens config, defaults filled in (the section may be absent).
 * A bad value is a config error naming its key under `aws.`.
 */
export function awsConfigFrom(config: object): AwsConfig {
  const result = awsConfigSchema.safeParse((config as { aws?: unknown }).aws ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = ['aws', ...issue.path].map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${p}`)).join('');
  throw new CostlensError('config', `${key}: ${issue.message}`, { hint: 'see "Live AWS sources and Athena" in README.md for every aws key and its default' });
}
