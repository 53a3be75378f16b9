/**
 * A Parquet billing file that stores a number or time column as text (some exports write costs as
 * strings), with a value that is not one ("12.3x", "N/A"): DuckDB's conversion error names the
 * value and at most the column, never the row. So after such a failure (only then: a good file
 * pays nothing) the file is read again, in a DuckDB of its own, with every mapped expression that
 * reads such a column wrapped in try(): it fails on exactly the rows where the staging did, so the
 * first of them in file order is found (numbered from 1, as the other Parquet errors number rows:
 * map-columns.ts, required-values.ts). Then, on that row alone, the column: the one whose value
 * still fails its expressions when the file's other such columns are NULL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { createDuckDB, scratchSettings } from '../store/duckdb-settings.ts';
import { LINE_ITEM_COLUMNS } from '../store/schema.ts';
import { valueKind } from './readers.ts';

/** A Parquet column stored as text that the mapping reads as a number or a time: its name in the file and the type it must convert to. */
export interface TextValueColumn {
  column: string;
  type: string;
}

/** What the staging read: the mapping (line_items column → SQL over the file), its text columns of numbers or times, its bound parameters. */
export interface TextValueSource {
  select?: Record<string, string>;
  textValues?: TextValueColumn[];
  params: Record<string, string>;
}

/** What a value of each kind looks like, for the hint. */
const EXAMPLES: Record<string, string> = { number: '12.34', timestamp: '2024-09-01T00:00:00Z', 'date (YYYY-MM-DD)': '2024-09-01' };

const shown = (value: string) => (value.length > 120 ? `${value.slice(0, 120)}…` : value);

/** The type stageFileSql casts a mapped column to (its stored type), if it is one of line_items'. */
const storedType = (target: string) => LINE_ITEM_COLUMNS.find((c) => c.name === target)?.type;

/** SQL true where `expression` (as staged: cast to the stored type of `target`) fails on a row. */
function fails(target: string, expression: string): string {
  const type = storedType(target);
  const staged = type ? `CAST((${expression}) AS ${type})` : `(${expression})`;
  return `(try(CASE WHEN ${staged} IS NULL THEN 0 ELSE 1 END) IS NULL)`;
}

/**
 * After a failed staging of the Parquet file `plain` with a conversion error: the input error
 * naming `label` (the file, and its zip entry), the row (from 1, in file order), the column as the
 * file spells it and the value, with a hint; undefined when it is not such a failure or no row or
 * column is found (the caller reports DuckDB's error).
 */
export async function explainTextValueFailure(label: string, plain: string, source: TextValueSource, error: unknown): Promise<CostlensError | undefined> {
  const { select = {}, textValues = [], params } = source;
  if (textValues.length === 0 || !/Conversion Error|Could not convert/i.test(messageOf(error))) return undefined;
  const reads = (expression: string) => textValues.filter((c) => expression.includes(quoteIdentifier(c.column)));
  const expressions = Object.entries(select).filter(([, expression]) => reads(expression).length > 0);
  if (expressions.length === 0) return undefined;
  const instance = await createDuckDB(':memory:', scratchSettings());
  const connection = await instance.connect();
  try {
    // Two expressions that cast one column share that cast, which DuckDB would otherwise compute once, outside both try()s.
    await connection.run(`SET disabled_optimizers = 'common_subexpressions'`);
    const flags = expressions.map(([target, expression]) => fails(target, expression));
    const sql = `CREATE TEMP TABLE bad_row AS SELECT * FROM read_parquet($path, hive_partitioning = false, file_row_number = true)
      WHERE ${flags.join(' OR ')} ORDER BY file_row_number LIMIT 1`;
    await connection.run(sql, { ...boundIn(sql, params), path: plain });
    const found = await connection.runAndReadAll(`SELECT file_row_number, ${flags.map((f, i) => `${f} AS f${i}`).join(', ')} FROM bad_row`, boundIn(flags.join(), params));
    const row = found.getRows()[0];
    if (!row) return undefined;
    const failing = expressions.filter((_, i) => row[1 + i] === true);
    const column = await culprit(connection, failing, textValues, reads, params);
    return column && await describe(connection, label, Number(row[0]) + 1, column, error);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The parameters of `params` that `sql` names ($name): DuckDB refuses a binding the statement lacks. */
function boundIn(sql: string, params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql)));
}

/**
 * The text column whose value fails `failing` on the one row of `bad_row`: the first (in the
 * file's order) that fails them alone, the other text columns they read set to NULL.
 */
async function culprit(connection: DuckDBConnection, failing: [string, string][], columns: TextValueColumn[], reads: (expression: string) => TextValueColumn[], params: Record<string, string>): Promise<TextValueColumn | undefined> {
  const candidates = columns.filter((c) => failing.some(([, expression]) => reads(expression).includes(c)));
  for (const candidate of candidates) {
    const others = candidates.filter((c) => c !== candidate);
    const alone = others.length === 0 ? 'bad_row' : `(SELECT * REPLACE (${others.map((c) => `CAST(NULL AS VARCHAR) AS ${quoteIdentifier(c.column)}`).join(', ')}) FROM bad_row)`;
    const flags = failing.filter(([, expression]) => reads(expression).includes(candidate)).map(([target, expression]) => fails(target, expression));
    const sql = `SELECT ${flags.join(' OR ')} FROM ${alone}`;
    if ((await connection.runAndReadAll(sql, boundIn(sql, params))).getRows()[0][0] === true) return candidate;
  }
  return undefined;
}

async function describe(connection: DuckDBConnection, label: string, row: number, column: TextValueColumn, error: unknown): Promise<CostlensError> {
  const fix = 'fix or re-export the file; nothing was written to the store';
  const value = String((await connection.runAndReadAll(`SELECT ${quoteIdentifier(column.column)} FROM bad_row`)).getRows()[0][0]);
  const kind = valueKind(column.type.replace(/\(.*$/, ''));
  const example = EXAMPLES[kind];
  return new CostlensError('input', `${label}: row ${row}: column "${column.column}": "${shown(value)}" is not a valid ${kind}`, {
    hint: `this file stores ${column.column} as text, which costlens reads as a ${kind}: each value must be one${example ? ` (e.g. ${example})` : ''} or null; ${fix}`,
    cause: error,
  });
}
