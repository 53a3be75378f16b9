import { queryRegistry } from '../engine/query-registry.ts';
import { bindParams, runNamedQuery, type RawParams } from '../engine/duckdb.ts';
import type { NamedQuery } from '../engine/queries.ts';
import { resolveStorePath, withStore } from '../store/open.ts';
import { CostlensError } from '../errors.ts';
import type { Command } from './command.ts';
import { dbOption, formatOption, wideOption } from './common-options.ts';
import { closestMatch } from '../lib/suggest.ts';
import { renderTable, resultToTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

/** The one query name among the positionals; a `k=v` among them is a parameter given without `--param`: a usage error naming it. */
function queryName(positionals: readonly string[]): string {
  const pairs = positionals.filter((p) => p.includes('='));
  const names = positionals.filter((p) => !p.includes('='));
  if (pairs.length > 0) {
    throw new CostlensError('usage', `query: "${pairs[0]}" is not a query name: give parameters with --param`, {
      hint: `costlens query ${names[0] ?? 'NAME'} ${pairs.map((p) => `--param ${p}`).join(' ')}`,
    });
  }
  if (names.length !== 1) throw new CostlensError('usage', 'query: give one query name', { hint: 'costlens query --list' });
  return names[0];
}

/**
 * The `--param k=v` pairs as raw values, each parameter once and declared by the query: a pair
 * without `=`, a parameter given twice (which value was meant?) or one the query does not declare
 * (with the closest it does, `tops` → `top`) is a usage error naming it.
 */
function rawParams(query: NamedQuery, pairs: readonly string[]): RawParams {
  const raw = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CostlensError('usage', `--param must be key=value; got "${pair}"`, {
      hint: query.params.length ? `e.g. --param ${query.params[0].name}=VALUE` : `${query.name} takes no parameters`,
    });
    const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
    if (raw.has(name)) {
      throw new CostlensError('usage', `--param ${name} is given twice ("${raw.get(name)}", then "${value}")`, { hint: `give each parameter once: --param ${name}=${raw.get(name)} or --param ${name}=${value}` });
    }
    const declared = query.params.map((p) => p.name);
    if (!declared.includes(name)) {
      const meant = closestMatch(name, declared);
      const list = declared.length ? `its parameters: ${declared.join(', ')}` : 'it takes no parameters';
      throw new CostlensError('usage', `query ${query.name} has no parameter "${name}"`, { hint: meant ? `did you mean --param ${meant}=${value}? ${list}` : list });
    }
    raw.set(name, value);
  }
  return Object.fromEntries(raw);
}

export const queryCommand: Command = {
  name: 'query',
  summary: 'run a named query from queries/ with bound parameters',
  usage: `costlens query NAME [--param k=v ...] [--format table|csv|json] [--wide] [--db FILE]
costlens query --list

  NAME      a file in queries/ as area/name (or name alone when unique), e.g. store/spend_by_service
  --param   a parameter the query declares in its header (@param), each once; values are bound, never spliced
  --list    list the queries with their parameters
${formatOption(12, 'money keeps its exact decimals in each')}
${wideOption(12)}
${dbOption(12, 'opened read-only')}`,
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
    const query = queryRegistry().find(queryName(positionals));
    const raw = rawParams(query, values.param ?? []);
    const format = outputFormat(values.format);
    bindParams(query, raw); // a parameter it refuses is refused before the store is opened
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const table = await withStore(path, { readOnly: true }, async (store) => resultToTable(await runNamedQuery(store.connection, query, raw)));
    ctx.stdout.write(renderTable(table, format, { width: tableWidth(ctx, values.wide), names: 'asWritten' }));
    return 0;
  },
};
