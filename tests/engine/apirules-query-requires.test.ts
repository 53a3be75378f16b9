/**
 * `@requires` lines of query headers (src/engine/query-requires.ts, parsed by queries.ts): read
 * into the registry, refused at load with the file and line when they do not fit the parameters,
 * held equal between a query and its Athena twin, and checked by bindParams (the one check of
 * `costlens query`, the engines and the query API) with a usage error naming the parameter.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindParams } from '../../src/engine/duckdb.ts';
import { crossParamFault, parseQueryFile } from '../../src/engine/queries.ts';
import { QueryRegistry, queryRegistry, type QueryFiles } from '../../src/engine/query-registry.ts';

const DIR = '/q';
const HEAD = '-- Spend by one dimension.\n'
  + '-- @param dimension VARCHAR = service  one_of=service,tag  what to group by\n'
  + '-- @param tag_key VARCHAR = -  the tag key\n'
  + '-- @param tag_filter VARCHAR[] = []  only these values\n'
  + '-- @param top INTEGER = 5  min=1 max=9  how many\n';
const TAIL = '-- @returns n INTEGER\nSELECT 1 AS n, $dimension AS d, $tag_key AS k, $tag_filter AS f, $top AS t\n';
const GOOD = `${HEAD}-- @requires tag_key when dimension=tag  the tag key to group by\n-- @requires tag_key when tag_filter  the tag key whose values tag_filter lists\n${TAIL}`;

function files(map: Record<string, string>): QueryFiles {
  return { list: () => Object.keys(map).sort(), read: (path) => map[path] };
}

function loadError(map: Record<string, string>): { code: string; message: string } {
  try {
    QueryRegistry.load(DIR, files(map));
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the registry to refuse the files');
}

function usageError(run: () => unknown): { code: string; message: string; hint?: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error('expected a usage error');
}

describe('@requires in query headers', () => {
  it('is parsed into the registry in header order, with its values and description', () => {
    const query = QueryRegistry.load(DIR, files({ 'a/q.sql': GOOD })).find('a/q');
    expect(query.requires).toEqual([
      { param: 'tag_key', when: 'dimension', values: ['tag'], description: 'the tag key to group by' },
      { param: 'tag_key', when: 'tag_filter', description: 'the tag key whose values tag_filter lists' },
    ]);
    expect(parseQueryFile('a/q', '/q/a/q.sql', `${HEAD}${TAIL}`).requires).toEqual([]);
  });

  it('bindParams refuses a value that calls for the parameter when it holds none of its own (not given, its default, blank)', () => {
    const query = QueryRegistry.load(DIR, files({ 'a/q.sql': GOOD })).find('a/q');
    for (const [raw, needs] of [
      [{ dimension: 'tag' }, 'dimension=tag: give the tag key to group by'],
      [{ dimension: 'tag', tag_key: '-' }, 'dimension=tag: give the tag key to group by'],
      [{ dimension: 'tag', tag_key: '  ' }, 'dimension=tag: give the tag key to group by'],
      [{ tag_filter: '["a"]' }, 'tag_filter: give the tag key whose values tag_filter lists'],
    ] as const) {
      const error = usageError(() => bindParams(query, raw));
      expect([error.code, error.message], JSON.stringify(raw)).toEqual(['usage', `parameter "tag_key" of a/q is needed with ${needs}`]);
      expect(error.hint).toBe('tag_key: the tag key');
    }
    for (const raw of [{}, { dimension: 'service' }, { tag_filter: '[]' }, { dimension: 'tag', tag_key: 'team' }, { tag_key: 'team', tag_filter: '["a"]' }]) {
      expect(() => bindParams(query, raw), JSON.stringify(raw)).not.toThrow();
    }
    expect(crossParamFault(query, { dimension: 'tag', tag_key: '-', tag_filter: '[]', top: '5' })?.param.name).toBe('tag_key');
  });

  it('a line that does not fit the parameters is refused at load, naming the file and line', () => {
    const at = (line: number) => `${join(DIR, 'a/bad.sql')}:${line}: `;
    const cases: [string, string][] = [
      ['-- @requires tag_key if dimension=tag', `${at(6)}malformed @requires`],
      ['-- @requires tag_kee when dimension=tag', `${at(6)}@requires tag_kee when dimension=tag: no @param declares tag_kee`],
      ['-- @requires tag_key when dimensions=tag', `${at(6)}@requires tag_key when dimensions=tag: no @param declares dimensions`],
      ['-- @requires tag_key when dimension=tags', `${at(6)}@requires tag_key when dimension=tags: "tags" is not a value dimension can take (it must be one of service, tag)`],
      ['-- @requires tag_key when top=10', `${at(6)}@requires tag_key when top=10: "10" is not a value top can take (it must be between 1 and 9)`],
      ['-- @requires tag_key when dimension=tag,', `${at(6)}@requires tag_key when dimension=: lists an empty value ("tag,")`],
      ['-- @requires tag_key when tag_filter=a', `${at(6)}@requires tag_key when tag_filter=a: tag_filter is a list: write "when tag_filter"`],
      ['-- @requires tag_key when tag_key', `${at(6)}@requires tag_key when tag_key: a parameter cannot require itself`],
      ['-- @requires tag_key when dimension=tag\n-- @requires tag_key when dimension=tag', `${at(7)}@requires tag_key when dimension=tag: is declared twice`],
    ];
    for (const [line, message] of cases) {
      const error = loadError({ 'a/bad.sql': `${HEAD}${line}\n${TAIL}` });
      expect(error.code, line).toBe('config');
      expect(error.message.startsWith(message), `${error.message} should start with ${message}`).toBe(true);
    }
    const required = loadError({ 'a/bad.sql': `-- x\n-- @param start DATE  first day\n-- @param dimension VARCHAR = service  what\n-- @requires start when dimension=tag\n${TAIL.replace(/, \$.*/, '')}\n` });
    expect(required.message).toBe(`${at(4)}@requires start when dimension=tag: start has no default, so it is always required`);
  });

  it('an Athena twin must carry the same @requires lines', () => {
    const error = loadError({ 'a/q.sql': GOOD, 'a/q.athena.sql': GOOD.replace(/-- @requires tag_key when tag_filter.*\n/, '') });
    expect(error.message).toBe(`${join(DIR, 'a/q.athena.sql')}: its @requires lines differ from ${join(DIR, 'a/q.sql')}`);
  });

  it('explore/spend_by and explore/daily_spend_by (and their twins) require tag_key with dimension=tag and with tag_filter', () => {
    const registry = queryRegistry();
    for (const name of ['explore/spend_by', 'explore/daily_spend_by']) {
      for (const query of [registry.find(name), registry.twinOf(name)!]) {
        expect(query.requires?.map((r) => [r.param, r.when, r.values]), query.path).toEqual([['tag_key', 'dimension', ['tag']], ['tag_key', 'tag_filter', undefined]]);
      }
    }
  });
});
