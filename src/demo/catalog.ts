/**
 * Static reference data for the demo organisation: regions, public on-demand prices
 * (Linux, shared tenancy, USD, as published on the AWS pricing pages), accounts and teams.
 */

/** An AWS region as the CUR names it. */
export interface RegionInfo {
  code: string;
  /** Usage-type prefix (`USW2-`); us-east-1 usage types carry none. */
  prefix: string;
  /** product/location. */
  location: string;
  azs: string[];
  /** Index into per-region price arrays: 0 = US regions, 1 = EU (Ireland). */
  priceTier: 0 | 1;
}

export const REGIONS: readonly RegionInfo[] = [
  { code: 'us-east-1', prefix: '', location: 'US East (N. Virginia)', azs: ['us-east-1a', 'us-east-1b', 'us-east-1c'], priceTier: 0 },
  { code: 'us-west-2', prefix: 'USW2-', location: 'US West (Oregon)', azs: ['us-west-2a', 'us-west-2b', 'us-west-2c'], priceTier: 0 },
  { code: 'eu-west-1', prefix: 'EUW1-', location: 'EU (Ireland)', azs: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], priceTier: 1 },
];

/** An EC2 instance type with its on-demand hourly price per price tier. */
export interface InstanceType {
  type: string;
  family: string;
  vcpu: number;
  memory: string;
  /** Size-flexibility normalization factor. */
  norm: number;
  price: [number, number];
}

export const INSTANCE_TYPES: Record<string, InstanceType> = Object.fromEntries(
  (
    [
      ['t3.medium', 'General purpose', 2, '4 GiB', 2, [0.0416, 0.0456]],
      ['t3.large', 'General purpose', 2, '8 GiB', 4, [0.0832, 0.0912]],
      ['m5.large', 'General purpose', 2, '8 GiB', 4, [0.096, 0.107]],
      ['m5.xlarge', 'General purpose', 4, '16 GiB', 8, [0.192, 0.214]],
      ['m5.2xlarge', 'General purpose', 8, '32 GiB', 16, [0.384, 0.428]],
      ['m5.4xlarge', 'General purpose', 16, '64 GiB', 32, [0.768, 0.856]],
      ['c5.xlarge', 'Compute optimized', 4, '8 GiB', 8, [0.17, 0.192]],
      ['c5.2xlarge', 'Compute optimized', 8, '16 GiB', 16, [0.34, 0.384]],
      ['r5.large', 'Memory optimized', 2, '16 GiB', 4, [0.126, 0.141]],
      ['r5.xlarge', 'Memory optimized', 4, '32 GiB', 8, [0.252, 0.282]],
      ['r5.2xlarge', 'Memory optimized', 8, '64 GiB', 16, [0.504, 0.564]],
      // Older generations, planted for `costlens modernise` (src/demo/plants-modernise.ts); prices from data/ec2.
      ['m4.xlarge', 'General purpose', 4, '16 GiB', 8, [0.2, 0.2229]],
      ['c4.large', 'Compute optimized', 2, '3.75 GiB', 4, [0.1, 0.1117]],
      ['r4.large', 'Memory optimized', 2, '15.25 GiB', 4, [0.133, 0.1482]],
      ['t2.medium', 'General purpose', 2, '4 GiB', 2, [0.0464, 0.0504]],
    ] as const
  ).map(([type, family, vcpu, memory, norm, price]) => [type, { type, family, vcpu, memory, norm, price: [price[0], price[1]] }]),
);

/** RDS for MySQL single-AZ hourly prices per price tier. */
export const RDS_PRICES: Record<string, { vcpu: number; memory: string; price: [number, number] }> = {
  'db.m5.large': { vcpu: 2, memory: '8 GiB', price: [0.171, 0.19] },
  'db.r5.large': { vcpu: 2, memory: '16 GiB', price: [0.25, 0.28] },
  'db.r5.xlarge': { vcpu: 4, memory: '32 GiB', price: [0.5, 0.56] },
};

/** Per-unit prices by price tier. */
export const PRICES = {
  ebs: { gp3: [0.08, 0.088], gp2: [0.1, 0.11] } as Record<string, [number, number]>,
  ebsSnapshotGbMo: [0.05, 0.05] as [number, number],
  rdsStorageGp2: [0.115, 0.127] as [number, number],
  albHour: [0.0225, 0.0252] as [number, number],
  albLcu: [0.008, 0.008] as [number, number],
  natHour: [0.045, 0.048] as [number, number],
  natGb: [0.045, 0.048] as [number, number],
  eipIdleHour: 0.005,
  s3StandardGbMo: [0.023, 0.023] as [number, number],
  s3Tier1: 0.000005,
  s3Tier2: 0.0000004,
  lambdaGbSecond: 0.0000166667,
  lambdaRequest: 0.0000002,
  cwMetricMonth: 0.3,
  cwLogsGb: [0.5, 0.57] as [number, number],
  dataTransferOutGb: 0.09,
};

/** Reserved Instance planted in the organisation: partial upfront, 1 year, standard. */
export const RI_TERMS = {
  instanceType: 'm5.large',
  upfrontPerInstance: 252,
  recurringHourly: 0.029,
  termHours: 8760,
};

