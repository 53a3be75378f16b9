/**
 * The one query registry (src/engine/query-registry.ts): files read once, headers checked at load
 * with errors naming the file and line, structured parameter rules enforced by bindParams, twins
 * held to their portable query's header.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindParams } from '../../src/engine/duckdb.ts';
import { listCell } from '../../src/engine/engine.ts';
import { QUERIES_DIR } from '../../src/engine/queries.ts';
import { QueryRegistry, folderFiles, queryRegistry, type QueryFiles } from '../../src/engine/query-registry.ts';
import type { CostlensError } from '../../src/errors.ts';

const DIR = '/q';

/** Files served from memory, with every read counted. */
function memoryFiles(files: Record<string, string>): QueryFiles & { reads: string[]; lists: number } {
  const counted = {
    reads: [] as string[],
    lists: 0,
    list() {
      counted.lists += 1;
      return Object.keys(files).sort();
    },
    read(path: string) {
      counted.reads.push(path);
      return files[path];
    },
  };
  return counted;
}

/** The error `QueryRegistry.load` throws for these files. */
function loadError(files: Record<string, string>): { code?: string; message: string; hint?: string } {
  try {
    QueryRegistry.load(DIR, memoryFiles(files));
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error('expected the registry to refuse the files');
}

const GOOD = '-- Spend per service.\n-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum\n-- @param top INTEGER = 10  min=1 max=100  how many\n-- @returns service INTEGER, cost VARCHAR\nSELECT 1 AS service, $cost AS cost, $top AS top\n';

describe('the query registry', () => {
  it('reads every file exactly once, whatever is looked up afterwards', () => {
    const files = memoryFiles({
      'a/spend.sql': GOOD,
      'a/spend.athena.sql': GOOD.replace('SELECT 1', 'SELECT 2'),
      'shared/ones.cte.sql': 'ones AS (SELECT 1 AS one)',
      'b/ones.sql': '-- Ones.\n-- @returns one INTEGER\nWITH\n-- @include ../shared/ones.cte.sql\nx AS (SELECT one FROM ones)\nSELECT one FROM x\n',
    });
    const registry = QueryRegistry.load(DIR, files);
    for (let i = 0; i < 3; i++) {
      registry.find('a/spend');
      registry.find('spend');
      registry.athenaForm('a/spend');
      registry.find('b/ones');
    }
    expect(files.lists).toBe(1);
    expect(files.reads.sort()).toEqual(['a/spend.athena.sql', 'a/spend.sql', 'b/ones.sql', 'shared/ones.cte.sql']);
    expect(registry.queries.map((q) => q.name)).toEqual(['a/spend', 'b/ones']);
    expect(registry.athenaForm('spend').sql).toContain('SELECT 2');
    expect(registry.find('b/ones').sql).toContain('ones AS (SELECT 1 AS one),\nx AS');
  });

  it('includes in a row, the last just before the SELECT: each but the last is followed by a comma', () => {
    const registry = QueryRegistry.load(DIR, memoryFiles({
      'shared/ones.cte.sql': 'ones AS (SELECT 1 AS one)',
      'shared/twos.cte.sql': 'twos AS (SELECT 2 AS two)\n',
      'b/sum.sql': '-- Sum.\n-- @returns total INTEGER\nWITH\n-- @include ../shared/ones.cte.sql\n-- @include ../shared/twos.cte.sql\n-- the answer\nSELECT one + two AS total FROM ones, twos\n',
    }));
    expect(registry.find('b/sum').sql).toBe('-- Sum.\n-- @returns total INTEGER\nWITH\nones AS (SELECT 1 AS one),\ntwos AS (SELECT 2 AS two)\n-- the answer\nSELECT one + two AS total FROM ones, twos\n');
  });

  it('the shipped queries/ is loaded once per process and shared (CLI, server and engines ask the same object)', () => {
    expect(queryRegistry()).toBe(queryRegistry(QUERIES_DIR));
    expect(queryRegistry().queries.length).toBeGreaterThan(50);
    // Every shipped file loads through the checks (twins included).
    expect(() => QueryRegistry.load(QUERIES_DIR, folderFiles(QUERIES_DIR))).not.toThrow();
  });

  it('parses structured rules into fields; the description keeps the prose only', () => {
    const [cost, top] = QueryRegistry.load(DIR, memoryFiles({ 'a/spend.sql': GOOD })).find('a/spend').params;
    expect(cost).toEqual({ name: 'cost', type: 'VARCHAR', defaultValue: 'billed', description: 'the cost to sum', rule: { oneOf: ['billed', 'effective'] } });
    expect(top).toEqual({ name: 'top', type: 'INTEGER', defaultValue: '10', description: 'how many', rule: { min: 1, max: 100 } });
  });

  it('a malformed header names the file and the line', () => {
    const at = (line: number) => `${join(DIR, 'a/bad.sql')}:${line}: `;
    const cases: [string, string][] = [
      ['-- x\n-- @param 9lives VARCHAR  bad name\n-- @returns n INTEGER\nSELECT 1 AS n', `${at(2)}malformed @param`],
      ['-- x\n-- @param n VARCHR  typo\n-- @returns n INTEGER\nSELECT 1 AS n', `${at(2)}@param n has unknown type VARCHR`],
      ['-- x\n-- @param n VARCHAR  one_off=a,b  typo\n-- @returns n INTEGER\nSELECT 1 AS n', `${at(2)}@param n: unknown rule one_off=`],
      ['-- x\n\n-- @param n INTEGER = 5  one_of=5,6  wrong type\n-- @returns n INTEGER\nSELECT 1 AS n', `${at(3)}@param n: rule one_of= applies to VARCHAR, not INTEGER`],
      ['-- x\n-- @param n INTEGER = 500  min=1 max=100  how many\n-- @returns n INTEGER\nSELECT 1 AS n', `${at(2)}@param n: the default "500" is not between 1 and 100`],
      ['-- x\n-- @param n INTEGER = 5  min=10 max=1  backwards\n-- @returns n INTEGER\nSELECT 1 AS n', `${at(2)}@param n: min=10 is above max=1`],
      ['-- x\n-- @param n VARCHAR\n-- @param n VARCHAR\n-- @returns n INTEGER\nSELECT 1 AS n', `${at(3)}@param n is declared twice`],
      ['-- x\n-- @retruns n\nSELECT 1 AS n', `${at(2)}unknown header field @retruns`],
      ['-- x\n-- @returns n INTEGER, 2bad INTEGER\nSELECT 1 AS n', `${at(2)}@returns must list columns with their types (name TYPE) separated by commas; got "2bad INTEGER"`],
      ['-- x\n-- @returns n\nSELECT 1 AS n', `${at(2)}@returns must list columns with their types (name TYPE) separated by commas; got "n"`],
      ['-- x\n-- @returns n NUMERIC\nSELECT 1 AS n', `${at(2)}@returns n has unknown type NUMERIC (use VARCHAR, DATE, TIMESTAMP, BIGINT, INTEGER, DOUBLE, DECIMAL, BOOLEAN)`],
      ['-- x\n-- @returns n INTEGER, n BIGINT\nSELECT 1 AS n', `${at(2)}@returns lists n twice`],
      ['-- x\n-- @returns\nSELECT 1 AS n', `${at(2)}@returns must list columns with their types`],
    ];
    for (const [text, message] of cases) {
      const error = loadError({ 'a/ok.sql': GOOD, 'a/bad.sql': text });
      expect(error.code, message).toBe('config');
      expect(error.message.startsWith(message), `${error.message} should start with ${message}`).toBe(true);
      expect(error.hint).toBeTruthy();
    }
  });

  it('a rule still written in prose (the old header style) is refused, naming the file, line and the field to write', () => {
    const error = loadError({ 'a/old.sql': '-- x\n-- @param cost VARCHAR = billed  the cost to sum (one of: billed, effective)\n-- @returns n INTEGER\nSELECT $cost AS n' });
    expect(error.message).toBe(`${join(DIR, 'a/old.sql')}:2: @param cost states the rule "(one of: billed, effective)" in prose; write it as a field (one_of=a,b or min=N max=N) after the default`);
    expect(loadError({ 'a/old.sql': '-- x\n-- @param top INTEGER = 10  how many (1 to 100)\n-- @returns n INTEGER\nSELECT $top AS n' }).message).toContain(':2: @param top states the rule "(1 to 100)" in prose');
  });

  it('checks the whole folder: @returns, declared parameters, includes, twins', () => {
    expect(loadError({ 'a/q.sql': '-- x\nSELECT 1 AS n' }).message).toBe(`${join(DIR, 'a/q.sql')}: no @returns line`);
    expect(loadError({ 'a/q.sql': '-- x\n-- @returns n INTEGER\nSELECT $nope AS n' }).message).toBe(`${join(DIR, 'a/q.sql')}: binds $nope without a @param line`);
    expect(loadError({ 'a/q.sql': '-- x\n-- @returns n INTEGER\nWITH\n-- @include missing.cte.sql\ny AS (SELECT 1 AS n)\nSELECT n FROM y' }).message).toMatch(/^\/q\/a\/q\.sql:4: @include missing\.cte\.sql: no CTE fragment/);
    expect(loadError({ 'a/q.athena.sql': GOOD }).message).toBe(`${join(DIR, 'a/q.athena.sql')}: an Athena twin without its portable query a/q.sql`);
    expect(loadError({ 'a/spend.sql': GOOD, 'a/spend.athena.sql': GOOD.replace('max=100', 'max=50') }).message).toBe(`${join(DIR, 'a/spend.athena.sql')}: its @param lines differ from ${join(DIR, 'a/spend.sql')}`);
    expect(loadError({ 'a/spend.sql': GOOD, 'a/spend.athena.sql': GOOD.replace('service INTEGER, cost VARCHAR', 'service INTEGER') }).message).toBe(`${join(DIR, 'a/spend.athena.sql')}: its @returns differ from ${join(DIR, 'a/spend.sql')}`);
    expect(loadError({ 'a/spend.sql': GOOD, 'a/spend.athena.sql': GOOD.replace('cost VARCHAR\n', 'cost DECIMAL\n') }).message).toBe(`${join(DIR, 'a/spend.athena.sql')}: its @returns differ from ${join(DIR, 'a/spend.sql')}`);
  });

  it('the Athena form of a query reads each fragment it includes as that fragment\'s Athena form (x.athena.cte.sql) where there is one: a query that differs only there needs no twin', () => {
    const files = memoryFiles({
      'shared/ones.cte.sql': 'ones AS (SELECT 1 AS one)',
      'shared/ones.athena.cte.sql': 'ones AS (SELECT $offset + 1 AS one)',
      'shared/twos.cte.sql': 'twos AS (SELECT 2 AS two)',
      'b/ones.sql': '-- Ones.\n-- @param offset INTEGER = 0  added on Athena\n-- @returns one INTEGER\nWITH\n-- @include ../shared/ones.cte.sql\nSELECT one FROM ones\n',
      'b/twos.sql': '-- Twos.\n-- @returns two INTEGER\nWITH\n-- @include ../shared/twos.cte.sql\nSELECT two FROM twos\n',
      'b/sum.sql': '-- Sum.\n-- @param offset INTEGER = 0  added on Athena\n-- @returns total INTEGER\nWITH\n-- @include ../shared/ones.cte.sql\n-- @include ../shared/twos.cte.sql\nSELECT one + two AS total FROM ones, twos\n',
      'b/sum.athena.sql': '-- Sum on Athena.\n-- @param offset INTEGER = 0  added on Athena\n-- @returns total INTEGER\nWITH\n-- @include ../shared/ones.cte.sql\n-- @include ../shared/twos.cte.sql\nSELECT two + one AS total FROM ones, twos\n',
    });
    const registry = QueryRegistry.load(DIR, files);
    // DuckDB reads the portable fragment; Athena its form, under the query's own header and path (a fragment twin).
    expect(registry.find('b/ones').sql).toBe('-- Ones.\n-- @param offset INTEGER = 0  added on Athena\n-- @returns one INTEGER\nWITH\nones AS (SELECT 1 AS one)\nSELECT one FROM ones\n');
    const athena = registry.athenaForm('b/ones');
    expect(athena.sql).toBe('-- Ones.\n-- @param offset INTEGER = 0  added on Athena\n-- @returns one INTEGER\nWITH\nones AS (SELECT $offset + 1 AS one)\nSELECT one FROM ones\n');
    expect(registry.twinOf('ones')).toBe(athena);
    expect([athena.path, athena.params, athena.returns]).toEqual([join(DIR, 'b/ones.sql'), registry.find('b/ones').params, ['one']]);
    // A query whose fragments have no Athena form runs as it is there; a twin reads the Athena forms too.
    expect(registry.twinOf('b/twos')).toBeUndefined();
    expect(registry.athenaForm('b/twos')).toBe(registry.find('b/twos'));
    expect(registry.athenaForm('b/sum').sql).toBe('-- Sum on Athena.\n-- @param offset INTEGER = 0  added on Athena\n-- @returns total INTEGER\nWITH\nones AS (SELECT $offset + 1 AS one),\ntwos AS (SELECT 2 AS two)\nSELECT two + one AS total FROM ones, twos\n');
    expect(registry.find('b/sum').sql).toContain('ones AS (SELECT 1 AS one),');
    expect(files.reads.filter((path) => path === 'shared/ones.athena.cte.sql')).toEqual(['shared/ones.athena.cte.sql']);
  });

  it('an Athena fragment stands beside its portable one, is never included by name, and binds only what each includer declares', () => {
    const ones = '-- Ones.\n-- @returns one INTEGER\nWITH\n-- @include ../shared/ones.cte.sql\nSELECT one FROM ones\n';
    expect(loadError({ 'shared/ones.athena.cte.sql': 'ones AS (SELECT 1 AS one)', 'b/ones.sql': ones.replace('ones.cte.sql', 'ones.athena.cte.sql') }).message)
      .toBe(`${join(DIR, 'shared/ones.athena.cte.sql')}: an Athena fragment without its portable fragment shared/ones.cte.sql`);
    const byName = loadError({ 'shared/ones.cte.sql': 'ones AS (SELECT 1 AS one)', 'shared/ones.athena.cte.sql': 'ones AS (SELECT 1 AS one)', 'b/ones.sql': ones.replace('ones.cte.sql', 'ones.athena.cte.sql') });
    expect([byName.code, byName.message, byName.hint]).toEqual(['config', `${join(DIR, 'b/ones.sql')}:4: @include ../shared/ones.athena.cte.sql: names an engine's form of a fragment`,
      'include ../shared/ones.cte.sql: the athena form of a query reads ones.athena.cte.sql in its place']);
    expect(loadError({ 'shared/ones.cte.sql': 'ones AS (SELECT 1 AS one)', 'shared/ones.athena.cte.sql': 'ones AS (SELECT $nope AS one)', 'b/ones.sql': ones }).message)
      .toBe(`${join(DIR, 'b/ones.sql')} (its Athena form, with .athena.cte.sql fragments): binds $nope without a @param line`);
    expect(loadError({ 'shared/ones.cte.sql': 'ones AS (SELECT 1 AS one)', 'shared/ones.duckdb.cte.sql': 'ones AS (SELECT 1 AS one)', 'b/ones.sql': ones }).message)
      .toBe(`${join(DIR, 'shared/ones.duckdb.cte.sql')}: unknown engine "duckdb" (engine fragments are name.athena.cte.sql)`);
  });

  it('an unknown query is not found, with the way to list them, and the query a typo most likely meant', () => {
    expect(() => queryRegistry().find('nope/nope')).toThrow('no query named "nope/nope"');
    const hintOf = (name: string) => { try { queryRegistry().find(name); } catch (error) { return (error as CostlensError).hint; } };
    expect(hintOf('nope/nope')).toBe('costlens query --list (or GET /api/queries) lists them');
    expect(hintOf('commitments/utilisaton')).toBe('did you mean "commitments/utilisation"? costlens query --list (or GET /api/queries) lists them');
  });
});

describe('structured rules are enforced wherever a query runs (bindParams: CLI, engines, server)', () => {
  const query = QueryRegistry.load(DIR, memoryFiles({ 'a/spend.sql': GOOD.replace('-- @returns', '-- @param id VARCHAR = i-1  pattern=i-[0-9a-f]+  an instance\n-- @returns').replace('$top AS top', '$top AS top, $id AS id') })).find('a/spend');

  it('values inside the rules bind; others are usage errors naming the parameter and the rule', () => {
    expect(bindParams(query, { cost: 'effective', top: '100', id: 'i-0abc' })).toEqual({ cost: 'effective', top: 100, id: 'i-0abc' });
    expect(() => bindParams(query, { cost: 'billed; DROP TABLE line_items' })).toThrow('parameter "cost" of a/spend must be one of billed, effective; got "billed; DROP TABLE line_items"');
    expect(() => bindParams(query, { top: '0' })).toThrow('parameter "top" of a/spend must be between 1 and 100; got "0"');
    expect(() => bindParams(query, { id: "i-1' OR '1'='1" })).toThrow('parameter "id" of a/spend must be text matching i-[0-9a-f]+');
  });
});

describe('list columns', () => {
  it('read the JSON text both engines return for CAST(list AS JSON)', () => {
    expect(listCell('["a",null,"é,]\\""]')).toEqual(['a', null, 'é,]"']);
    expect(listCell('[]')).toEqual([]);
    expect(listCell(null)).toEqual([]);
    expect(() => listCell('[a, b]')).toThrow('a list column holds "[a, b]", not a JSON array');
  });
});
