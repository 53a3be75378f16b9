/**
 * Typed cells from DuckDB's values (`@duckdb/node-api`), by the column's declared type: a DECIMAL
 * is read from the driver's DuckDBDecimalValue (unscaled integer and scale), never through its text.
 */
import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { MONEY_SCALE, unitsOf } from '../../lib/money.ts';
import type { ColumnType, NamedQuery } from '../queries.ts';
import { cellError, declaredTypes, safeInteger, type Cell, type CellRow, type CellSource } from './cell.ts';

const describe = (value: DuckDBValue) => (value === null ? 'NULL' : typeof value === 'object' ? `a ${value.constructor.name}` : `a ${typeof value}`);

/** One DuckDB value as the typed cell of a column declared `type`; a value of another type is an internal error. */
export function cellFromDuckDB(value: DuckDBValue, type: ColumnType, source: CellSource): Cell {
  if (value === null) return null;
  switch (type) {
    case 'VARCHAR':
      if (typeof value === 'string') return value;
      break;
    case 'DECIMAL':
      if (value instanceof DuckDBDecimalValue) return unitsOf(value);
      break;
    case 'BIGINT':
    case 'INTEGER':
      if (typeof value === 'bigint') return safeInteger(value, source, type);
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      break;
    case 'DOUBLE':
      if (typeof value === 'number') return value;
      break;
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      break;
    case 'DATE':
      if (value instanceof DuckDBDateValue) return String(value);
      break;
    case 'TIMESTAMP':
      if (value instanceof DuckDBTimestampValue) return String(value);
      break;
  }
  throw cellError(source, type, describe(value));
}

/**
 * The cells of one column of a result, as {@link cellFromDuckDB} reads them, for results of
 * thousands of rows: a DECIMAL already at money scale is its unscaled integer, and the text of each
 * distinct date or timestamp is written once (a column repeats a few days or hours).
 */
function columnReader(type: ColumnType, source: CellSource): (value: DuckDBValue) => Cell {
  if (type === 'DECIMAL') {
    return (value) => (value instanceof DuckDBDecimalValue && value.scale === MONEY_SCALE ? value.value : cellFromDuckDB(value, type, source));
  }
  if (type === 'DATE' || type === 'TIMESTAMP') {
    const texts = new Map<number | bigint, string>();
    const keyOf = type === 'DATE'
      ? (value: DuckDBValue) => (value instanceof DuckDBDateValue ? value.days : undefined)
      : (value: DuckDBValue) => (value instanceof DuckDBTimestampValue ? value.micros : undefined);
    return (value) => {
      const key = keyOf(value);
      if (key === undefined) return cellFromDuckDB(value, type, source);
      let text = texts.get(key);
      if (text === undefined) texts.set(key, (text = String(value)));
      return text;
    };
  }
  return (value) => cellFromDuckDB(value, type, source);
}

/** A DuckDB result of a named query as typed rows keyed by column name, each cell read by its declared type. */
export function rowsFromDuckDB(query: NamedQuery, reader: DuckDBResultReader): { columns: string[]; rows: CellRow[] } {
  const columns = reader.columnNames();
  const types = declaredTypes(query, columns);
  const readers = columns.map((column, i) => columnReader(types[i], { query: query.name, column }));
  const rows = reader.getRows().map((values) => {
    const row: CellRow = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]] = readers[i](values[i]);
    return row;
  });
  return { columns, rows };
}
