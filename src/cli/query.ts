import { queryRegistry } from '../engine/query-registry.ts';
import { bindParams, runNamedQuery, type RawParams } from '../engine/duckdb.ts';
import { resolveStorePath, withStore } from '../store/open.ts';
import { CostlensError } from '../errors.ts';
import type { Command } from './command.ts';
import { renderTable, resultToTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

export const queryCommand: Command = {
  name: 'query',
  summary: 'run a named query from queries/ with bound parameters',
  usage: `costlens query NAME [--param k=v ...] [--format table|csv|json] [--wide] [--db FILE]
costlens query --list

  NAME      a file in queries/ as area/name (or name alone when unique), e.g. store/spend_by_service
  --param   a parameter the query declares in its header (@param); values are bound, never spliced
  --list    list the queries with their parameters`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('query', args, {
      ...READER_FLAGS,
      param: { type: 'string', multiple: true },
      list: { type: 'boolean' },
    });
    if (values.list) {
      for (const q of queryRegistry().queries) {
        const params = q.params.map((p) => `${p.name}:${p.type}${p.defaultValue ? `=${p.defaultValue}` : ''}${p.rule?.oneOf ? `(${p.rule.oneOf.join('|')})` : ''}`).join(' ');
        ctx.stdout.write(`${q.name}${params ? `  [${params}]` : ''}\n  ${q.description}\n`);
      }
      return 0;
    }
    if (positionals.length !== 1) throw new CostlensError('usage', 'query: give one query name', { hint: 'costlens query --list' });
    const query = queryRegistry().find(positionals[0]);
    const raw: RawParams = {};
    for (const pair of values.param ?? []) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new CostlensError('usage', `--param must be key=value; got "${pair}"`);
      raw[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const format = outputFormat(values.format);
    bindParams(query, raw); // a parameter it refuses is refused before the store is opened
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const table = await withStore(path, { readOnly: true }, async (store) => resultToTable(await runNamedQuery(store.connection, query, raw)));
    ctx.stdout.write(renderTable(table, format, { width: tableWidth(ctx, values.wide), names: 'asWritten' }));
    return 0;
  },
};
