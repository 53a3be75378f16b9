import type { Command, CommandContext } from './command.ts';
import { BUG_HINT, CostlensError, messageOf } from '../errors.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { closestMatch } from '../lib/suggest.ts';

/**
 * Commands load lazily so that a command starts with its own modules only. Each summary lives in
 * its command's definition alone: `costlens --help` loads every command to read them.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.ts')).startCommand,
  demo: async () => (await import('./demo.ts')).demoCommand,
  ingest: async () => (await import('./ingest.ts')).ingestCommand,
  attribute: async () => (await import('./attribute.ts')).attributeCommand,
  idle: async () => (await import('./idle.ts')).idleCommand,
  rightsize: async () => (await import('./rightsize.ts')).rightsizeCommand,
  modernise: async () => (await import('./modernise.ts')).moderniseCommand,
  kpi: async () => (await import('./kpi.ts')).kpiCommand,
  anomalies: async () => (await import('./anomalies.ts')).anomaliesCommand,
  explain: async () => (await import('./explain.ts')).explainCommand,
  budgets: async () => (await import('./budgets.ts')).budgetsCommand,
  alerts: async () => (await import('./alerts.ts')).alertsCommand,
  forecast: async () => (await import('./forecast.ts')).forecastCommand,
  commitments: async () => (await import('./commitments.ts')).commitmentsCommand,
  invoice: async () => (await import('./invoice.ts')).invoiceCommand,
  report: async () => (await import('./report.ts')).reportCommand,
  'unit-cost': async () => (await import('./unit-cost.ts')).unitCostCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
  status: async () => (await import('./status.ts')).statusCommand,
  pull: async () => (await import('./pull.ts')).pullCommand,
  'iam-policy': async () => (await import('./iam-policy.ts')).iamPolicyCommand,
  sql: async () => (await import('./sql.ts')).sqlCommand,
  query: async () => (await import('./query.ts')).queryCommand,
};

/** The command list of `costlens --help`: each command's own summary, read from its definition. */
async function helpText(): Promise<string> {
  const commands = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => [name, (await load()).summary] as const));
  const width = Math.max(...commands.map(([name]) => name.length));
  const lines = commands.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
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
    ctx.stdout.write(`${await helpText()}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v' || name === '-V' || name === 'version') {
    ctx.stdout.write(`costlens ${VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    const guess = closestMatch(name, Object.keys(COMMANDS));
    ctx.stderr.write(`costlens: unknown command "${terminalSafe(name)}"\n`
      + `  hint: ${guess ? `did you mean \`costlens ${guess}\`? ` : ''}run \`costlens --help\` to list the commands\n`);
    return 2;
  }
  const command = await load();
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
  ctx.stderr.write(`  hint: ${BUG_HINT}\n`);
  if (ctx.env.COSTLENS_DEBUG) ctx.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return 1;
}

function defaultContext(): CommandContext {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
