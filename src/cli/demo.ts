import { resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { integer, parseCommandArgs } from './args.ts';
import { parseDay } from '../analyze/billing-calendar.ts';
import { CostlensError } from '../errors.ts';
import { generateDemo } from '../demo/index.ts';
import { prepareOutFolder } from './out-folder.ts';
import { ProgressReporter } from './progress.ts';

const USAGE = 'costlens demo [--out DIR] [--seed N] [--months N] [--scale N] [--as-of YYYY-MM-DD]';

/** The hint of an output folder for the demo that cannot be one (`demo --out`, `start --demo-dir`). */
export const DEMO_DIR_HINT = 'give a folder, existing or not (it is created); the demo is written into it, replacing a previous demo there';

/** Parses a positive number flag (scale may be fractional, e.g. 0.5). */
function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new CostlensError('usage', `--${flag} must be a number above 0 and at most 1000; got "${value}"`);
  return n;
}

/** Validates `--as-of` as a calendar date. */
function asOfDate(value: string | undefined): string | undefined {
  return value === undefined ? undefined : parseDay('as-of', value);
}

/** `costlens demo`: writes the deterministic demo organisation in real AWS billing formats. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'write a deterministic demo organisation in real AWS billing formats',
  usage: `${USAGE}

  --out DIR          output folder (default data/demo); a previous demo there is replaced
  --seed N           random seed (default 42)
  --months N         billing periods ending with the month of --as-of (default 3)
  --scale N          resource multiplier; 1 ≈ 100k line items per month (default 1)
  --as-of DATE       usage up to the end of the day before (default today, UTC)

  Progress on stderr: a line per billing period written; on a terminal also a status line
  redrawn in place, otherwise a line every 10 s while it works.`,
  async run(args: string[], ctx: CommandContext): Promise<number> {
    const { values, positionals } = parseCommandArgs('demo', args, {
      out: { type: 'string' },
      seed: { type: 'string' },
      months: { type: 'string' },
      scale: { type: 'string' },
      'as-of': { type: 'string' },
    }, false);
    if (positionals.length > 0) throw new CostlensError('usage', `demo: unexpected argument "${positionals[0]}"`, { hint: `usage: ${USAGE}` });
    const seed = integer('seed', values.seed, 42, 0);
    const months = integer('months', values.months, 3, 1);
    if (months > 36) throw new CostlensError('usage', `--months must be at most 36; got "${values.months}"`);
    const scale = positiveNumber('scale', values.scale, 1);
    const asOf = asOfDate(values['as-of']);
    const outDir = resolve(ctx.cwd, values.out ?? 'data/demo');
    prepareOutFolder(outDir, { command: 'demo', flag: `--out ${values.out ?? 'data/demo (the default)'}`, purpose: 'the demo', hint: DEMO_DIR_HINT });
    const progress = new ProgressReporter(ctx.stderr, { tty: Boolean(ctx.stderr.isTTY), name: 'demo', width: ctx.stderr.columns });
    progress.update({ phase: 'generate', item: outDir });
    const summary = await generateDemo({
      outDir, seed, months, scale, asOf,
      onProgress: (msg) => {
        progress.log(`demo: ${msg}`);
        progress.update({ phase: 'generate', item: msg.split(':')[0] });
      },
    }).finally(() => progress.finish());
    const lines = [
      `demo written to ${summary.outDir} (seed ${summary.seed}, scale ${summary.scale}, as of ${summary.asOf}, ${summary.seconds.toFixed(1)} s)`,
      ...summary.periods.map((p) => `  ${p.period}  ${String(p.rows).padStart(9)} line items  BilledCost ${p.billedCost} USD`),
      `  legacy CUR:  ${summary.outDir}/legacy-cur/reports/costlens-demo/`,
      `  CUR 2.0:     ${summary.outDir}/cur2/exports/costlens-demo-cur2/`,
      `  metrics, inventory, business metrics and truth.json in ${summary.outDir}`,
    ];
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
