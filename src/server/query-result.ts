import type { RawParams } from '../engine/duckdb.ts';

/** One query's result as the server keeps it: text cells exactly as the CLI prints them, plus column types. */
export interface QueryResult {
  query: string;
  generation: string;
  /** Every declared parameter as bound (defaults filled in). */
  params: RawParams;
  columns: string[];
  /** DuckDB type of each column, e.g. `DECIMAL(38,10)`, `DATE`, `VARCHAR`. */
  types: string[];
  rows: (string | null)[][];
  /** Encodings of this result (CSV, Arrow, …) made on demand and kept with it. */
  encoded: Map<string, string | Uint8Array>;
}
