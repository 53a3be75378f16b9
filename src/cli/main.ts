import type { Command, CommandContext } from './command.ts';
import { CostlensError, messageOf } from '../errors.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { closestMatch } from '../lib/suggest.ts';

/** Commands load lazily so `costlens --help` and small commands start fast. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  start: { summary: 'first run: generate and ingest the demo (once), then summarise the store', load: async () => (await import('./start.ts')).startCommand },
  demo: { summary: 'write a deterministic demo organisation in real AWS billing formats', load: async () => (await import('./demo.ts')).demoCommand },
  ingest: { summary: 'load CUR, CUR 2.0, FOCUS, metrics and inventory files into the store', load: async () => (await import('./ingest.ts')).ingestCommand },
  attribute: { summary: 'attribute spend by a cost-allocation tag, with untagged and shared costs split by rule', load: async () => (await import('./attribute.ts')).attributeCommand },
  idle: { summary: 'idle resources with evidence, rule and monthly cost from the bill', load: async () => (await import('./idle.ts')).idleCommand },
  rightsize: { summary: 'EC2/RDS rightsizing and Lambda memory recommendations priced from the bill', load: async () => (await import('./rightsize.ts')).rightsizeCommand },
  modernise: { summary: 'modernisation findings from the bill: gp2/io1 volumes, older-generation and Graviton-twin instances, old RDS classes, old snapshots', load: async () => (await import('./modernise.ts')).moderniseCommand },
  kpi: { summary: 'efficiency KPIs per month and account: % Spot, % Graviton, % current generation (EC2 hours and cost), gp3 share of EBS', load: async () => (await import('./kpi.ts')).kpiCommand },
  anomalies: { summary: 'days whose spend departs from the trailing median', load: async () => (await import('./anomalies.ts')).anomaliesCommand },
  explain: { summary: 'why cost moved between two equal spans: drivers by service, usage type and resource, split into volume, rate, new and gone, to the cent', load: async () => (await import('./explain.ts')).explainCommand },
  budgets: { summary: 'each budget of the config: actual to date, forecast for the period end, share, thresholds crossed and since when', load: async () => (await import('./budgets.ts')).budgetsCommand },
  alerts: { summary: 'alerts check: send each budget threshold crossed, once per channel (e-mail, webhook), with its top drivers', load: async () => (await import('./alerts.ts')).alertsCommand },
  forecast: { summary: 'month-end forecast with a low/high band', load: async () => (await import('./forecast.ts')).forecastCommand },
  commitments: { summary: 'Reserved Instances and Savings Plans: utilisation, unused cost, coverage, savings, expiry, purchase advice', load: async () => (await import('./commitments.ts')).commitmentsCommand },
  invoice: { summary: 'the invoice per billing period by charge class: billed, amortised and net amortised, to the cent', load: async () => (await import('./invoice.ts')).invoiceCommand },
  report: { summary: 'the weekly cost report by e-mail: finance, engineering and one per team', load: async () => (await import('./report.ts')).reportCommand },
  'unit-cost': { summary: 'cost per business unit (orders, requests) per day or week', load: async () => (await import('./unit-cost.ts')).unitCostCommand },
  serve: { summary: 'serve the dashboards and the query API (Hono) on http://127.0.0.1:8787', load: async () => (await import('./serve.ts')).serveCommand },
  migrate: { summary: 'bring a store written by an older costlens up to this version\'s schema', load: async () => (await import('./migrate.ts')).migrateCommand },
  status: { summary: 'show what the store holds per source and billing period', load: async () => (await import('./status.ts')).statusCommand },
  pull: { summary: 'pull live AWS data: Cost Explorer costs, CloudWatch metrics, resource inventory', load: async () => (await import('./pull.ts')).pullCommand },
  'iam-policy': { summary: 'print the least-privilege IAM policy for the configured AWS features', load: async () => (await import('./iam-policy.ts')).iamPolicyCommand },
  sql: { summary: 'run a read-only SQL statement against the store', load: async () => (await import('./sql.ts')).sqlCommand },
  query: { summary: 'run a named query from queries/ with bound parameters', load: async () => (await import('./query.ts')).queryCommand },
};

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'costlens — AWS cost and usage analytics on DuckDB',
    '',
    'Usage: costlens <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `costlens help <command>` (or `costlens <command> --help`) for a command\'s options;',
    '`costlens --version` (-v) prints the version.',
    'The store is --db FILE, else $COSTLENS_DB, else data/costlens.duckdb.',
  ].join('\n');
}

/** The version `costlens --version` / `-v` prints. */
export const VERSION = '0.1.0';

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function main(argv: string[], ctx: CommandContext = defaultContext()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest.length > 0) return main([rest[0], '--help'], ctx);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(helpText() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v' || name === '-V' || name === 'version') {
    ctx.stdout.write(`costlens ${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    const guess = closestMatch(name, Object.keys(COMMANDS));
    ctx.stderr.write(`costlens: unknown command "${terminalSafe(name)}"\n`
      + `  hint: ${guess ? `did you mean \`costlens ${guess}\`? ` : ''}run \`costlens --help\` to list the commands\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    return reportError(error, ctx, name);
  }
}

/**
 * Prints an error as one line (and a hint line) on stderr and picks the exit code. Messages may
 * quote data (a tag value, the SQL given): control characters in them are shown as escapes.
 */
export function reportError(error: unknown, ctx: CommandContext, command?: string): number {
  if (error instanceof CostlensError) {
    ctx.stderr.write(`costlens: ${terminalSafe(error.message.split('\n')[0])}\n`);
    const hint = error.hint ?? (error.code === 'usage' && command ? `run \`costlens ${command} --help\` for its options` : undefined);
    if (hint) ctx.stderr.write(`  hint: ${terminalSafe(hint)}\n`);
    if (ctx.env.COSTLENS_DEBUG && error.cause) ctx.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  ctx.stderr.write(`costlens: unexpected error: ${terminalSafe(messageOf(error).split('\n')[0])}\n`);
  ctx.stderr.write(`  hint: this is a bug; rerun with COSTLENS_DEBUG=1 for the stack and report it\n`);
  if (ctx.env.COSTLENS_DEBUG) ctx.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return 1;
}

function defaultContext(): CommandContext {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
