import { withStore, resolveStorePath } from '../store/open.ts';
import { runReadOnlySql } from '../store/read-only-sql.ts';
import { CostlensError } from '../errors.ts';
import type { Command } from './command.ts';
import { dbOption, formatOption, wideOption } from './common-options.ts';
import { renderTable, resultToTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

const FLAGS = { ...READER_FLAGS, 'raw-csv': { type: 'boolean' } } as const;

const EXAMPLE = 'costlens sql "SELECT count(*) FROM line_items"';

/**
 * Whether an argument that starts with a dash is the SQL text rather than a flag: a flag's name
 * (before any `=`) holds no blank, while SQL that opens with a comment (`-- top services⏎SELECT …`)
 * does, or a line break.
 */
function isSqlText(arg: string): boolean {
  return arg.startsWith('-') && arg !== '--' && /\s/.test(arg.split('=')[0]);
}

/**
 * The arguments with SQL text that starts with a dash moved after `--`, where the parser takes it
 * as the positional it is. A string flag's value (`--db -weird`) stays with its flag.
 */
function sqlTextAsPositional(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  const before = end < 0 ? [...args] : args.slice(0, end);
  const after = end < 0 ? [] : args.slice(end + 1);
  const flags: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const arg = before[i];
    const name = /^--([\w-]+)$/.exec(arg)?.[1];
    if (name !== undefined && FLAGS[name as keyof typeof FLAGS]?.type === 'string' && i + 1 < before.length) {
      flags.push(arg, before[++i]);
    } else if (isSqlText(arg)) {
      texts.push(arg);
    } else {
      flags.push(arg);
    }
  }
  return texts.length === 0 && end < 0 ? [...args] : [...flags, '--', ...texts, ...after];
}

/** Parses the flags; an unknown option gets the hint to put SQL text that starts with a dash after `--`. */
function parseSqlArgs(args: readonly string[]) {
  try {
    return parseCommandArgs('sql', sqlTextAsPositional(args), FLAGS);
  } catch (error) {
    if (!(error instanceof CostlensError) || !/^sql: unknown option /.test(error.message)) throw error;
    throw new CostlensError('usage', error.message, {
      hint: `${error.hint ?? 'run `costlens sql --help` for its options'}; SQL text that starts with a dash goes after --: costlens sql --db FILE -- "-- top services"`,
      cause: error,
    });
  }
}

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'run a read-only SQL statement against the store',
  usage: `costlens sql "SELECT ..." [--format table|csv|json] [--raw-csv] [--wide] [--db FILE]
       costlens sql [options] -- "SQL"

  Tables: line_items (FOCUS 1.2 columns + x_ columns, Tags MAP), metrics, resources,
  business_metrics, ingests, and the rest README's "The store" lists (an SQL error's hint names
  those the store holds). Only queries run (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW,
  SUMMARIZE, and EXPLAIN of those): anything else is refused (exit code 8), and the store is
  opened read-only with DuckDB confined to it, so no statement reads or writes another file.
  One statement: several (SELECT 1; SELECT 2) are a usage error, as is a text of blanks,
  semicolons or comments alone (no SQL statement given).

  SQL that starts with a comment (-- …) is read as SQL when it holds a blank or a line break;
  anything after -- is SQL text, never an option (give the options before --).

${formatOption(14, 'money keeps its exact decimals in each')}
${wideOption(14)}
${dbOption(14, 'opened read-only')}
  --raw-csv   with --format csv, print cells exactly: by default a text cell starting with
              = + - @ tab or CR gets a leading ' so that a spreadsheet does not run it`,
  async run(args, ctx) {
    const { values, positionals } = parseSqlArgs(args);
    if (positionals.length !== 1) {
      const flagsAfter = positionals.some((p) => /^--[\w-]+/.test(p));
      throw new CostlensError('usage', `sql: give exactly one SQL text (quote it); got ${positionals.length}`, {
        hint: flagsAfter ? `options go before --: costlens sql --db FILE -- "SQL"` : EXAMPLE,
      });
    }
    const format = outputFormat(values.format);
    if (values['raw-csv'] && format !== 'csv') throw new CostlensError('usage', '--raw-csv applies to --format csv only');
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const table = await withStore(path, { readOnly: true }, async (store) => resultToTable(await runReadOnlySql(store.connection, positionals[0])));
    ctx.stdout.write(renderTable(table, format, { formulas: values['raw-csv'] ? 'keep' : 'neutralise', width: tableWidth(ctx, values.wide), names: 'asWritten' }));
    return 0;
  },
};
