import { awsConfigFrom, enabledFeatures } from '../aws-client/config.ts';
import { iamPolicy, POLICY_FEATURES, unscopedWarnings, type PolicyFeature } from '../aws/iam-policy.ts';
import { loadConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import { mailTransportKind } from '../report/mail-setup.ts';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';
import { configOption } from './common-options.ts';

/** `costlens iam-policy`: prints iamPolicy() for the configured or named features. */
export const iamPolicyCommand: Command = {
  name: 'iam-policy',
  summary: 'print the least-privilege IAM policy for the configured AWS features',
  usage: `costlens iam-policy [--feature s3,ce,metrics,inventory,athena,ses] [--member] [--config FILE]

  Prints an IAM policy document (JSON) granting exactly the AWS actions costlens sends for the
  features: s3 (ingest s3://…), ce (pull ce), metrics (pull metrics), inventory (pull inventory),
  athena (--engine athena), ses (report weekly --send through Amazon SES). Default: aws.features,
  else every feature (athena when aws.athena is configured), plus ses when the report is sent
  through SES. S3, roles, the Athena workgroup (query executions) and data catalog (table
  metadata), Glue tables, result location and the SES identity
  and configuration set are scoped from the config (aws.s3.deliveries, aws.accounts, aws.athena,
  report.ses). Where the config does not say where the data is (aws.s3.deliveries,
  aws.athena.curLocation), the S3 reads go to every bucket and a WARNING line on stderr says so.
  --feature  the features to grant, comma-separated, of s3, ce, metrics, inventory, athena, ses
             (default aws.features, else every feature, as above)
  --member   the policy for the role costlens assumes in each member account (metrics and
             inventory reads only: --feature must name one of them)
${configOption(13, 'aws (features, s3.deliveries, accounts, athena) and report.ses')}
  An empty --feature, or features that grant nothing, are a usage error, never an empty policy.`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('iam-policy', args, { feature: { type: 'string' }, member: { type: 'boolean' }, config: { type: 'string' } }, false);
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const config = awsConfigFrom(loaded);
    const features: string[] = values.feature === undefined
      ? [...enabledFeatures(config), ...(mailTransportKind(loaded.report, ctx.env) === 'ses' ? ['ses'] : [])]
      : values.feature.split(',').map((f) => f.trim()).filter(Boolean);
    const from = values.feature === undefined ? 'aws.features (the features configured)' : `--feature ${JSON.stringify(values.feature)}`;
    if (values.feature !== undefined && features.length === 0) {
      throw new CostlensError('usage', `--feature is empty: name one or more of ${POLICY_FEATURES.join(', ')}`, { hint: 'e.g. --feature s3,ce, or leave --feature out for the configured features' });
    }
    for (const f of features) {
      if (!(POLICY_FEATURES as readonly string[]).includes(f)) throw new CostlensError('usage', `--feature ${f}: use ${POLICY_FEATURES.join(', ')}`);
    }
    if (values.member && !features.some((f) => f === 'metrics' || f === 'inventory')) {
      throw new CostlensError('usage', `--member grants the reads costlens makes in member accounts, metrics and inventory, and ${from} names neither`, {
        hint: '--member --feature metrics,inventory, or leave --member out for the policy of the account costlens runs in',
      });
    }
    if (features.includes('athena') && !config.athena) {
      throw new CostlensError('config', 'the athena feature needs aws.athena (workgroup, database, curTable)', { hint: 'configure aws.athena, or leave athena out of --feature' });
    }
    const policy = iamPolicy(config, features as PolicyFeature[], { member: values.member, ses: loaded.report.ses });
    if (policy.Statement.length === 0) throw new CostlensError('usage', `${from} grants nothing: a policy with no statement`, { hint: `name one or more of ${POLICY_FEATURES.join(', ')}` });
    for (const warning of unscopedWarnings(policy)) ctx.stderr.write(`${warning}\n`);
    ctx.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    return 0;
  },
};