/** Compute Savings Plan rate as a fraction of the on-demand rate. */
export const SP_DISCOUNT = 0.72;

/** A canonical team with the spellings its tag values are found in. */
export interface Team {
  name: string;
  /** Variant spellings with weights; the first is the canonical spelling. */
  variants: readonly (readonly [string, number])[];
  costCenter: string;
}

export const TEAMS: Record<string, Team> = {
  payments: { name: 'payments', costCenter: 'CC-1001', variants: [['payments', 6], ['Payments', 3], ['payments ', 1], ['paymnets', 1], ['PAYMENTS', 1]] },
  checkout: { name: 'checkout', costCenter: 'CC-1002', variants: [['checkout', 6], ['Checkout', 2], ['check-out', 1]] },
  search: { name: 'search', costCenter: 'CC-1003', variants: [['search', 6], ['Search', 2], ['search-team', 1]] },
  'data-platform': { name: 'data-platform', costCenter: 'CC-2001', variants: [['data-platform', 5], ['data_platform', 2], ['DataPlatform', 2]] },
  ml: { name: 'ml', costCenter: 'CC-2002', variants: [['ml', 5], ['ML', 2], ['machine-learning', 1]] },
  identity: { name: 'identity', costCenter: 'CC-3001', variants: [['identity', 6], ['Identity', 2], ['idenitty', 1]] },
  platform: { name: 'platform', costCenter: 'CC-3000', variants: [['platform', 6], ['Platform', 2], ['platform-eng', 1]] },
  marketing: { name: 'marketing', costCenter: 'CC-4001', variants: [['marketing', 5], ['Marketing', 2]] },
  logistics: { name: 'logistics', costCenter: 'CC-4002', variants: [['logistics', 5], ['Logistics', 2], ['logistcs', 1]] },
};

/** A linked account of the demo organisation, with its workload profile. */
export interface AccountProfile {
  key: string;
  name: string;
  team: string;
  businessUnit: string;
  environment: string;
  primaryRegion: string;
  /** EC2 instances at scale 1. */
  ec2: number;
  /** Share of resources left without any team tag. */
  untagged: number;
  /** Share of instances that run only on weekday business hours. */
  scheduled: number;
}

export const ACCOUNTS: readonly AccountProfile[] = [
  { key: 'payments-prod', name: 'payments-prod', team: 'payments', businessUnit: 'Commerce', environment: 'prod', primaryRegion: 'us-east-1', ec2: 12, untagged: 0.05, scheduled: 0 },
  { key: 'payments-staging', name: 'payments-staging', team: 'payments', businessUnit: 'Commerce', environment: 'staging', primaryRegion: 'us-east-1', ec2: 4, untagged: 0.1, scheduled: 0.5 },
  { key: 'checkout-prod', name: 'checkout-prod', team: 'checkout', businessUnit: 'Commerce', environment: 'prod', primaryRegion: 'us-east-1', ec2: 9, untagged: 0.05, scheduled: 0 },
  { key: 'search-prod', name: 'search-prod', team: 'search', businessUnit: 'Commerce', environment: 'prod', primaryRegion: 'us-west-2', ec2: 10, untagged: 0.08, scheduled: 0 },
  { key: 'data-platform', name: 'data-platform-prod', team: 'data-platform', businessUnit: 'Data', environment: 'prod', primaryRegion: 'eu-west-1', ec2: 10, untagged: 0.05, scheduled: 0 },
  { key: 'ml-research', name: 'ml-research', team: 'ml', businessUnit: 'Data', environment: 'dev', primaryRegion: 'us-west-2', ec2: 7, untagged: 0.1, scheduled: 0.3 },
  { key: 'identity-prod', name: 'identity-prod', team: 'identity', businessUnit: 'Platform', environment: 'prod', primaryRegion: 'us-east-1', ec2: 5, untagged: 0.03, scheduled: 0 },
  { key: 'shared-services', name: 'shared-services', team: 'platform', businessUnit: 'Platform', environment: 'prod', primaryRegion: 'us-east-1', ec2: 8, untagged: 0.1, scheduled: 0 },
  { key: 'security-tooling', name: 'security-tooling', team: 'platform', businessUnit: 'Platform', environment: 'prod', primaryRegion: 'us-east-1', ec2: 3, untagged: 0.05, scheduled: 0 },
  { key: 'marketing-web', name: 'marketing-web', team: 'marketing', businessUnit: 'Growth', environment: 'prod', primaryRegion: 'eu-west-1', ec2: 4, untagged: 0.08, scheduled: 0 },
  { key: 'sandbox-dev', name: 'sandbox-dev', team: 'platform', businessUnit: 'Sandbox', environment: 'dev', primaryRegion: 'us-east-1', ec2: 5, untagged: 0.25, scheduled: 0.6 },
  { key: 'logistics-prod', name: 'logistics-prod', team: 'logistics', businessUnit: 'Growth', environment: 'prod', primaryRegion: 'us-west-2', ec2: 5, untagged: 0.08, scheduled: 0 },
];

/** Name of the management (payer) account. */
export const PAYER_NAME = 'acme-management';
