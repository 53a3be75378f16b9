import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { openStore, type Store } from '../store/open.ts';
import { rowsFromDuckDB } from './conversion/index.ts';
import { runNamedQuery, type RawParams } from './duckdb.ts';
import type { Engine, QueryRows } from './engine.ts';
import { KeptConnections } from './kept-connections.ts';
import { QUERIES_DIR } from './queries.ts';
import { queryRegistry } from './query-registry.ts';

/**
 * The embedded engine: named queries on the DuckDB store, opened read-only. Each run has a
 * connection of its own, so runs may overlap; a connection is kept once its run ends, with the
 * statements prepared on it, for the next run (kept-connections.ts: a weekly report runs some 80
 * queries, many of them again per audience).
 */
export class DuckDBEngine implements Engine {
  readonly name = 'duckdb' as const;
  private readonly connections: KeptConnections;

  private constructor(private readonly store: Store, private readonly queriesDir: string) {
    this.connections = new KeptConnections({
      connect: () => store.connect(),
      closedError: () => new CostlensError('internal', `the DuckDB engine on ${store.path} is closed: no query runs on it after close()`),
    });
  }

  /** Opens the store read-only (waiting, bounded, while an ingest holds it). */
  static async open(storePath: string, options: { queriesDir?: string; waitMs?: number } = {}): Promise<DuckDBEngine> {
    const store = await openStore(storePath, { readOnly: true, waitMs: options.waitMs ?? 30_000 });
    return new DuckDBEngine(store, options.queriesDir ?? QUERIES_DIR);
  }

  async run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
    return this.connections.use(async ({ connection, statements }) => {
      const query = queryRegistry(this.queriesDir).find(queryName);
      return rowsFromDuckDB(query, await runNamedQuery(connection, query, params, statements));
    });
  }

  async close(): Promise<void> {
    this.connections.close();
    this.store.close();
  }
}

/**
 * The named queries on a connection to a store already open, as an Engine: for a caller that holds
 * the store for other work too (`costlens status`). Closing it closes nothing: the connection is its owner's.
 */
export function connectionEngine(connection: DuckDBConnection, queriesDir: string = QUERIES_DIR): Engine {
  return {
    name: 'duckdb',
    async run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
      const query = queryRegistry(queriesDir).find(queryName);
      return rowsFromDuckDB(query, await runNamedQuery(connection, query, params));
    },
    async close() {},
  };
}

/** Opens an engine, runs `work`, and always closes it. */
export async function withEngine<T>(storePath: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await DuckDBEngine.open(storePath);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
