import { choice, parseCommandArgs } from './args.ts';
import type { CommandContext } from './command.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../lib/table.ts';

/** Flags every read-only command shares: --db, --format and --wide. */
export const READER_FLAGS = {
  db: { type: 'string' },
  format: { type: 'string' },
  wide: { type: 'boolean' },
} as const;

/** Reads the output format flag (table by default). */
export function outputFormat(value: string | undefined): OutputFormat {
  return choice('format', value, OUTPUT_FORMATS, 'table');
}

/**
 * The width a terminal table is fitted to: $COLUMNS when set, else the terminal's width when
 * stdout is one; undefined (no limit) with --wide or when stdout is a pipe or a file.
 */
export function tableWidth(ctx: CommandContext, wide: boolean | undefined): number | undefined {
  if (wide) return undefined;
  const columns = Number(ctx.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : undefined;
}

export { parseCommandArgs };
