import { describeNothingLoaded } from './ingest.ts';
import { parseDay } from '../analyze/billing-calendar.ts';
import { formatCall, type AwsCallListener } from '../aws-client/call-log.ts';
import { awsConfigFrom, type AwsConfig } from '../aws-client/config.ts';
import { ceRequestsText, pullCostExplorer, type CostExplorerPullResult } from '../aws/cost-explorer/index.ts';
import { pullInventory } from '../aws/pull-inventory.ts';
import { pullMetrics } from '../aws/pull-metrics.ts';
import { loadConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import type { IngestSummary } from '../ingest/loader.ts';
import { resolveStorePath } from '../store/open.ts';
import { integer, parseCommandArgs } from './args.ts';
import type { Command, CommandContext } from './command.ts';
import { configOption, dbOption } from './common-options.ts';
import { ProgressReporter } from './progress.ts';
import { parseDays } from './range.ts';
import { plural, pluralNoun } from '../lib/text.ts';

/** A pull's progress: each message as a line; on a terminal a status line (phase fetch) redrawn below, else a line every 10 s. */
function pullProgress(ctx: CommandContext, name: string): { onProgress: (message: string) => void; finish: () => void } {
  const reporter = new ProgressReporter(ctx.stderr, { tty: Boolean(ctx.stderr.isTTY), name, width: ctx.stderr.columns });
  reporter.update({ phase: 'fetch' });
  return {
    onProgress: (message) => {
      reporter.log(message);
      reporter.update({ phase: 'fetch', item: message.split(':')[0] });
    },
    finish: () => reporter.finish(),
  };
}

const USAGE = `costlens pull ce --from YYYY-MM-DD --to YYYY-MM-DD [--group-by SERVICE,LINKED_ACCOUNT|TAG:key] [--metric UnblendedCost,AmortizedCost] [--dry-run]
       costlens pull metrics [--days N]
       costlens pull inventory
  common: [--db FILE] [--config FILE] [--verbose] [--wait SECONDS]; ce and metrics: [--today YYYY-MM-DD]

  ce         daily costs from Cost Explorer (GetCostAndUsage, $0.01 a request) as FOCUS line items:
             BilledCost = UnblendedCost, EffectiveCost = AmortizedCost. Whole months are fetched; a
             month that is closed and already stored is never fetched again.
             --from/--to the charge days to pull, YYYY-MM-DD, --to exclusive; both required
             --metric    UnblendedCost (always fetched, as BilledCost) and AmortizedCost
                         (EffectiveCost; left out, EffectiveCost is UnblendedCost), comma-separated
                         (default aws.costExplorer.metrics: UnblendedCost,AmortizedCost)
             --group-by  at most two of SERVICE, LINKED_ACCOUNT, REGION, USAGE_TYPE, TAG:key
                         (default aws.costExplorer.groupBy: SERVICE,LINKED_ACCOUNT)
             --dry-run   print the months and how many requests the pull would make, and make no
                         request at all: the payer is aws.costExplorer.billingAccountId, else
                         the payer of the store's earlier pulls; the credentials are not checked
  metrics    daily CloudWatch statistics (GetMetricData) for the resources the bill and the
             inventory name: EC2, CWAgent memory, EBS, load balancers, RDS, NAT gateways, Lambda
             functions (Duration, Invocations, Lambda Insights memory)
             --days      days before today, 1 to 455 (CloudWatch keeps daily datapoints 455 days; default aws.metrics.days: 14)
  inventory  EC2 instances, volumes, Elastic IPs, NAT gateways, ELBv2 load balancers and target
             groups, RDS instances and Lambda functions (memory, architecture, runtime, timeout),
             per account (aws.accounts, assumed roles) and region
  --today    (ce, metrics) the day the pull runs on, YYYY-MM-DD (default: today, UTC): ce fetches open
             months up to it and counts a month closed aws.costExplorer.restatementDays after it
             ends; metrics looks back --days from it
  --wait     seconds to wait while another process writes the store (default 120)
${dbOption(13, 'what is pulled is loaded into it, as an ingest loads a file')}
${configOption(13, 'aws (credentials profile, accounts, regions, costExplorer, metrics)')}
  --verbose  log every AWS call (service, operation, duration, retries) on stderr`;

/** Options every pull takes. */
const COMMON = {
  db: { type: 'string' },
  config: { type: 'string' },
  verbose: { type: 'boolean' },
  wait: { type: 'string' },
} as const;

/** Pulls that look back from a day take `--today YYYY-MM-DD` (default: the UTC date). */
const TODAY = { today: { type: 'string' } } as const;
const todayOf = (value: string | undefined) => (value === undefined ? undefined : parseDay('today', value));

/** `costlens pull ce|metrics|inventory`: thin wrappers over src/aws/pull-*.ts. */
export const pullCommand: Command = {
  name: 'pull',
  summary: 'pull live AWS data: Cost Explorer costs, CloudWatch metrics, resource inventory',
  usage: USAGE,
  async run(args, ctx) {
    const [source, ...rest] = args;
    if (source === 'ce') return pullCe(rest, ctx);
    if (source === 'metrics') return pullMetricsCommand(rest, ctx);
    if (source === 'inventory') return pullInventoryCommand(rest, ctx);
    throw new CostlensError('usage', `pull: say what to pull: ce, metrics or inventory${source ? ` (got "${source}")` : ''}`, { hint: 'run `costlens pull --help`' });
  },
};

function setup(ctx: CommandContext, values: { db?: string; config?: string; verbose?: boolean; wait?: string }) {
  const config: AwsConfig = awsConfigFrom(loadConfig(values.config, ctx.env, ctx.cwd));
  const onCall: AwsCallListener | undefined = values.verbose ? (call) => ctx.stderr.write(`${formatCall(call)}\n`) : undefined;
  return {
    config,
    onCall,
    storePath: resolveStorePath(values.db, ctx.env, ctx.cwd),
    waitMs: integer('wait', values.wait, 120) * 1000,
    onWait: (message: string) => ctx.stderr.write(`${message}\n`),
  };
}

const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);

