import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';
import { parseCsvLine } from '../lib/csv.ts';
import { writerMemoryLimit } from '../store/duckdb-settings.ts';
import { quoteIdentifier, quoteLiteral } from '../lib/sql-quote.ts';
import { MAX_LINE_BYTES, findInvalidUtf8, findOverlongRecord } from './csv-diagnosis.ts';
import { physicalLine } from './csv-lines.ts';
import { convertedInSelect, moneyFromText } from './csv-decimals.ts';
import { isStreamableGzip, readFileHead, readGzipHead } from './gzip-pipe.ts';

/** A CSV column: the header as written and the unique name it has in the relation. */
export interface CsvColumn {
  header: string;
  name: string;
}

/** A CSV reader over one file: a FROM clause with its path bound as $path. */
export interface CsvRelation {
  sql: string;
  columns: CsvColumn[];
  /**
   * When the relation converts money columns itself (src/ingest/csv-decimals.ts): a query over
   * the same file, $path bound, with the reader typing every column, to run only after a failed
   * read to find the line and column of a bad value (locateCsvError).
   */
  check?: string;
}

const HEADER_PROBE_BYTES = 1 << 20;

/** Reads and parses the first line of a CSV file, or of a `.gz` one (RFC 4180 quoting, UTF-8 BOM tolerated). */
export function readCsvHeader(path: string): string[] {
  let text = (isStreamableGzip(path) ? readGzipHead(path, HEADER_PROBE_BYTES) : readFileHead(path, HEADER_PROBE_BYTES)).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseCsvLine(text);
}


/**
 * A strict CSV reader: every column named by the header, typed by `typeOf` (VARCHAR otherwise),
 * so that DuckDB reports a ragged row or a bad number with its line and column. DuckDB names are
 * case-insensitive while CUR headers are not (`resourceTags/user:team` and `…:Team` both occur),
 * so a header that clashes with an earlier one gets a unique name (`…:Team~2`). Money columns
 * are read as text and converted by the relation (csv-decimals.ts); `check` then locates a bad one.
 */
