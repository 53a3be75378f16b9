import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBResultReader } from '@duckdb/node-api';
import { isCalendarDay } from '../lib/calendar.ts';
import { CostlensError, messageOf } from '../errors.ts';
import { crossParamFault, ruleProblem, type NamedQuery, type QueryParam } from './queries.ts';

/** Parameter values as the user wrote them (`--param k=v`, a URL query string); a list as a JSON array of strings. */
export type RawParams = Record<string, string | undefined>;

/** A parameter value once checked against its declared type. */
export type BoundValue = string | number | boolean | string[];

/** The raw form of a `VARCHAR[]` parameter: a JSON array of strings. */
export function listParam(values: readonly string[]): string {
  return JSON.stringify(values);
}

/**
 * Checks and converts raw parameters against a query's declared ones: unknown names, missing
 * required values, values of the wrong type, values outside the header's rules (`one_of=`,
 * `min=`, `max=`, `pattern=`) and a range's end before its start (`rangeBounds`) are usage errors
 * that name the parameter.
 */
export function bindParams(query: NamedQuery, raw: RawParams): Record<string, BoundValue> {
  const declared = new Map(query.params.map((p) => [p.name, p]));
  for (const name of Object.keys(raw)) {
    if (!declared.has(name)) {
      throw new CostlensError('usage', `query ${query.name} has no parameter "${name}"`, {
        hint: query.params.length ? `its parameters: ${query.params.map((p) => p.name).join(', ')}` : 'it takes no parameters',
      });
    }
  }
  const bound: Record<string, BoundValue> = {};
  for (const param of query.params) {
    const value = raw[param.name] ?? param.defaultValue;
    if (value === undefined) {
      throw new CostlensError('usage', `query ${query.name} needs parameter "${param.name}" (${param.type}: ${param.description})`, {
        hint: `give it as --param ${param.name}=VALUE (the API: ?${param.name}=VALUE); costlens query --list lists each query's parameters`,
      });
    }
    bound[param.name] = convert(query, param, value);
    const problem = ruleProblem(param, value);
    if (problem) throw new CostlensError('usage', `parameter "${param.name}" of ${query.name} must be ${problem}; got "${value}"`);
  }
  const fault = crossParamFault(query, Object.fromEntries(query.params.map((p) => [p.name, raw[p.name] ?? p.defaultValue])));
  if (fault) throw new CostlensError('usage', fault.message, { hint: fault.hint });
  return bound;
}

function convert(query: NamedQuery, param: QueryParam, value: string): BoundValue {
  const fail = (expected: string) => new CostlensError('usage', `parameter "${param.name}" of ${query.name} must be ${expected}; got "${value}"`);
  switch (param.type) {
    case 'INTEGER':
      if (!/^-?\d+$/.test(value)) throw fail('an integer');
      return Number(value);
    case 'DOUBLE':
      if (!Number.isFinite(Number(value)) || value.trim() === '') throw fail('a number');
      return Number(value);
    case 'BOOLEAN':
      if (!['true', 'false'].includes(value)) throw fail('true or false');
      return value === 'true';
    case 'DATE':
      if (!isCalendarDay(value)) throw fail('a date YYYY-MM-DD');
      return value;
    case 'TIMESTAMP':
      if (Number.isNaN(Date.parse(value))) throw fail('a timestamp');
      return value;
    case 'VARCHAR[]': {
      const list = parseTextList(value);
      if (!list) throw fail('a JSON array of strings, e.g. ["a","b"]');
      return list;
    }
    default:
      return value;
  }
}

/** A JSON array of strings, or undefined when the text is not one. */
export function parseTextList(value: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string') ? parsed : undefined;
}

/**
 * A connection's prepared statements by SQL text, kept with the connection (kept-connections.ts:
 * the embedded engine's and the server's store pool's) so that a query run again on it is not
 * planned again; they are destroyed before the connection closes.
 */
export type PreparedStatements = Map<string, DuckDBPreparedStatement>;

async function preparedStatement(connection: DuckDBConnection, sql: string, statements?: PreparedStatements): Promise<DuckDBPreparedStatement> {
  if (!statements) return connection.prepare(sql);
  let statement = statements.get(sql);
  if (!statement) {
    statement = await connection.prepare(sql);
    statements.set(sql, statement);
  } else {
    statement.clearBindings();
  }
  return statement;
}

/**
 * Runs a named query on DuckDB with typed, bound parameters (never spliced into the SQL); with
 * `statements` (of this connection), a query prepared before on it is bound and run again.
 */
export async function runNamedQuery(connection: DuckDBConnection, query: NamedQuery, raw: RawParams = {}, statements?: PreparedStatements): Promise<DuckDBResultReader> {
  const params = bindParams(query, raw);
  try {
    const prepared = await preparedStatement(connection, query.sql, statements);
    for (const param of query.params) {
      const value = params[param.name];
      const index = prepared.parameterIndex(param.name);
      if (param.type === 'INTEGER') prepared.bindBigInt(index, BigInt(value as number));
      else if (param.type === 'DOUBLE') prepared.bindDouble(index, value as number);
      else if (param.type === 'BOOLEAN') prepared.bindBoolean(index, value as boolean);
      else if (param.type === 'VARCHAR[]') prepared.bindList(index, listValue(value as string[]), LIST(VARCHAR));
      else prepared.bindVarchar(index, String(value));
    }
    return await prepared.runAndReadAll();
  } catch (error) {
    throw new CostlensError('store', `query ${query.name} failed: ${messageOf(error).split('\n')[0]}`, { cause: error });
  }
}
