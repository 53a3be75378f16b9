/**
 * Every query under queries/ must have a form Athena (Trino) accepts: its `.athena.sql` twin when
 * there is one, else the portable file. Each is rewritten as the Athena engine sends it ($name →
 * ?), parsed with node-sql-parser's Trino grammar, and checked for what the parser does not see:
 * DuckDB-only syntax, map subscripts (Tags['k'] fails in Athena when the key is missing, where
 * DuckDB gives NULL: use element_at), a parameter as the LIMIT count, a parameter in a GROUP BY
 * clause (Trino binds each `?` apart, so the SELECT's copy of the expression does not match it; the
 * fake Athena refuses it too: tests/fakes/aws/athena-sql-on-duckdb.ts), and functions Trino does not
 * have. There is no list of known failures: a query that fails here gets a portable rewrite or a twin.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pkg from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { athenaForm } from '../../src/engine/athena.ts';
import { toAthenaStatement } from '../../src/engine/athena-sql.ts';
import { QUERIES_DIR, type NamedQuery } from '../../src/engine/queries.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { groupByWithPlaceholder } from '../fakes/aws/athena-sql-on-duckdb.ts';

const parser = new pkg.Parser();

/** Functions Trino (Athena engine v3) has, among those SQL of this kind uses. */
const TRINO_FUNCTIONS = new Set([
  'abs', 'approx_distinct', 'approx_percentile', 'array_agg', 'array_join', 'avg', 'bool_and', 'bool_or', 'cardinality', 'cast', 'ceil', 'ceiling',
  'coalesce', 'concat', 'contains', 'count', 'count_if', 'current_date', 'date', 'date_add', 'date_diff', 'date_format', 'date_parse', 'date_trunc',
  'day', 'day_of_week', 'element_at', 'every', 'exp', 'extract', 'filter', 'floor', 'format', 'from_iso8601_timestamp', 'greatest', 'if', 'least',
  'length', 'ln', 'lower', 'lpad', 'map', 'map_agg', 'map_entries', 'map_filter', 'map_from_entries', 'map_keys', 'map_values', 'max', 'max_by',
  'min', 'min_by', 'month', 'not', 'nullif', 'power', 'rank', 'dense_rank', 'regexp_extract', 'regexp_like', 'regexp_replace', 'replace', 'round',
  'row_number', 'lag', 'lead', 'first_value', 'last_value', 'sign', 'split', 'split_part', 'sqrt', 'starts_with', 'stddev', 'stddev_pop',
  'stddev_samp', 'strpos', 'substr', 'substring', 'sum', 'to_unixtime', 'transform', 'transform_keys', 'transform_values', 'trim', 'try',
  'try_cast', 'unnest', 'upper', 'variance', 'week', 'year', 'zip', 'sequence', 'ntile', 'percent_rank', 'cume_dist', 'arbitrary', 'any_value',
]);

/** Syntax DuckDB runs and Athena rejects or reads differently (DESIGN.md, "SQL conventions"). */
const DUCKDB_ONLY: [RegExp, string][] = [
  [/::/, 'the :: cast (use CAST(x AS T))'],
  [/\bGROUP\s+BY\s+ALL\b/i, 'GROUP BY ALL'],
  [/\bQUALIFY\b/i, 'QUALIFY'],
  [/\bILIKE\b/i, 'ILIKE'],
  [/\b(Tags|tags|x_CostCategories)\s*\[/, "a map subscript (Athena fails on a missing key; use element_at(map, key))"],
  [/\b(LIMIT|OFFSET)\s+\?/i, 'a parameter as a LIMIT or OFFSET count (Athena binds execution parameters in WHERE: filter on row_number())'],
];

/** Parser gaps, not dialect problems: identifiers the grammar reserves that Trino does not. */
function normaliseForParser(sql: string): string {
  return sql.replace(/\b(AS|\.)\s*rows\b/g, '$1 "rows"').replace(/(\w)\."rows"/g, '$1."rows"');
}

function functionNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) functionNames(n, into);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'aggr_func' && typeof o.name === 'string') into.add(o.name.toLowerCase());
    if (o.type === 'function') {
      const name = o.name as { name?: { value?: string }[] } | string;
      const text = typeof name === 'string' ? name : name?.name?.map((p) => p.value).join('.');
      if (text) into.add(text.toLowerCase());
    }
    for (const value of Object.values(o)) functionNames(value, into);
  }
  return into;
}

