/**
 * Every option a command parses is in its --help: `costlens invoice --help` left out --verbose and
 * --config, `costlens budgets --help` --verbose, though both took them (with --engine athena,
 * --verbose prints the data Athena scanned). Each command's parseCommandArgs options are caught as
 * it parses (then it stops), and each must be in the synopsis or an option line of its usage text.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { textSink } from '../helpers/cli.ts';
import { helpFlags } from './readme-matches-help.ts';

const parsed = vi.hoisted(() => ({ capturing: false, options: [] as { command: string; flags: string[] }[] }));

/** Thrown once a command's options are caught, so that it stops before doing anything. */
class OptionsCaught extends Error {}

// The suite's workers run file after file without re-importing (vitest.config.ts, isolate: false), so
// this mock outlives the file: outside a capture it is the real parseCommandArgs. For the same reason
// the commands may already be loaded, bound to the real module, by an earlier file in this worker:
// main is imported afresh after vi.resetModules() (beforeAll), so that they bind to this mock.
vi.mock('../../src/cli/args.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/cli/args.ts')>();
  return {
    ...original,
    parseCommandArgs: (...call: Parameters<typeof original.parseCommandArgs>) => {
      if (!parsed.capturing) return original.parseCommandArgs(...call);
      const [command, , options] = call as unknown as [string, string[], Record<string, { short?: string }>];
      const flags = Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
      parsed.options.push({ command, flags });
      throw new OptionsCaught(command);
    },
  };
});

let main: typeof import('../../src/cli/main.ts').main;

beforeAll(async () => {
  vi.resetModules();
  ({ main } = await import('../../src/cli/main.ts'));
});

/** Runs `costlens ARGS` in this process: its exit code and stdout. */
async function run(...args: string[]): Promise<{ code: number; stdout: string }> {
  const out = textSink();
  const code = await main(args, { stdout: out.stream, stderr: textSink().stream, env: { ...process.env, COSTLENS_DB: '/nonexistent/store.duckdb' }, cwd: process.cwd() });
  return { code, stdout: out.text() };
}

/** The commands `costlens --help` lists. */
async function commands(): Promise<string[]> {
  const help = (await run('--help')).stdout;
  const start = help.indexOf('Commands:\n') + 'Commands:\n'.length;
  return help.slice(start, help.indexOf('\n\n', start)).split('\n').map((line) => line.trim().split(/\s+/)[0]);
}

/** The arguments that bring each command to its parse (pull parses per source). */
const RUNS: Record<string, string[][]> = { pull: [['ce'], ['metrics'], ['inventory']] };

describe('every option a command parses is in its --help', () => {
  it('each command, each parse: its options against the synopsis and option lines of its usage', async () => {
    const names = await commands();
    expect(names).toEqual(expect.arrayContaining(['invoice', 'budgets', 'pull', 'sql']));
    const unlisted: Record<string, string[]> = {};
    for (const name of names) {
      const usage = (await run(name, '--help')).stdout.split('\nUsage: ')[1];
      const listed = new Set(helpFlags(usage));
      for (const args of RUNS[name] ?? [[]]) {
        parsed.options = [];
        parsed.capturing = true;
        try {
          await run(name, ...args);
        } finally {
          parsed.capturing = false;
        }
        expect(parsed.options.length, `costlens ${name} ${args.join(' ')} parses its options`).toBe(1);
        const [{ command, flags }] = parsed.options;
        const missing = flags.filter((flag) => !listed.has(flag));
        if (missing.length > 0) unlisted[command] = missing;
      }
    }
    expect(unlisted).toEqual({});
  });

  it('pull inventory says what it reads: Lambda functions among them', async () => {
    const usage = (await run('pull', '--help')).stdout;
    const inventory = usage.slice(usage.indexOf('\n  inventory '), usage.indexOf('\n  --today'));
    expect(inventory.replace(/\s+/g, ' ')).toContain('Lambda functions');
  });
});
