import { AWS_FEATURES, awsConfigFrom, enabledFeatures, type AwsFeature } from '../aws/config.ts';
import { iamPolicy } from '../aws/iam-policy.ts';
import { loadConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';

/** `costlens iam-policy`: prints iamPolicy() for the configured or named features. */
export const iamPolicyCommand: Command = {
  name: 'iam-policy',
  summary: 'print the least-privilege IAM policy for the configured AWS features',
  usage: `costlens iam-policy [--feature s3,ce,metrics,inventory,athena] [--member] [--config FILE]

  Prints an IAM policy document (JSON) granting exactly the AWS actions costlens sends for the
  features: s3 (ingest s3://…), ce (pull ce), metrics (pull metrics), inventory (pull inventory),
  athena (--engine athena). Default: aws.features, else every feature (athena when aws.athena is
  configured). S3, roles, the Athena workgroup, Glue tables and result location are scoped from
  the config (aws.s3.deliveries, aws.accounts, aws.athena).
  --member   the policy for the role costlens assumes in each member account (metrics and
             inventory reads only)`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('iam-policy', args, { feature: { type: 'string' }, member: { type: 'boolean' }, config: { type: 'string' } }, false);
    const config = awsConfigFrom(loadConfig(values.config, ctx.env, ctx.cwd));
    const features = values.feature === undefined ? enabledFeatures(config) : values.feature.split(',').map((f) => f.trim()).filter(Boolean);
    for (const f of features) {
      if (!(AWS_FEATURES as readonly string[]).includes(f)) throw new CostlensError('usage', `--feature ${f}: use ${AWS_FEATURES.join(', ')}`);
    }
    if (features.includes('athena') && !config.athena) {
      throw new CostlensError('config', 'the athena feature needs aws.athena (workgroup, database, curTable)', { hint: 'configure aws.athena, or leave athena out of --feature' });
    }
    const policy = iamPolicy(config, features as AwsFeature[], { member: values.member });
    if (features.includes('s3') && config.s3.deliveries.length === 0 && !values.member) {
      ctx.stderr.write('note: aws.s3.deliveries is empty, so the S3 statement allows every bucket; list the s3:// report locations to scope it\n');
    }
    ctx.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    return 0;
  },
};
