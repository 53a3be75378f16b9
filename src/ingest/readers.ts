import { closeSync, openSync, readSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';
import { quoteIdentifier, quoteLiteral } from '../store/schema.ts';

/** A table function over one file: SQL text with its path bound as $path. */
export interface FileRelation {
  sql: string;
  columns: string[];
}

const HEADER_PROBE_BYTES = 1 << 20;

/** Reads and parses the first line of a CSV file (RFC 4180 quoting, UTF-8 BOM tolerated). */
export function readCsvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_PROBE_BYTES);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    let text = buffer.subarray(0, n).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return parseCsvLine(text);
  } finally {
    closeSync(fd);
  }
}

function parseCsvLine(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      break;
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * A strict CSV reader: every column named by the header, typed by `typeOf` (VARCHAR otherwise),
 * so that DuckDB reports a ragged row or a bad number with its line and column.
 */
export function csvRelation(headers: string[], typeOf: (header: string) => string | undefined, nullStrings: string[] = ['']): FileRelation {
  const seen = new Set<string>();
  for (const header of headers) {
    if (seen.has(header)) throw new CostlensError('input', `duplicate column "${header}" in the CSV header`);
    seen.add(header);
  }
  const columns = headers.map((h) => `${quoteLiteral(h)}: ${quoteLiteral(typeOf(h) ?? 'VARCHAR')}`).join(', ');
  const nulls = nullStrings.map(quoteLiteral).join(', ');
  return {
    sql: `read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, nullstr = [${nulls}], columns = {${columns}})`,
    columns: headers,
  };
}

/** A Parquet reader over one file. */
export function parquetRelation(columns: string[]): FileRelation {
  return { sql: 'read_parquet($path)', columns };
}

/** The column names and types of a Parquet file; an unreadable file is an input error naming it. */
export async function parquetSchema(connection: DuckDBConnection, path: string): Promise<{ name: string; type: string }[]> {
  try {
    const result = await connection.runAndReadAll('SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($path))', { path });
    return result.getRows().map(([name, type]) => ({ name: String(name), type: String(type) }));
  } catch (error) {
    throw new CostlensError('input', `${path}: not a readable Parquet file (${messageOf(error).split('\n')[0]})`, { cause: error });
  }
}

/** Selects `columns` from a relation: a helper for the simple, header-named formats. */
export function selectColumns(columns: string[]): string {
  return columns.map(quoteIdentifier).join(', ');
}

/**
 * Turns a DuckDB read or conversion error into an input error that names the file and, when
 * DuckDB reports them, the line and column.
 */
export function describeReadError(path: string, error: unknown): CostlensError {
  const message = messageOf(error);
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const column = /converting column "([^"]+)"/.exec(message)?.[1];
  const conversion = /Could not convert string "([^"]*)" to '([A-Z]+)/.exec(message);
  const expected = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const where = `${path}${line ? `:${line}` : ''}`;
  let what: string;
  if (conversion && column) what = `column "${column}": "${conversion[1]}" is not a valid ${conversion[2] === 'TIMESTAMP' ? 'timestamp' : 'number'}`;
  else if (expected) what = `expected ${expected[1]} fields as in the header, found ${expected[2]}`;
  else what = message.split('\n')[0].replace(/^[A-Za-z ]+Error: /, '');
  return new CostlensError('input', `${where}: ${what}`, {
    hint: 'fix or re-export the file; nothing was written to the store',
    cause: error,
  });
}
