import { choice, parseCommandArgs } from './args.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../lib/table.ts';

/** Flags every read-only command shares: --db and --format. */
export const READER_FLAGS = {
  db: { type: 'string' },
  format: { type: 'string' },
} as const;

/** Reads the output format flag (table by default). */
export function outputFormat(value: string | undefined): OutputFormat {
  return choice('format', value, OUTPUT_FORMATS, 'table');
}

export { parseCommandArgs };
