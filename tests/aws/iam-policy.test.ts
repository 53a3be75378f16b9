import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATHENA_IMPLIED_ACTIONS, AWS_COMMANDS, iamPolicy, policyActions } from '../../src/aws/iam-policy.ts';
import { iamPolicyCommand } from '../../src/cli/iam-policy.ts';
import { fastAwsConfig, runCommand, writeConfig } from './helpers.ts';

const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every `new XCommand(` of an @aws-sdk client in src/, by command name. */
function commandsInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(/new\s+\(awsSdk\.[A-Za-z0-9]+\(\)\.([A-Za-z0-9]+Command)\)\s*\(/g)) {
      found.set(name, [...(found.get(name) ?? []), file.slice(SRC.length + 1)]);
    }
  }
  return found;
}

/**
 * Files that reach an SDK class out of the sight of commandsInSource: a value import of an SDK
 * package (not through src/aws-client/sdk.ts), or classes destructured from awsSdk.
 */
function sdkValueImports(): string[] {
  return sourceFiles(SRC).filter((file) => {
    if (file.endsWith('/aws-client/sdk.ts')) return false;
    const text = readFileSync(file, 'utf8');
    return /^import\s+(?!type\b)[^;]*from\s*'@aws-sdk\//m.test(text) || /\}\s*=\s*awsSdk\./.test(text);
  });
}

