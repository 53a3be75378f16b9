/**
 * The least-privilege IAM policy for the features costlens is configured to use: one statement
 * per feature, the actions of exactly the SDK commands the code sends (AWS_COMMANDS), resources
 * scoped where the service allows it, to the resource type each action takes (S3 deliveries,
 * assumed roles, the Athena workgroup for query executions and the data catalog for table
 * metadata, Glue database and tables, the result location). Athena reads the CUR table and writes results with
 * the caller's permissions, so its statement also grants those (ATHENA_IMPLIED_ACTIONS). The
 * weekly report's delivery through Amazon SES v2 is the feature `ses`.
 */
import { parseS3Uri } from '../ingest/s3/index.ts';
import { AWS_FEATURES, type AwsConfig } from '../aws-client/config.ts';

/** What a policy can grant: the `aws` features, and `ses` (`report weekly --send` through Amazon SES v2). */
export const POLICY_FEATURES = [...AWS_FEATURES, 'ses'] as const;
export type PolicyFeature = (typeof POLICY_FEATURES)[number];

/** Where the report is sent through SES (`report.ses` in the config), to scope ses:SendEmail. */
export interface SesPolicyScope {
  region?: string;
  configurationSet?: string;
  /** The sender identity's ARN (sending authorization); else any identity in the region. */
  fromArn?: string;
}

/** Every SDK command costlens sends → the IAM action it needs (null: none) and the feature that sends it. */
export const AWS_COMMANDS: Record<string, { action: string | null; feature: PolicyFeature | 'accounts' | 'identity' }> = {
  ListObjectsV2Command: { action: 's3:ListBucket', feature: 's3' },
  GetObjectCommand: { action: 's3:GetObject', feature: 's3' },
  // HeadObject is authorised as s3:GetObject (AWS: "you must have the s3:GetObject permission").
  HeadObjectCommand: { action: 's3:GetObject', feature: 's3' },
  GetCostAndUsageCommand: { action: 'ce:GetCostAndUsage', feature: 'ce' },
  GetMetricDataCommand: { action: 'cloudwatch:GetMetricData', feature: 'metrics' },
  ListMetricsCommand: { action: 'cloudwatch:ListMetrics', feature: 'metrics' },
  DescribeInstancesCommand: { action: 'ec2:DescribeInstances', feature: 'inventory' },
  DescribeVolumesCommand: { action: 'ec2:DescribeVolumes', feature: 'inventory' },
  DescribeAddressesCommand: { action: 'ec2:DescribeAddresses', feature: 'inventory' },
  DescribeNatGatewaysCommand: { action: 'ec2:DescribeNatGateways', feature: 'inventory' },
  DescribeLoadBalancersCommand: { action: 'elasticloadbalancing:DescribeLoadBalancers', feature: 'inventory' },
  DescribeTagsCommand: { action: 'elasticloadbalancing:DescribeTags', feature: 'inventory' },
  DescribeTargetGroupsCommand: { action: 'elasticloadbalancing:DescribeTargetGroups', feature: 'inventory' },
  DescribeTargetHealthCommand: { action: 'elasticloadbalancing:DescribeTargetHealth', feature: 'inventory' },
  DescribeDBInstancesCommand: { action: 'rds:DescribeDBInstances', feature: 'inventory' },
  ListFunctionsCommand: { action: 'lambda:ListFunctions', feature: 'inventory' },
  StartQueryExecutionCommand: { action: 'athena:StartQueryExecution', feature: 'athena' },
  GetQueryExecutionCommand: { action: 'athena:GetQueryExecution', feature: 'athena' },
  GetQueryResultsCommand: { action: 'athena:GetQueryResults', feature: 'athena' },
  StopQueryExecutionCommand: { action: 'athena:StopQueryExecution', feature: 'athena' },
  GetTableMetadataCommand: { action: 'athena:GetTableMetadata', feature: 'athena' },
  AssumeRoleCommand: { action: 'sts:AssumeRole', feature: 'accounts' },
  // sts:GetCallerIdentity needs no permission (AWS: "no permissions are required").
  GetCallerIdentityCommand: { action: null, feature: 'identity' },
  // SES API v2 SendEmail (raw content included) is authorised as ses:SendEmail.
  SendEmailCommand: { action: 'ses:SendEmail', feature: 'ses' },
};

/**
 * The Athena actions whose resource is the data catalog, not the workgroup (AWS Service
 * Authorization Reference, "Actions, resources, and condition keys for Amazon Athena": GetDatabase,
 * GetTableMetadata, ListDatabases and ListTableMetadata take `datacatalog*`,
 * `arn:${Partition}:athena:${Region}:${Account}:datacatalog/${DataCatalogName}`; the query
 * executions take `workgroup*`). A statement scoped to the workgroup alone denies them.
 */
export const ATHENA_CATALOG_ACTIONS: ReadonlySet<string> = new Set([
  'athena:GetDataCatalog', 'athena:GetDatabase', 'athena:GetTableMetadata', 'athena:ListDatabases', 'athena:ListTableMetadata',
]);

/** What Athena does with the caller's permissions while running costlens's queries and view DDL. */
export const ATHENA_IMPLIED_ACTIONS = {
  glue: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions', 'glue:CreateTable', 'glue:UpdateTable'],
  results: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:AbortMultipartUpload'],
  data: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'],
} as const;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

const actionsOf = (feature: string) => [...new Set(Object.values(AWS_COMMANDS).filter((c) => c.feature === feature && c.action).map((c) => c.action!))].sort();

const s3Object = (uri: string) => {
  const { bucket, prefix } = parseS3Uri(uri);
  return { bucket: `arn:aws:s3:::${bucket}`, objects: `arn:aws:s3:::${bucket}/${prefix}*`, prefix: `${prefix}*` };
};

