import { CostlensError } from '../errors.ts';
import type { RawParams } from './duckdb.ts';

/** Query results as text cells: decimals keep every digit, timestamps read `YYYY-MM-DD HH:MM:SS`. */
export interface QueryRows {
  columns: string[];
  rows: Record<string, string | null>[];
}

/** Runs the named queries of `queries/` on one engine (embedded DuckDB, or Athena at scale). */
export interface Engine {
  readonly name: 'duckdb' | 'athena';
  /** Runs `queries/<name>.sql` (or its engine twin) with parameters checked against its header. */
  run(queryName: string, params?: RawParams): Promise<QueryRows>;
  close(): Promise<void>;
}

/**
 * The items of a list column that a query returns as JSON text (`CAST(list AS JSON)`, the same
 * text on DuckDB and Athena): texts, and null for a missing item; an empty list for NULL. Other
 * JSON values (numbers, booleans) come back as their text.
 */
export function listCell(cell: string | null | undefined): (string | null)[] {
  if (cell === null || cell === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(cell);
  } catch (error) {
    throw new CostlensError('internal', `a list column holds "${cell.slice(0, 60)}", not a JSON array`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new CostlensError('internal', `a list column holds "${cell.slice(0, 60)}", not a JSON array`);
  return parsed.map((item) => (item === null ? null : typeof item === 'string' ? item : JSON.stringify(item)));
}