export function csvRelation(headers: string[], typeOf: (header: string) => string | undefined, nullStrings: string[] = ['']): CsvRelation {
  const taken = new Set<string>();
  const columns = headers.map((header, i) => {
    let name = header;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${header}~${n}`;
    taken.add(name.toLowerCase());
    return { header, name, position: i, type: typeOf(header) ?? 'VARCHAR' };
  });
  const converted = columns.filter((c) => convertedInSelect(c.type));
  const reader = (typed: boolean) => {
    const spec = columns.map((c) => `${quoteLiteral(`c${c.position}`)}: ${quoteLiteral(typed || !convertedInSelect(c.type) ? c.type : 'VARCHAR')}`).join(', ');
    const nulls = nullStrings.map(quoteLiteral).join(', ');
    return `read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, nullstr = [${nulls}], columns = {${spec}})`;
  };
  const renames = columns.map((c) => `${convertedInSelect(c.type) ? moneyFromText(`c${c.position}`) : quoteIdentifier(`c${c.position}`)} AS ${quoteIdentifier(c.name)}`).join(', ');
  return {
    sql: `(SELECT ${renames} FROM ${reader(false)})`,
    columns: columns.map(({ header, name }) => ({ header, name })),
    check: converted.length === 0 ? undefined : `SELECT ${converted.map((c) => `count(${quoteIdentifier(`c${c.position}`)})`).join(', ')} FROM ${reader(true)}`,
  };
}

/**
 * The column names and types of a Parquet file; an unreadable file is an input error naming it as
 * `label` (the user's file, and its zip entry, when `path` is the copy unpacked from it).
 */
export async function parquetSchema(connection: DuckDBConnection, path: string, label = path): Promise<{ name: string; type: string }[]> {
  try {
    const result = await connection.runAndReadAll('SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($path, hive_partitioning = false))', { path });
    return result.getRows().map(([name, type]) => ({ name: String(name), type: String(type) }));
  } catch (error) {
    throw new CostlensError('input', `${label}: not a readable Parquet file (${messageOf(error).split('\n')[0]})`, {
      hint: 'the file is truncated or damaged (an interrupted download or copy?): download it again; nothing was written to the store',
      cause: error,
    });
  }
}

/** DuckDB's reason for a CSV error: the line before its "Possible fixes" (e.g. "value with unterminated quote found"). */
function csvReason(message: string): string | undefined {
  const before = /^[\s\S]*?Original Line:[\s\S]*\n(.+)\n+Possible (?:fixes|Solution)/.exec(message)?.[1]?.trim();
  return before ? `${before[0].toLowerCase()}${before.slice(1).replace(/\.$/, '')}` : undefined;
}

/** The line DuckDB's CSV reader names in `message` ("CSV Error on Line: N", records counted as one line each). */
function duckdbCsvLine(message: string): number | undefined {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  return line === undefined ? undefined : Number(line);
}

/**
 * Turns a DuckDB read or conversion error into an input error that names the file and, when
 * DuckDB reports them, the line and column. `line` is the physical line to name instead of
 * DuckDB's (which counts a record whose quoted field spans lines as one: csv-lines.ts).
 */
export function describeReadError(path: string, error: unknown, headers: string[] = [], line = duckdbCsvLine(messageOf(error))): CostlensError {
  const message = messageOf(error);
  const rawColumn = /converting column "([^"]+)"/.exec(message)?.[1];
  const position = rawColumn ? /^c(\d+)$/.exec(rawColumn)?.[1] : undefined;
  const column = position !== undefined && headers[Number(position)] !== undefined ? headers[Number(position)] : rawColumn;
  const conversion = /Could not convert string "([^"]*)" to '([A-Z]+)/.exec(message);
  const expected = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const where = `${path}${line ? `:${line}` : ''}`;
  let what: string;
  if (conversion && column) what = `column "${column}": "${conversion[1]}" is not a valid ${valueKind(conversion[2])}`;
  else if (expected) what = `expected ${expected[1]} fields as in the header, found ${expected[2]}`;
  else what = csvReason(message) ?? message.split('\n')[0].replace(/^[A-Za-z ]+Error: /, '');
  return new CostlensError('input', `${where}: ${what}`, {
    hint: 'fix or re-export the file; nothing was written to the store',
    cause: error,
  });
}

const NUMBER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'FLOAT', 'REAL', 'DOUBLE', 'DECIMAL', 'NUMERIC']);

/** What a value of the DuckDB type a column is read as must be, in words: `date (YYYY-MM-DD)`, `number`. */
export function valueKind(type: string): string {
  if (NUMBER_TYPES.has(type)) return 'number';
  if (type === 'DATE') return 'date (YYYY-MM-DD)';
  if (type === 'TIMESTAMP') return 'timestamp';
  if (type === 'TIME') return 'time (HH:MM:SS)';
  if (type === 'BOOLEAN') return 'boolean (true or false)';
  return `${type.toLowerCase()} value`;
}

/** DuckDB ran out of memory: say which limit and how to raise it. */
export function outOfMemoryError(what: string, error: unknown): CostlensError {
  return new CostlensError('store', `${what}: DuckDB ran out of memory within its limit of ${writerMemoryLimit()} (COSTLENS_MEMORY_LIMIT)`, {
    hint: 'raise COSTLENS_MEMORY_LIMIT (e.g. COSTLENS_MEMORY_LIMIT=4GB) if the machine has the memory: files with thousands of columns (one per tag key) need more',
    cause: error,
  });
}

/**
 * Explains why DuckDB could not load a CSV or Parquet file, naming `label` (the file, and its zip
 * entry): running out of memory, a byte that is not UTF-8 or a line too long for the reader (found
 * by scanning the plain copy, with the line), else DuckDB's own column and reason, at the physical
 * line of the record DuckDB names.
 */
export async function explainReadFailure(label: string, plain: string, error: unknown, headers: string[] = []): Promise<CostlensError> {
  const message = messageOf(error);
  if (/Out of Memory Error/i.test(message)) {
    return outOfMemoryError(`${label}${headers.length ? ` (${headers.length.toLocaleString('en-US')} columns)` : ''}`, error);
  }
  if (/\.parquet$/i.test(plain)) return describeReadError(label, error, headers);
  const invalid = await findInvalidUtf8(plain).catch(() => undefined);
  if (invalid) {
    return new CostlensError('input', `${label}:${invalid.line}: not valid UTF-8 (byte 0x${invalid.byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${invalid.offset.toLocaleString('en-US')})`, {
      hint: 'costlens reads CSV files as UTF-8: re-export the file as UTF-8 or convert it (e.g. iconv -f WINDOWS-1252 -t UTF-8)',
      cause: error,
    });
  }
  const aboutLength = /Maximum line size|full read|max_line_size/i.test(message) || !/Line: \d+/.test(message);
  const long = aboutLength ? await findOverlongRecord(plain).catch(() => undefined) : undefined;
  if (long) {
    const limit = MAX_LINE_BYTES.toLocaleString('en-US');
    return long.quoted
      ? new CostlensError('input', `${label}:${long.line}: a quoted field opened on line ${long.line} is still open after ${limit} bytes`, {
        hint: 'an unbalanced quote (") swallows the lines after it: check this line of the file',
        cause: error,
      })
      : new CostlensError('input', `${label}:${long.line}: line ${long.line} is ${long.bytes.toLocaleString('en-US')} bytes long; costlens reads lines of up to ${limit} bytes`, {
        hint: 'a line this long is not billing data: the file is damaged or not the CSV it seems to be',
        cause: error,
      });
  }
  const logical = duckdbCsvLine(message);
  const line = logical === undefined ? undefined : (await physicalLine(plain, logical).catch(() => undefined)) ?? logical;
  return describeReadError(label, error, headers, line);
}
