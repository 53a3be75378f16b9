/**
 * A required column (formats/required-columns.ts) present in the header but empty on a line: the
 * line would load at no cost, in no billing period or under `aws/unknown`. Neither format allows
 * it: FOCUS says BilledCost, BillingAccountId, BillingPeriodStart, ChargePeriodStart and
 * ProviderName "MUST NOT contain null values", and AWS fills the CUR's payer, billing period, line
 * item type, unblended cost and usage start on every line. So after a file is staged, its lines
 * are counted where one of them is NULL (an empty cell, or a null string such as FOCUS's `NULL`),
 * and if any is, the file is refused, naming the first such line (CSV: the physical line its record
 * starts on) or row (Parquet, from 1) and the column. One exception, kept from before: a line
 * without its charge period start is loaded, outside every charge day (a `partial` column); a
 * file without one on any line is refused, as a file without the column is. Counting reads a few
 * columns of the staged file; the source is scanned again only to name the line.
 */
import { type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { csvRecords } from './csv-lines.ts';
import { andList } from '../lib/text.ts';

/** A required column as the file names it, the line_items column its value fills, and whether some (not all) lines may leave it empty. */
export interface RequiredValue {
  column: string;
  stored: string;
  partial: boolean;
}

/** The file whose staged lines are checked. */
export interface RequiredSource {
  /** The file (and zip entry) as errors name it. */
  label: string;
  /** The format as errors name it ("FOCUS (CSV)"). */
  formatName: string;
  parquet: boolean;
  headers?: string[];
  nullStrings?: string[];
  /** The plain file (a `.gz` read through a pipe is unpacked only when a line must be named). */
  plain: () => Promise<string>;
}

const quoted = (names: string[]) => andList(names.map((n) => `"${n}"`));

/**
 * Refuses the file staged at `staged` when a line has no value in a `required` column (or, for a
 * `partial` one, no line has one): an input error naming the file, the first such line or row, its
 * empty columns and on how many lines the first is empty, before anything is written.
 */
export async function refuseEmptyRequiredValues(connection: DuckDBConnection, staged: string, required: RequiredValue[], source: RequiredSource): Promise<void> {
  if (required.length === 0) return;
  const [n, ...empty] = await nullCounts(connection, staged, required.map((r) => r.stored));
  const refused = required.filter((r, i) => empty[i] > 0 && (!r.partial || empty[i] === n));
  if (refused.length === 0) return;
  const first = source.parquet ? await firstInParquet(connection, await source.plain(), refused) : await firstInCsv(await source.plain(), refused, source);
  const names = first?.columns ?? refused.map((r) => r.column);
  const count = empty[required.findIndex((r) => r.column === names[0])];
  const unit = source.parquet ? 'row' : 'line';
  const extent = names.length > 1 || count === 1 ? '' : count === n ? ` on every ${unit} (${n.toLocaleString('en-US')} ${unit}s)`
    : ` (and on ${(count - 1).toLocaleString('en-US')} more ${unit}${count === 2 ? '' : 's'})`;
  const where = first === undefined ? '' : source.parquet ? `: row ${first.at}` : `:${first.at}`;
  const what = names.length === 1 ? `column ${quoted(names)} is empty` : `columns ${quoted(names)} are empty`;
  const strict = required.filter((r) => !r.partial).map((r) => r.column);
  const partial = required.filter((r) => r.partial).map((r) => r.column);
  const rule = refused.every((r) => r.partial)
    ? `${andList(partial)} may be empty on some lines (they are kept, outside every charge day), not on every line`
    : `${andList(strict)} may be empty on no line: a line's cost, billing period and source come from them`;
  throw new CostlensError('input', `${source.label}${where}: ${what}${extent}`, {
    hint: `read as ${source.formatName}, ${rule}; fix or re-export the file; nothing was loaded`,
  });
}

/**
 * The staged file's line count and the NULLs of each column: from the Parquet footer's statistics
 * (every row group's null_count, which DuckDB writes), so a file that loads reads no column data;
 * by counting the column when a row group states none.
 */
async function nullCounts(connection: DuckDBConnection, staged: string, columns: string[]): Promise<number[]> {
  const stats = await connection.runAndReadAll(
    `SELECT path_in_schema, sum(stats_null_count), count(*) FILTER (WHERE stats_null_count IS NULL)
       FROM parquet_metadata($staged) WHERE list_contains($columns, path_in_schema) GROUP BY path_in_schema`,
    { staged, columns: listValue(columns) }, { columns: LIST(VARCHAR) },
  );
  const byColumn = new Map(stats.getRows().map(([name, nulls, unstated]) => [String(name), Number(unstated) === 0 ? Number(nulls) : null]));
  const rows = Number((await connection.runAndReadAll(`SELECT sum(num_rows) FROM parquet_file_metadata($staged)`, { staged })).getRows()[0][0]);
  if (columns.every((c) => byColumn.get(c) !== undefined && byColumn.get(c) !== null)) return [rows, ...columns.map((c) => byColumn.get(c)!)];
  const counted = await connection.runAndReadAll(
    `SELECT count(*) AS n, ${columns.map((c, i) => `count(*) FILTER (WHERE ${quoteIdentifier(c)} IS NULL) AS c${i}`).join(', ')} FROM read_parquet($staged)`,
    { staged },
  );
  return counted.getRows()[0].map(Number);
}

/** The first record of a CSV file with an empty required cell (by the reader's null strings), and those cells' columns. */
async function firstInCsv(path: string, required: RequiredValue[], source: RequiredSource): Promise<{ at: number; columns: string[] } | undefined> {
  const headers = source.headers ?? [];
  const nulls = new Set(['', ...(source.nullStrings ?? [])]);
  const positions = required.map((r) => headers.indexOf(r.column));
  for await (const record of csvRecords(path, new Set(positions))) {
    const empty = required.filter((_, i) => {
      const cell = record.fields[positions[i]];
      return cell === undefined || nulls.has(cell);
    });
    if (empty.length > 0) return { at: record.line, columns: empty.map((r) => r.column) };
  }
  return undefined;
}

/** The first row of a Parquet file (from 1) with a NULL or empty required value, and those values' columns. */
async function firstInParquet(connection: DuckDBConnection, path: string, required: RequiredValue[]): Promise<{ at: number; columns: string[] } | undefined> {
  const empty = required.map((r) => `(${quoteIdentifier(r.column)} IS NULL OR CAST(${quoteIdentifier(r.column)} AS VARCHAR) = '')`);
  const result = await connection.runAndReadAll(
    `SELECT file_row_number, ${empty.map((e, i) => `${e} AS e${i}`).join(', ')}
       FROM read_parquet($path, hive_partitioning = false, file_row_number = true)
      WHERE ${empty.join(' OR ')} ORDER BY file_row_number LIMIT 1`,
    { path },
  );
  const row = result.getRows()[0];
  if (!row) return undefined;
  return { at: Number(row[0]) + 1, columns: required.filter((_, i) => row[1 + i] === true).map((r) => r.column) };
}
