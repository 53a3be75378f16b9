/** The bodies `GET /api/queries/:name` answers with: a query result as JSON, CSV or Arrow IPC, and as chart values. */
import {
  Bool,
  DateDay,
  Decimal,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMicrosecond,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { parseDecimal } from '../lib/money.ts';
import { renderTable } from '../lib/table.ts';
import type { QueryResult } from './query-service.ts';

/** The formats `GET /api/queries/:name` answers in. */
export const API_FORMATS = ['json', 'csv', 'arrow'] as const;
export type ApiFormat = (typeof API_FORMATS)[number];

export const CONTENT_TYPES: Record<ApiFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.stream',
};

/** The JSON body: the query, its generation and bound parameters, typed columns, and rows of exact text cells. */
export function toJson(result: QueryResult): string {
  return memo(result, 'json', () =>
    JSON.stringify({
      query: result.query,
      generation: result.generation,
      params: result.params,
      columns: result.columns.map((name, i) => ({ name, type: result.types[i] })),
      rows: result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]]))),
    }),
  );
}

/** CSV exactly as `costlens query NAME --format csv` prints it (RFC 4180, CRLF). */
export function toCsv(result: QueryResult): string {
  return memo(result, 'csv', () => renderTable({ columns: result.columns, rows: result.rows }, 'csv'));
}

/**
 * Arrow IPC (stream format) with each column in its Arrow type: DECIMAL(p,s) and HUGEINT as
 * Decimal128 (exact), BIGINT as Int64, DOUBLE as Float64, DATE as DateDay, TIMESTAMP as
 * microsecond Timestamp, BOOLEAN as Bool, anything else as UTF-8 text as the CLI prints it.
 */
export function toArrow(result: QueryResult): Uint8Array {
  return memo(result, 'arrow', () => {
    const columns: Record<string, Vector> = {};
    result.columns.forEach((name, i) => {
      columns[name] = arrowVector(result.types[i], result.rows.map((row) => row[i]));
    });
    return tableToIPC(new Table(columns), 'stream');
  });
}

/** Rows for a chart: numeric columns as JS numbers, booleans as booleans, the rest as text. */
export function chartValues(result: QueryResult): Record<string, string | number | boolean | null>[] {
  const convert = result.types.map((type) => {
    if (isNumeric(type)) return (v: string) => Number(v);
    if (type === 'BOOLEAN') return (v: string) => v === 'true';
    return (v: string) => v;
  });
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i] === null ? null : convert[i](row[i]!)])));
}

/** True for DuckDB number types (integers, decimals, floating point). */
export function isNumeric(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/.test(type);
}

function memo<T extends string | Uint8Array>(result: QueryResult, key: string, make: () => T): T {
  let value = result.encoded.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    result.encoded.set(key, value);
  }
  return value;
}

function arrowVector(type: string, cells: (string | null)[]): Vector {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (decimal) return decimalVector(cells, Number(decimal[1]), Number(decimal[2]));
  switch (type) {
    case 'HUGEINT':
    case 'UBIGINT':
    case 'UHUGEINT':
      return decimalVector(cells, 38, 0);
    case 'BIGINT':
    case 'UINTEGER':
      return vectorFromArray(cells.map((v) => (v === null ? null : BigInt(v))), new Int64());
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'UTINYINT':
    case 'USMALLINT':
      return vectorFromArray(cells.map((v) => (v === null ? null : Number(v))), new Int32());
    case 'FLOAT':
    case 'DOUBLE':
      return vectorFromArray(cells.map((v) => (v === null ? null : Number(v))), new Float64());
    case 'BOOLEAN':
      return vectorFromArray(cells.map((v) => (v === null ? null : v === 'true')), new Bool());
    case 'DATE':
      if (cells.every((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v))) {
        return vectorFromArray(cells.map((v) => (v === null ? null : new Date(`${v}T00:00:00Z`))), new DateDay());
      }
      break;
    case 'TIMESTAMP':
      if (cells.every((v) => v === null || TIMESTAMP_TEXT.test(v))) return timestampVector(cells);
      break;
  }
  return vectorFromArray(cells, new Utf8());
}

const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

function validity(cells: (string | null)[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(cells.length / 8));
  let nullCount = 0;
  cells.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

/** Decimal128: each value as its unscaled integer in four little-endian 32-bit words (two's complement). */
function decimalVector(cells: (string | null)[], precision: number, scale: number): Vector {
  const words = new Uint32Array(cells.length * 4);
  cells.forEach((cell, i) => {
    if (cell === null) return;
    let value = BigInt.asUintN(128, parseDecimal(cell, scale));
    for (let w = 0; w < 4; w++) {
      words[i * 4 + w] = Number(value & 0xffffffffn);
      value >>= 32n;
    }
  });
  const type = new Decimal(scale, precision, 128);
  return makeVector(makeData({ type, length: cells.length, ...validity(cells), data: words }));
}


function timestampVector(cells: (string | null)[]): Vector {
  const micros = new BigInt64Array(cells.length);
  cells.forEach((cell, i) => {
    const m = cell === null ? null : TIMESTAMP_TEXT.exec(cell);
    if (!m) return;
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    micros[i] = BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0'));
  });
  return makeVector(makeData({ type: new TimestampMicrosecond(), length: cells.length, ...validity(cells), data: micros }));
}
