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
