/**
 * Typed cells from text, by the column's declared type: what Athena returns (every cell as text)
 * and what the server's result cache keeps (DuckDB values as the CLI prints them). They read into
 * exactly the cells src/engine/conversion/from-duckdb.ts gives, so every engine returns the same rows.
 */
import { toUnits } from '../../lib/money.ts';
import type { ColumnType, NamedQuery } from '../queries.ts';
import { cellError, declaredTypes, safeInteger, type Cell, type CellRow, type CellSource } from './cell.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/;
const INTEGER = /^[-+]?\d+$/;

/** One text cell as the typed cell of a column declared `type`; text that is not of the type is an internal error. */
export function cellFromText(text: string | null, type: ColumnType, source: CellSource): Cell {
  if (text === null) return null;
  const fail = (cause?: unknown) => cellError(source, type, `"${text.slice(0, 60)}"`, cause);
  switch (type) {
    case 'VARCHAR':
      return text;
    case 'DECIMAL':
      try {
        return toUnits(text);
      } catch (error) {
        throw fail(error);
      }
    case 'BIGINT':
    case 'INTEGER':
      if (!INTEGER.test(text)) throw fail();
      return safeInteger(BigInt(text), source, type);
    case 'DOUBLE': {
      const number = Number(text);
      if (text.trim() === '' || (Number.isNaN(number) && text !== 'NaN')) throw fail();
      return number;
    }
    case 'BOOLEAN':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw fail();
    case 'DATE':
      if (!DATE.test(text)) throw fail();
      return text;
    case 'TIMESTAMP':
      // Athena writes `2026-10-01 00:00:00.000`; DuckDB (and so every engine) `2026-10-01 00:00:00`.
      if (!TIMESTAMP.test(text)) throw fail();
      return text.replace(/\.0+$/, '');
  }
}

/** Rows of text cells of a named query (columns in `columns` order) as typed rows keyed by column name. */
export function rowsFromText(query: NamedQuery, columns: readonly string[], rows: readonly (readonly (string | null)[])[]): CellRow[] {
  const types = declaredTypes(query, columns);
  const sources = columns.map((column) => ({ query: query.name, column }));
  return rows.map((cells) => {
    const row: CellRow = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]] = cellFromText(cells[i] ?? null, types[i], sources[i]);
    return row;
  });
}
