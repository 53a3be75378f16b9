import { openStore, type Store } from '../store/open.ts';
import { rowsFromDuckDB } from './conversion/index.ts';
import { runNamedQuery, type RawParams } from './duckdb.ts';
import type { Engine, QueryRows } from './engine.ts';
import { QUERIES_DIR } from './queries.ts';
import { queryRegistry } from './query-registry.ts';

/** The embedded engine: named queries on the DuckDB store, opened read-only; each run has its own connection, so runs may overlap. */
export class DuckDBEngine implements Engine {
  readonly name = 'duckdb' as const;

  private constructor(private readonly store: Store, private readonly queriesDir: string) {}

  /** Opens the store read-only (waiting, bounded, while an ingest holds it). */
  static async open(storePath: string, options: { queriesDir?: string; waitMs?: number } = {}): Promise<DuckDBEngine> {
    const store = await openStore(storePath, { readOnly: true, waitMs: options.waitMs ?? 30_000 });
    return new DuckDBEngine(store, options.queriesDir ?? QUERIES_DIR);
  }

  async run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
    const connection = await this.store.connect();
    try {
      const query = queryRegistry(this.queriesDir).find(queryName);
      return rowsFromDuckDB(query, await runNamedQuery(connection, query, params));
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    this.store.close();
  }
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