/** ses:SendEmail's resources: the sender identity (and the configuration set, which SES also authorises). */
function sesResources(scope: SesPolicyScope): string[] {
  const region = scope.region ?? '*';
  const resources = [scope.fromArn ?? `arn:aws:ses:${region}:*:identity/*`];
  if (scope.configurationSet) resources.push(`arn:aws:ses:${region}:*:configuration-set/${scope.configurationSet}`);
  return resources;
}

/**
 * The policy for `features` (the caller's identity). With `member`, the policy a member account's
 * role needs instead: the reads of metrics and inventory only. `ses` scopes the SES statement.
 */
export function iamPolicy(config: AwsConfig, features: PolicyFeature[], options: { member?: boolean; ses?: SesPolicyScope } = {}): PolicyDocument {
  const wanted = new Set(options.member ? features.filter((f) => f === 'metrics' || f === 'inventory') : features);
  const statements: PolicyStatement[] = [];
  if (wanted.has('s3')) {
    const deliveries = config.s3.deliveries.map(s3Object);
    if (deliveries.length === 0) {
      statements.push({ Sid: 'CostlensReadS3Deliveries', Effect: 'Allow', Action: actionsOf('s3'), Resource: '*' });
    } else {
      statements.push({ Sid: 'CostlensListS3Deliveries', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [...new Set(deliveries.map((d) => d.bucket))], Condition: { StringLike: { 's3:prefix': deliveries.map((d) => d.prefix) } } });
      statements.push({ Sid: 'CostlensReadS3Deliveries', Effect: 'Allow', Action: ['s3:GetObject'], Resource: deliveries.map((d) => d.objects) });
    }
  }
  if (wanted.has('ce')) statements.push({ Sid: 'CostlensCostExplorer', Effect: 'Allow', Action: actionsOf('ce'), Resource: '*' });
  if (wanted.has('metrics')) statements.push({ Sid: 'CostlensCloudWatchMetrics', Effect: 'Allow', Action: actionsOf('metrics'), Resource: '*' });
  if (wanted.has('inventory')) statements.push({ Sid: 'CostlensInventory', Effect: 'Allow', Action: actionsOf('inventory'), Resource: '*' });
  if (!options.member && config.accounts.length > 0 && (wanted.has('metrics') || wanted.has('inventory'))) {
    statements.push({ Sid: 'CostlensAssumeMemberRoles', Effect: 'Allow', Action: actionsOf('accounts'), Resource: config.accounts.map((a) => a.roleArn) });
  }
  const athena = config.athena;
  if (wanted.has('athena') && athena) {
    const athenaActions = actionsOf('athena');
    statements.push({ Sid: 'CostlensAthenaQueries', Effect: 'Allow', Action: athenaActions.filter((a) => !ATHENA_CATALOG_ACTIONS.has(a)), Resource: `arn:aws:athena:*:*:workgroup/${athena.workgroup}` });
    const catalogActions = athenaActions.filter((a) => ATHENA_CATALOG_ACTIONS.has(a));
    if (catalogActions.length > 0) {
      statements.push({ Sid: 'CostlensAthenaTableMetadata', Effect: 'Allow', Action: catalogActions, Resource: `arn:aws:athena:*:*:datacatalog/${athena.catalog}` });
    }
    statements.push({
      Sid: 'CostlensAthenaCatalog', Effect: 'Allow', Action: [...ATHENA_IMPLIED_ACTIONS.glue],
      Resource: ['arn:aws:glue:*:*:catalog', `arn:aws:glue:*:*:database/${athena.database}`, `arn:aws:glue:*:*:table/${athena.database}/${athena.curTable}`, `arn:aws:glue:*:*:table/${athena.database}/${athena.viewName}`],
    });
    if (athena.outputLocation) {
      const out = s3Object(athena.outputLocation);
      statements.push({ Sid: 'CostlensAthenaResults', Effect: 'Allow', Action: [...ATHENA_IMPLIED_ACTIONS.results].sort(), Resource: [out.bucket, out.objects] });
    }
    const data = athena.curLocation ? s3Object(athena.curLocation) : undefined;
    statements.push({ Sid: 'CostlensAthenaReadCur', Effect: 'Allow', Action: [...ATHENA_IMPLIED_ACTIONS.data].sort(), Resource: data ? [data.bucket, data.objects] : '*' });
  }
  if (wanted.has('ses')) statements.push({ Sid: 'CostlensSesSendReport', Effect: 'Allow', Action: actionsOf('ses'), Resource: sesResources(options.ses ?? {}) });
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * Warnings for the statements of `policy` that grant S3 reads on every bucket ("Resource": "*")
 * because the config does not say where the data is: one line each, naming the key that scopes it.
 */
export function unscopedWarnings(policy: PolicyDocument): string[] {
  const warnings: string[] = [];
  for (const statement of policy.Statement) {
    if (statement.Resource !== '*' || !statement.Action.some((a) => a.startsWith('s3:'))) continue;
    const actions = statement.Action.filter((a) => a.startsWith('s3:')).join(', ');
    const key = statement.Sid === 'CostlensAthenaReadCur' ? 'aws.athena.curLocation (the S3 location of the CUR table)' : 'aws.s3.deliveries (the s3:// report locations)';
    warnings.push(`WARNING: ${statement.Sid} grants ${actions} on every bucket of the account ("Resource": "*") because ${key.split(' ')[0]} is not set; set ${key} to scope it`);
  }
  return warnings;
}

/** Every action a policy grants. */
export function policyActions(policy: PolicyDocument): Set<string> {
  return new Set(policy.Statement.flatMap((s) => s.Action));
}