async function pullCe(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('pull ce', args, {
    ...COMMON, ...TODAY, from: { type: 'string' }, to: { type: 'string' }, 'group-by': { type: 'string' }, metric: { type: 'string' }, 'dry-run': { type: 'boolean' },
  }, false);
  if (!values.from || !values.to) throw new CostlensError('usage', 'pull ce: --from and --to are required', { hint: 'costlens pull ce --from 2026-09-01 --to 2026-12-01' });
  const { from, to } = parseDays({ from: values.from, to: values.to }) as { from: string; to: string };
  const today = todayOf(values.today);
  const common = setup(ctx, values);
  const result = await pullCostExplorer({
    ...common, env: ctx.env, from, to, today,
    groupBy: list(values['group-by']), metrics: list(values.metric), dryRun: values['dry-run'],
  });
  ctx.stdout.write(describeCePull(result, Boolean(values['dry-run'])));
  if (result.ingest) ctx.stdout.write(describeIngest(result.ingest));
  return 0;
}

/** The plan and the requests of a Cost Explorer pull, as printed. */
export function describeCePull(result: CostExplorerPullResult, dryRun: boolean): string {
  const months = (action: string) => result.plan.months.filter((m) => m.action === action).map((m) => m.month);
  const payer = [result.billingAccountId, result.payerNote === null ? null : `(${result.payerNote})`].filter((part) => part !== null).join(' ');
  const lines = [`Cost Explorer, payer ${payer}, grouped by ${result.query.groupBy.join(', ') || 'nothing'}`];
  if (months('fetch').length) lines.push(`  ${dryRun ? 'would fetch' : 'fetched'}: ${months('fetch').join(', ')}`);
  if (months('stored').length) lines.push(`  closed and already stored, not fetched: ${months('stored').join(', ')}`);
  if (months('future').length) lines.push(`  not started yet: ${months('future').join(', ')}`);
  lines.push(ceRequestsText({ requests: dryRun ? result.plannedRequests : result.requests, assumedPayer: result.assumedPayer }, dryRun));
  return `${lines.join('\n')}\n`;
}

function describeIngest(summary: IngestSummary): string {
  const lines = summary.periods.map((p) => `  ${p.billingPeriod}: ${p.rows} rows, BilledCost ${p.billedCost}, EffectiveCost ${p.effectiveCost} (replaced ${p.replacedRows})`);
  for (const t of summary.telemetry) lines.push(`  ${t.rows} rows into ${t.table}`);
  const last = summary.committed ? `ingest ${summary.ingestId} committed to ${summary.store}\n` : describeNothingLoaded(summary.store);
  return `${lines.map((line) => `${line}\n`).join('')}${last}`;
}

async function pullMetricsCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('pull metrics', args, { ...COMMON, ...TODAY, days: { type: 'string' } }, false);
  const today = todayOf(values.today);
  const common = setup(ctx, values);
  // CloudWatch keeps daily (3,600 s and longer) datapoints for 455 days, as aws.metrics.days allows.
  const days = integer('days', values.days, common.config.metrics.days, 1, 455);
  const progress = pullProgress(ctx, 'pull metrics');
  const result = await pullMetrics({ ...common, env: ctx.env, days, today, onProgress: progress.onProgress }).finally(progress.finish);
  ctx.stdout.write(`CloudWatch: ${result.resources} resources, ${result.queries} metric queries in ${result.requests} GetMetricData ${pluralNoun(result.requests, 'request')}, ${result.rows} daily values\n`);
  for (const skipped of result.skipped) ctx.stdout.write(`  skipped: ${skipped}\n`);
  if (result.ingest) ctx.stdout.write(describeIngest(result.ingest));
  return 0;
}

async function pullInventoryCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('pull inventory', args, COMMON, false);
  const common = setup(ctx, values);
  const progress = pullProgress(ctx, 'pull inventory');
  const result = await pullInventory({ ...common, env: ctx.env, onProgress: progress.onProgress }).finally(progress.finish);
  for (const scope of result.scopes) ctx.stdout.write(`  ${scope.account} ${scope.region}: ${scope.resources} resources\n`);
  ctx.stdout.write(`inventory: ${result.resources} resources in ${plural(result.scopes.length, 'account-region')}\n`);
  if (result.ingest) ctx.stdout.write(describeIngest(result.ingest));
  return 0;
}