const everything = fastAwsConfig({
  accounts: [{ id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/costlens-read', externalId: 'x' }],
  s3: { deliveries: ['s3://cur-bucket/reports/org-cur', 's3://exports-bucket/exports/focus'] },
  athena: { workgroup: 'finops', database: 'cur', curTable: 'cur2_export', outputLocation: 's3://athena-results/costlens/', curLocation: 's3://exports-bucket/exports/cur2/data/' },
});

describe('costlens iam-policy', () => {
  it('the command registry lists exactly the AWS commands the code sends (all through the lazy awsSdk loader, so nothing sends commands out of sight)', () => {
    const found = commandsInSource();
    expect([...found.keys()].sort()).toEqual(Object.keys(AWS_COMMANDS).sort());
    const paginators = sourceFiles(SRC).filter((f) => /\bpaginate[A-Z]\w+\b/.test(readFileSync(f, 'utf8')));
    expect(paginators).toEqual([]);
    expect(sdkValueImports()).toEqual([]);
  });

  it('the policy for every feature grants exactly the actions of those commands, plus what Athena does on the caller\'s behalf', () => {
    const policy = iamPolicy(everything, ['s3', 'ce', 'metrics', 'inventory', 'athena', 'ses']);
    const sent = Object.values(AWS_COMMANDS).map((c) => c.action).filter((a): a is string => a !== null);
    const implied = [...ATHENA_IMPLIED_ACTIONS.glue, ...ATHENA_IMPLIED_ACTIONS.results, ...ATHENA_IMPLIED_ACTIONS.data];
    expect([...policyActions(policy)].sort()).toEqual([...new Set([...sent, ...implied])].sort());
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'CostlensListS3Deliveries', 'CostlensReadS3Deliveries', 'CostlensCostExplorer', 'CostlensCloudWatchMetrics', 'CostlensInventory',
      'CostlensAssumeMemberRoles', 'CostlensAthenaQueries', 'CostlensAthenaTableMetadata', 'CostlensAthenaCatalog', 'CostlensAthenaResults', 'CostlensAthenaReadCur',
      'CostlensSesSendReport',
    ]);
  });

  it('scopes S3 to the deliveries, AssumeRole to the configured roles, Athena to its workgroup, tables and locations', () => {
    const policy = iamPolicy(everything, ['s3', 'ce', 'metrics', 'inventory', 'athena']);
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.CostlensListS3Deliveries).toEqual({
      Sid: 'CostlensListS3Deliveries', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::cur-bucket', 'arn:aws:s3:::exports-bucket'],
      Condition: { StringLike: { 's3:prefix': ['reports/org-cur*', 'exports/focus*'] } },
    });
    expect(bySid.CostlensReadS3Deliveries.Resource).toEqual(['arn:aws:s3:::cur-bucket/reports/org-cur*', 'arn:aws:s3:::exports-bucket/exports/focus*']);
    expect(bySid.CostlensAssumeMemberRoles).toEqual({ Sid: 'CostlensAssumeMemberRoles', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ['arn:aws:iam::222222222222:role/costlens-read'] });
    expect(bySid.CostlensAthenaQueries.Resource).toBe('arn:aws:athena:*:*:workgroup/finops');
    expect(bySid.CostlensAthenaCatalog.Resource).toEqual(['arn:aws:glue:*:*:catalog', 'arn:aws:glue:*:*:database/cur', 'arn:aws:glue:*:*:table/cur/cur2_export', 'arn:aws:glue:*:*:table/cur/costlens_line_items']);
    expect(bySid.CostlensAthenaResults.Resource).toEqual(['arn:aws:s3:::athena-results', 'arn:aws:s3:::athena-results/costlens/*']);
    expect(bySid.CostlensAthenaReadCur.Resource).toEqual(['arn:aws:s3:::exports-bucket', 'arn:aws:s3:::exports-bucket/exports/cur2/data/*']);
  });

  it('one feature gets one statement; a member role gets the metric and inventory reads and nothing else', () => {
    expect(iamPolicy(everything, ['ce'])).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'CostlensCostExplorer', Effect: 'Allow', Action: ['ce:GetCostAndUsage'], Resource: '*' }] });
    const member = iamPolicy(everything, ['s3', 'ce', 'metrics', 'inventory', 'athena', 'ses'], { member: true });
    expect([...policyActions(member)].sort()).toEqual([
      'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'ec2:DescribeAddresses', 'ec2:DescribeInstances', 'ec2:DescribeNatGateways', 'ec2:DescribeVolumes',
      'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth',
      'lambda:ListFunctions', 'rds:DescribeDBInstances',
    ]);
  });

  it('the command prints the policy JSON for the default features and says when S3 is unscoped', async () => {
    const run = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', []);
    expect(run.code).toBe(0);
    const policy = JSON.parse(run.stdout);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['CostlensReadS3Deliveries', 'CostlensCostExplorer', 'CostlensCloudWatchMetrics', 'CostlensInventory']);
    expect(run.stderr).toBe('WARNING: CostlensReadS3Deliveries grants s3:GetObject, s3:ListBucket on every bucket of the account ("Resource": "*") because aws.s3.deliveries is not set; set aws.s3.deliveries (the s3:// report locations) to scope it\n');
    const ce = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--feature', 'ce']);
    expect(JSON.parse(ce.stdout).Statement).toEqual([{ Sid: 'CostlensCostExplorer', Effect: 'Allow', Action: ['ce:GetCostAndUsage'], Resource: '*' }]);
    const athena = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--feature', 'athena']);
    expect([athena.code, athena.stderr.split('\n')[0]]).toEqual([3, 'costlens: the athena feature needs aws.athena (workgroup, database, curTable)']);
    const bad = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--feature', 'glue']);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'costlens: --feature glue: use s3, ce, metrics, inventory, athena, ses']);
  });

  it('says loudly on stderr when Athena may read the CUR data in every bucket (aws.athena.curLocation not set), and is quiet once everything is scoped', async () => {
    const athena = { workgroup: 'finops', database: 'cur', curTable: 'cur2_export' };
    const unscoped = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--feature', 'athena', '--config', writeConfig({ aws: { athena } })]);
    expect(unscoped.code).toBe(0);
    expect(JSON.parse(unscoped.stdout).Statement.at(-1)).toEqual({
      Sid: 'CostlensAthenaReadCur', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'], Resource: '*',
    });
    expect(unscoped.stderr).toBe('WARNING: CostlensAthenaReadCur grants s3:GetBucketLocation, s3:GetObject, s3:ListBucket on every bucket of the account ("Resource": "*") because aws.athena.curLocation is not set; set aws.athena.curLocation (the S3 location of the CUR table) to scope it\n');
    const scoped = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--feature', 's3,athena', '--config', writeConfig({
      aws: { athena: { ...athena, curLocation: 's3://exports-bucket/cur2/data/' }, s3: { deliveries: ['s3://cur-bucket/reports'] } },
    })]);
    expect([scoped.code, scoped.stderr]).toEqual([0, '']);
  });

  it('grants ses:SendEmail when the weekly report is sent through SES, scoped to the identity and configuration set', async () => {
    expect(iamPolicy(everything, ['ses']).Statement).toEqual([{ Sid: 'CostlensSesSendReport', Effect: 'Allow', Action: ['ses:SendEmail'], Resource: ['arn:aws:ses:*:*:identity/*'] }]);
    const scoped = iamPolicy(everything, ['ses'], { ses: { region: 'eu-west-1', configurationSet: 'costlens-reports' } });
    expect(scoped.Statement[0].Resource).toEqual(['arn:aws:ses:eu-west-1:*:identity/*', 'arn:aws:ses:eu-west-1:*:configuration-set/costlens-reports']);
    const fromArn = 'arn:aws:ses:eu-west-1:333333333333:identity/acme.example';
    expect(iamPolicy(everything, ['ses'], { ses: { fromArn } }).Statement[0].Resource).toEqual([fromArn]);

    const viaConfig = writeConfig({ report: { ses: { region: 'eu-west-1', configurationSet: 'costlens-reports', fromArn } } });
    const configured = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--config', viaConfig]);
    expect(configured.code, configured.stderr).toBe(0);
    expect(JSON.parse(configured.stdout).Statement.at(-1)).toEqual({
      Sid: 'CostlensSesSendReport', Effect: 'Allow', Action: ['ses:SendEmail'], Resource: [fromArn, 'arn:aws:ses:eu-west-1:*:configuration-set/costlens-reports'],
    });
    const member = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--config', viaConfig, '--member']);
    expect(JSON.parse(member.stdout).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['CostlensCloudWatchMetrics', 'CostlensInventory']);
    const viaEnv = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', [], { ...process.env, COSTLENS_MAIL_TRANSPORT: 'ses' });
    expect(JSON.parse(viaEnv.stdout).Statement.map((s: { Sid: string }) => s.Sid)).toContain('CostlensSesSendReport');
    const smtp = await runCommand(iamPolicyCommand, '/nonexistent/store.duckdb', ['--config', writeConfig({ report: { ses: {}, delivery: { transport: 'smtp' } } })]);
    expect(JSON.parse(smtp.stdout).Statement.map((s: { Sid: string }) => s.Sid)).not.toContain('CostlensSesSendReport');
  });
});
