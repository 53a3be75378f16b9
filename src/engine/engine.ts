import { CostlensError } from '../errors.ts';
import type { Cell, CellRow } from './conversion/index.ts';
import type { RawParams } from './duckdb.ts';

export type { Cell, CellRow } from './conversion/index.ts';

/**
 * Query results as typed cells, read by each column's declared type (src/engine/conversion/):
 * DECIMAL as bigint money units, counts and doubles as numbers, dates and timestamps as text
 * (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`), booleans as booleans. Every engine gives the same cells.
 */
export interface QueryRows {
  columns: string[];
  rows: CellRow[];
}

/** Runs the named queries of `queries/` on one engine (embedded DuckDB, or Athena at scale). */
export interface Engine {
  readonly name: 'duckdb' | 'athena';
  /**
   * Runs `queries/<name>.sql` (or its engine twin) with parameters checked against its header; rows
   * typed by its `@returns` (prefer `runQuery` in query-types.ts, which also types them for tsc).
   */
  run(queryName: string, params?: RawParams): Promise<QueryRows>;
  close(): Promise<void>;
}

/**
 * The items of a list column that a query returns as JSON text (`CAST(list AS JSON)`, the same
 * text on DuckDB and Athena): texts, and null for a missing item; an empty list for NULL. Other
 * JSON values (numbers, booleans) come back as their text.
 */
export function listCell(cell: Cell | undefined): (string | null)[] {
  if (cell === null || cell === undefined) return [];
  if (typeof cell !== 'string') throw new CostlensError('internal', `a list column holds a ${typeof cell}, not JSON text`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(cell);
  } catch (error) {
    throw new CostlensError('internal', `a list column holds "${cell.slice(0, 60)}", not a JSON array`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new CostlensError('internal', `a list column holds "${cell.slice(0, 60)}", not a JSON array`);
  return parsed.map((item) => (item === null ? null : typeof item === 'string' ? item : JSON.stringify(item)));
}
