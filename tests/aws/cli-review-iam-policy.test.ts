import { describe, expect, it } from 'vitest';
import { iamPolicyCommand } from '../../src/cli/iam-policy.ts';
import { runCommand, writeConfig } from './helpers.ts';

/**
 * The printed IAM policy gives each Athena action the resource type AWS's Service Authorization
 * Reference ("Actions, resources, and condition keys for Amazon Athena") gives it: the query
 * executions (StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution) take a
 * `workgroup` ARN, GetTableMetadata (like GetDatabase and ListTableMetadata) a `datacatalog` ARN,
 * `arn:${Partition}:athena:${Region}:${Account}:datacatalog/${DataCatalogName}`. Scoped to the
 * workgroup, GetTableMetadata was denied. A policy that would grant nothing is a usage error.
 */
describe('costlens iam-policy: Athena resource types per action; no empty policy', () => {
  const store = '/nonexistent/store.duckdb';
  const athena = (catalog?: string) => writeConfig({ aws: { athena: { workgroup: 'finops', database: 'cur', curTable: 'cur2_export', ...(catalog ? { catalog } : {}) } } });
  const statements = async (config: string) => {
    const run = await runCommand(iamPolicyCommand, store, ['--feature', 'athena', '--config', config]);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { Statement: { Sid: string; Action: string[]; Resource: string | string[] }[] }).Statement;
  };

  it('query executions on the workgroup, table metadata on the data catalog (default AwsDataCatalog)', async () => {
    const [queries, metadata, glue] = await statements(athena());
    expect(queries).toEqual({ Sid: 'CostlensAthenaQueries', Effect: 'Allow', Action: ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution'], Resource: 'arn:aws:athena:*:*:workgroup/finops' });
    expect(metadata).toEqual({ Sid: 'CostlensAthenaTableMetadata', Effect: 'Allow', Action: ['athena:GetTableMetadata'], Resource: 'arn:aws:athena:*:*:datacatalog/AwsDataCatalog' });
    expect(glue.Sid).toBe('CostlensAthenaCatalog');
  });

  it('the data catalog named in aws.athena.catalog', async () => {
    const metadata = (await statements(athena('OrgCatalog'))).find((s) => s.Sid === 'CostlensAthenaTableMetadata')!;
    expect(metadata.Resource).toBe('arn:aws:athena:*:*:datacatalog/OrgCatalog');
  });

  it('--member with features it does not grant, and an empty --feature, are usage errors naming the flag', async () => {
    const member = await runCommand(iamPolicyCommand, store, ['--member', '--feature', 'ce']);
    expect([member.code, member.stdout, ...member.stderr.split('\n')]).toEqual([2, '',
      'costlens: --member grants the reads costlens makes in member accounts, metrics and inventory, and --feature "ce" names neither',
      '  hint: --member --feature metrics,inventory, or leave --member out for the policy of the account costlens runs in', '']);
    for (const feature of ['', ' , ']) {
      const empty = await runCommand(iamPolicyCommand, store, ['--feature', feature]);
      expect([empty.code, empty.stdout, ...empty.stderr.split('\n')]).toEqual([2, '',
        'costlens: --feature is empty: name one or more of s3, ce, metrics, inventory, athena, ses',
        '  hint: e.g. --feature s3,ce, or leave --feature out for the configured features', '']);
    }
    const metrics = await runCommand(iamPolicyCommand, store, ['--member', '--feature', 'ce,metrics']);
    expect(JSON.parse(metrics.stdout).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['CostlensCloudWatchMetrics']);
  });
});