/** What is wrong with a query's Athena form, or undefined when it passes. */
function athenaProblem(name: string): string | undefined {
  const form = athenaForm(name);
  const { sql, parameterNames } = toAthenaStatement(form.sql);
  const declared = new Set(form.params.map((p) => p.name));
  const undeclared = [...new Set(parameterNames.filter((p) => !declared.has(p)))];
  if (undeclared.length) return `binds undeclared parameters: ${undeclared.join(', ')}`;
  for (const [pattern, what] of DUCKDB_ONLY) if (pattern.test(sql)) return `uses ${what}`;
  const grouped = groupByWithPlaceholder(sql);
  if (grouped !== undefined) return `binds a parameter in "${grouped}" (group by a column an inner SELECT computes)`;
  let ast: unknown;
  try {
    ast = parser.astify(normaliseForParser(sql), { database: 'trino' });
  } catch (error) {
    return `does not parse as Trino: ${(error as Error).message.slice(0, 120)}`;
  }
  const unknown = [...functionNames(ast)].filter((f) => !TRINO_FUNCTIONS.has(f)).sort();
  return unknown.length ? `calls functions Trino does not have: ${unknown.join(', ')}` : undefined;
}

/** Every `.athena.sql` twin under queries/, as `area/name`. */
function twinNames(): string[] {
  return (readdirSync(QUERIES_DIR, { recursive: true }) as string[])
    .map((path) => path.replace(/\\/g, '/'))
    .filter((path) => path.endsWith('.athena.sql'))
    .map((path) => path.replace(/\.athena\.sql$/, ''))
    .sort();
}

describe('every query has a form Athena accepts', () => {
  const queries = queryRegistry().queries;

  it('finds the queries', () => {
    expect(queries.length).toBeGreaterThan(20);
  });

  it('every query passes: its twin, or the portable file when it has none', () => {
    const failures = Object.fromEntries(queries.map((q) => [q.name, athenaProblem(q.name)] as const).filter(([, problem]) => problem !== undefined));
    expect(failures).toEqual({});
  });

  it('every twin stands beside a portable file, is the form Athena runs, and declares the same parameters and columns', () => {
    const twins = twinNames();
    expect(twins).toEqual(expect.arrayContaining(['attribution/tag_values', 'overview/top_accounts']));
    const portable = new Map(queries.map((q) => [q.name, q]));
    for (const name of twins) {
      expect([name, portable.has(name)]).toEqual([name, true]);
      const twinPath = join(QUERIES_DIR, `${name}.athena.sql`);
      expect(athenaForm(name).path).toBe(twinPath);
      const twin = queryRegistry().twinOf(name)!;
      const duckdb = portable.get(name)!;
      const header = (q: NamedQuery) => ({ name, params: q.params, returns: q.returns });
      expect(header(twin)).toEqual(header(duckdb));
      expect(duckdb.returns.length).toBeGreaterThan(0);
    }
  });

  it('the checks catch DuckDB-only SQL', () => {
    const check = (sql: string) => DUCKDB_ONLY.find(([p]) => p.test(sql))?.[1];
    expect(check('SELECT x::INT FROM t')).toBe('the :: cast (use CAST(x AS T))');
    expect(check("SELECT Tags['team'] FROM line_items")).toBe('a map subscript (Athena fails on a missing key; use element_at(map, key))');
    expect(check('SELECT a FROM t GROUP BY ALL')).toBe('GROUP BY ALL');
    expect(check('SELECT a FROM t ORDER BY a LIMIT ?')).toBe('a parameter as a LIMIT or OFFSET count (Athena binds execution parameters in WHERE: filter on row_number())');
    expect(check('SELECT a FROM t ORDER BY a LIMIT 10')).toBeUndefined();
    // A parameter anywhere in a GROUP BY clause, at any depth, and nowhere else (nor in a literal or a quoted name).
    expect([
      "SELECT CASE WHEN ? = 'source' THEN s END AS source, sum(c) FROM t GROUP BY CASE WHEN ? = 'source' THEN s END ORDER BY 1",
      'SELECT a FROM (SELECT a, sum(c) AS c FROM t GROUP BY a, least(b, ? + 1)) s',
      "SELECT x FROM t WHERE x = ? GROUP BY x HAVING sum(c) > ? ORDER BY x",
      "SELECT x FROM t GROUP BY x, '?', \"?\" ORDER BY x LIMIT 1",
      "SELECT a FROM (SELECT a FROM t GROUP BY a) s WHERE a = ? UNION SELECT ? FROM u",
    ].map(groupByWithPlaceholder)).toEqual([
      "GROUP BY CASE WHEN ? = 'source' THEN s END", 'GROUP BY a, least(b, ? + 1)', undefined, undefined, undefined,
    ]);
    expect(functionNames(parser.astify('SELECT strftime(x, 1), sum(y), element_at(m, 1) FROM t', { database: 'trino' }))).toEqual(new Set(['strftime', 'sum', 'element_at']));
  });
});
