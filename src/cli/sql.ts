import { withStore, resolveStorePath } from '../store/open.ts';
import { runReadOnlySql } from '../store/read-only-sql.ts';
import { CostlensError } from '../errors.ts';
import type { Command } from './command.ts';
import { renderTable, resultToTable } from './output.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs } from './store-reader.ts';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'run a read-only SQL statement against the store',
  usage: `costlens sql "SELECT ..." [--format table|csv|json] [--db FILE]

  Tables: line_items (FOCUS 1.2 columns + x_ columns, Tags MAP), metrics, resources,
  business_metrics, ingests. Only SELECT (and EXPLAIN) statements run: anything that writes
  is refused, and the store is opened read-only.`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('sql', args, READER_FLAGS);
    if (positionals.length !== 1) throw new CostlensError('usage', 'sql: give exactly one SQL text (quote it)', { hint: 'costlens sql "SELECT count(*) FROM line_items"' });
    const format = outputFormat(values.format);
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const table = await withStore(path, { readOnly: true }, async (store) => resultToTable(await runReadOnlySql(store.connection, positionals[0])));
    ctx.stdout.write(renderTable(table, format));
    return 0;
  },
};
