/**
 * Columns a mapping reads as MAP(VARCHAR, VARCHAR): FOCUS `Tags` and CUR 2.0's `resource_tags`,
 * `cost_category`, `product` and `discount` — JSON objects in a CSV file (or a Parquet string),
 * maps in Parquet. DuckDB's error for a bad one (malformed JSON, an array where an object belongs,
 * a key twice) names neither the line nor the column. After such a failure these checks find the
 * first line (CSV: the physical line its record starts on) or row (Parquet, from 1) that holds
 * one, judged by DuckDB's own JSON functions exactly as the mapping reads it, and say what is
 * wrong. A key twice is refused (FOCUS's key-value format: "Keys in a key-value pair MUST be
 * unique within an object"; AWS tag keys are unique per resource), counting keys as the store
 * holds them: after the tag prefix is removed (`user:team` and `team` are one tag), and without
 * the keys of empty values, which are absent keys (DESIGN.md), so `{"team":"web","team":""}` is
 * the tag team=web.
 */
import { LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { createDuckDB, scratchSettings } from '../store/duckdb-settings.ts';
import { csvRecords } from './csv-lines.ts';

/** A column the mapping reads as a map. */
export interface MapColumn {
  /** The column as the file names it. */
  header: string;
  /** Text holding a JSON object (a CSV cell, a Parquet string) rather than a map. */
  json: boolean;
  /** When the mapping builds a map of its non-empty entries (whose keys must then be unique): the key each source key becomes, SQL over `key`. */
  key?: (key: string) => string;
  /** Tags (named so in messages) rather than another map. */
  tags?: boolean;
}

/** How the file is read: its CSV header and null strings, or Parquet. */
export interface MapSource {
  parquet: boolean;
  headers?: string[];
  nullStrings?: string[];
}

type Problem = 'invalid' | 'type' | 'duplicate';

interface Found {
  column: MapColumn;
  problem: Problem;
  /** The value as text (a map as DuckDB prints it). */
  value: string;
  /** `:7` (CSV line) or `: row 7` (Parquet row). */
  where: string;
  /** A map's non-empty entries as [source key, store key] (read with the value when it is a map, not JSON text). */
  pairs?: [string, string][];
}

/** Records of a CSV file judged by DuckDB at a time. */
const BATCH = 20_000;

/** DuckDB failed on a map column: its messages for malformed JSON, a non-object, a key twice. */
function isMapFailure(error: unknown): boolean {
  return /Malformed JSON|Expected OBJECT, but got|Map keys|to 'JSON'/.test(messageOf(error));
}

const asMap = (column: MapColumn, v: string) => (column.json ? `CAST(json(${v}) AS MAP(VARCHAR, VARCHAR))` : `CAST(${v} AS MAP(VARCHAR, VARCHAR))`);

/** The non-empty entries of `v` as [source key, store key] pairs, in order. */
const keyPairs = (column: MapColumn, v: string) => `list_transform(list_filter(map_entries(${asMap(column, v)}), e -> e.value IS NOT NULL AND e.value <> ''),
    e -> [e.key, ${column.key!('e.key')}])`;

/** SQL naming what is wrong with the value `v` of `column` (NULL when nothing is). */
function problemSql(column: MapColumn, v: string): string {
  const keys = column.key && `list_transform(${keyPairs(column, v)}, p -> p[2])`;
  const duplicate = keys ? `WHEN len(${keys}) <> len(list_distinct(${keys})) THEN 'duplicate'` : '';
  if (!column.json) return `CASE ${duplicate} ELSE NULL END`;
  return `CASE WHEN ${v} IS NULL THEN NULL WHEN NOT json_valid(${v}) THEN 'invalid'
    WHEN json_type(${v}) NOT IN ('OBJECT', 'NULL') THEN 'type' ${duplicate} ELSE NULL END`;
}

/**
 * After a failed read that `isMapFailure`: the input error naming `label` (the file, and its zip
 * entry), the line or row and the column of the first bad map value of `plain`, and what is
 * wrong with it; undefined when none is found (the caller reports DuckDB's error).
 */
export async function explainMapFailure(label: string, plain: string, source: MapSource, columns: MapColumn[], error: unknown): Promise<CostlensError | undefined> {
  const checked = columns.filter((c) => c.json || c.key);
  if (checked.length === 0 || !isMapFailure(error)) return undefined;
  const instance = await createDuckDB(':memory:', scratchSettings());
  const connection = await instance.connect();
  try {
    const found = source.parquet ? await firstInParquet(connection, plain, checked) : await firstInCsv(connection, plain, source, checked);
    return found && await describe(connection, label, found, error);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function firstInParquet(connection: DuckDBConnection, path: string, columns: MapColumn[]): Promise<Found | undefined> {
  const value = (c: MapColumn) => (c.json ? `NULLIF(CAST(${quoteIdentifier(c.header)} AS VARCHAR), '')` : quoteIdentifier(c.header));
  const selects = columns.map((c, i) => `${problemSql(c, value(c))} AS p${i}, CAST(${quoteIdentifier(c.header)} AS VARCHAR) AS v${i}, `
    + `${c.key ? `CASE WHEN ${problemSql(c, value(c))} = 'duplicate' THEN ${keyPairs(c, value(c))} END` : 'NULL'} AS k${i}`);
  const result = await connection.runAndReadAll(
    `SELECT * FROM (SELECT file_row_number, ${selects.join(', ')} FROM read_parquet($path, hive_partitioning = false, file_row_number = true))
      WHERE ${columns.map((_, i) => `p${i} IS NOT NULL`).join(' OR ')} ORDER BY file_row_number LIMIT 1`,
    { path },
  );
  const row = result.getRowObjectsJson()[0];
  if (!row) return undefined;
  const i = columns.findIndex((_, j) => row[`p${j}`] !== null);
  return {
    column: columns[i], problem: row[`p${i}`] as Problem, value: String(row[`v${i}`]), where: `: row ${Number(row.file_row_number) + 1}`,
    pairs: (row[`k${i}`] as [string, string][] | null) ?? undefined,
  };
}

async function firstInCsv(connection: DuckDBConnection, path: string, source: MapSource, columns: MapColumn[]): Promise<Found | undefined> {
  const headers = source.headers ?? [];
  const nulls = new Set(['', ...(source.nullStrings ?? [])]);
  const positions = columns.map((c) => headers.indexOf(c.header));
  let lines: number[] = [];
  let values: (string | null)[][] = columns.map(() => []);
  const judge = async (): Promise<Found | undefined> => {
    let first: { index: number; column: number; problem: Problem } | undefined;
    for (const [j, column] of columns.entries()) {
      const result = await connection.runAndReadAll(
        `SELECT i, p FROM (SELECT i, ${problemSql(column, 'v')} AS p FROM (SELECT unnest(range(len($values))) AS i, unnest($values) AS v))
          WHERE p IS NOT NULL ORDER BY i LIMIT 1`,
        { values: listValue(values[j]) }, { values: LIST(VARCHAR) },
      );
      const row = result.getRows()[0];
      if (row && (!first || Number(row[0]) < first.index)) first = { index: Number(row[0]), column: j, problem: row[1] as Problem };
    }
    return first && { column: columns[first.column], problem: first.problem, value: values[first.column][first.index]!, where: `:${lines[first.index]}` };
  };
  for await (const record of csvRecords(path, new Set(positions))) {
    lines.push(record.line);
    positions.forEach((at, j) => {
      const cell = record.fields[at];
      values[j].push(cell === undefined || nulls.has(cell) ? null : cell);
    });
    if (lines.length < BATCH) continue;
    const found = await judge();
    if (found) return found;
    lines = [];
    values = columns.map(() => []);
  }
  return lines.length > 0 ? judge() : undefined;
}

const shown = (value: string) => (value.length > 120 ? `${value.slice(0, 120)}…` : value);

/** A JSON value's kind, by DuckDB's json_type (numbers otherwise). */
const JSON_TYPES: Record<string, string> = { ARRAY: 'a JSON array', VARCHAR: 'a JSON string', BOOLEAN: 'a JSON boolean' };

async function describe(connection: DuckDBConnection, label: string, found: Found, error: unknown): Promise<CostlensError> {
  const { column, value } = found;
  const at = `${label}${found.where}: column "${column.header}"`;
  const fix = 'fix or re-export the file; nothing was written to the store';
  if (found.problem === 'invalid') {
    const reason = await connection.run('SELECT json($value)', { value }).then(() => undefined, (e: unknown) => messageOf(e));
    const parsed = reason && /Malformed JSON at byte (\d+) of input: ([^.]+)/.exec(reason);
    const detail = parsed ? ` (${parsed[2]} at position ${Buffer.from(value).subarray(0, Number(parsed[1])).toString('utf8').length + 1})` : '';
    return new CostlensError('input', `${at}: ${shown(value)} is not valid JSON${detail}`, {
      hint: `${column.header} holds a JSON object of keys and values, e.g. {"team":"web"}: ${fix}`, cause: error,
    });
  }
  if (found.problem === 'type') {
    const type = String((await connection.runAndReadAll('SELECT json_type($value)', { value })).getRows()[0][0]);
    return new CostlensError('input', `${at}: ${shown(value)} is ${JSON_TYPES[type] ?? 'a JSON number'}, not an object`, {
      hint: `${column.header} holds a JSON object of keys and values, e.g. {"team":"web"}: ${fix}`, cause: error,
    });
  }
  const pairs = found.pairs ?? (await connection.runAndReadAll(`SELECT ${keyPairs(column, 'CAST($value AS VARCHAR)')}`, { value })).getRowsJson()[0][0] as [string, string][];
  const twice = pairs.findIndex(([, key], i) => pairs.findIndex(([, other]) => other === key) < i);
  const [source, key] = pairs[twice] ?? ['?', '?'];
  const [earlier] = pairs.find(([, other]) => other === key) ?? ['?'];
  const what = earlier === source ? `the key "${key}" appears twice` : `the keys "${earlier}" and "${source}" both name the ${column.tags ? 'tag' : 'key'} "${key}"`;
  return new CostlensError('input', `${at}: ${what}`, {
    hint: `a key may appear once in ${column.header}, as FOCUS's key-value format and AWS tags require${column.tags ? ' (tag keys compared as the store holds them, without their user prefix)' : ''}: ${fix}`,
    cause: error,
  });
}
