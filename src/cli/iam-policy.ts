import { awsConfigFrom, enabledFeatures } from '../aws-client/config.ts';
import { iamPolicy, POLICY_FEATURES, unscopedWarnings, type PolicyFeature } from '../aws/iam-policy.ts';
import { loadConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import { mailTransportKind } from '../report/mail-setup.ts';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';

/** `costlens iam-policy`: prints iamPolicy() for the configured or named features. */
export const iamPolicyCommand: Command = {
  name: 'iam-policy',
  summary: 'print the least-privilege IAM policy for the configured AWS features',
  usage: `costlens iam-policy [--feature s3,ce,metrics,inventory,athena,ses] [--member] [--config FILE]

  Prints an IAM policy document (JSON) granting exactly the AWS actions costlens sends for the
  features: s3 (ingest s3://…), ce (pull ce), metrics (pull metrics), inventory (pull inventory),
  athena (--engine athena), ses (report weekly --send through Amazon SES). Default: aws.features,
  else every feature (athena when aws.athena is configured), plus ses when the report is sent
  through SES. S3, roles, the Athena workgroup, Glue tables, result location and the SES identity
  and configuration set are scoped from the config (aws.s3.deliveries, aws.accounts, aws.athena,
  report.ses). Where the config does not say where the data is (aws.s3.deliveries,
  aws.athena.curLocation), the S3 reads go to every bucket and a WARNING line on stderr says so.
  --member   the policy for the role costlens assumes in each member account (metrics and
             inventory reads only)`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('iam-policy', args, { feature: { type: 'string' }, member: { type: 'boolean' }, config: { type: 'string' } }, false);
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const config = awsConfigFrom(loaded);
    const features: string[] = values.feature === undefined
      ? [...enabledFeatures(config), ...(mailTransportKind(loaded.report, ctx.env) === 'ses' ? ['ses'] : [])]
      : values.feature.split(',').map((f) => f.trim()).filter(Boolean);
    for (const f of features) {
      if (!(POLICY_FEATURES as readonly string[]).includes(f)) throw new CostlensError('usage', `--feature ${f}: use ${POLICY_FEATURES.join(', ')}`);
    }
    if (features.includes('athena') && !config.athena) {
      throw new CostlensError('config', 'the athena feature needs aws.athena (workgroup, database, curTable)', { hint: 'configure aws.athena, or leave athena out of --feature' });
    }
    const policy = iamPolicy(config, features as PolicyFeature[], { member: values.member, ses: loaded.report.ses });
    for (const warning of unscopedWarnings(policy)) ctx.stderr.write(`${warning}\n`);
    ctx.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    return 0;
  },
};
