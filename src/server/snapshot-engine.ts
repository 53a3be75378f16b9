import { rowsFromText } from '../engine/conversion/index.ts';
import type { RawParams } from '../engine/duckdb.ts';
import type { Engine, QueryRows } from '../engine/engine.ts';
import type { NamedQuery } from '../engine/queries.ts';
import type { QueryResult } from './query-result.ts';

/** Runs a named query on one pinned generation of the store (see QueryService.withSession). */
export type SnapshotQuery = (name: string, params: RawParams) => Promise<QueryResult>;

/**
 * The analysers' `Engine` inside the server: named queries run on the read-only connections of
 * one store generation (the one the request pinned), through the server's result cache, with the
 * CLI's parameter checks (so an analyser sees exactly what `DuckDBEngine` would give it: the cached
 * text cells read back by the query's declared column types, src/engine/conversion/). It owns
 * nothing: the store pool opens and closes connections, so `close()` does nothing.
 */
export class SnapshotEngine implements Engine {
  readonly name = 'duckdb' as const;

  constructor(
    /** The generation every query of this engine reads. */
    readonly generation: string,
    private readonly query: SnapshotQuery,
    /** Finds a query's header, for the types of its columns. */
    private readonly find: (name: string) => NamedQuery,
  ) {}

  async run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
    const result = await this.query(queryName, params);
    return { columns: [...result.columns], rows: rowsFromText(this.find(queryName), result.columns, result.rows) };
  }

  async close(): Promise<void> {
    // The store pool owns the connections.
  }
}
