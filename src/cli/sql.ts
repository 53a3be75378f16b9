import { withStore, resolveStorePath } from '../store/open.ts';
import { runReadOnlySql } from '../store/read-only-sql.ts';
import { CostlensError } from '../errors.ts';
import type { Command } from './command.ts';
import { renderTable, resultToTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'run a read-only SQL statement against the store',
  usage: `costlens sql "SELECT ..." [--format table|csv|json] [--raw-csv] [--wide] [--db FILE]

  Tables: line_items (FOCUS 1.2 columns + x_ columns, Tags MAP), metrics, resources,
  business_metrics, ingests. Only queries run (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW,
  SUMMARIZE, and EXPLAIN of those): anything else is refused (exit code 8), and the store is
  opened read-only with DuckDB confined to it, so no statement reads or writes another file.

  --raw-csv   with --format csv, print cells exactly: by default a text cell starting with
              = + - @ tab or CR gets a leading ' so that a spreadsheet does not run it`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('sql', args, { ...READER_FLAGS, 'raw-csv': { type: 'boolean' } });
    if (positionals.length !== 1) throw new CostlensError('usage', 'sql: give exactly one SQL text (quote it)', { hint: 'costlens sql "SELECT count(*) FROM line_items"' });
    const format = outputFormat(values.format);
    if (values['raw-csv'] && format !== 'csv') throw new CostlensError('usage', '--raw-csv applies to --format csv only');
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const table = await withStore(path, { readOnly: true }, async (store) => resultToTable(await runReadOnlySql(store.connection, positionals[0])));
    ctx.stdout.write(renderTable(table, format, { formulas: values['raw-csv'] ? 'keep' : 'neutralise', width: tableWidth(ctx, values.wide), names: 'asWritten' }));
    return 0;
  },
};
