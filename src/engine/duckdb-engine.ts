import { openStore, type Store } from '../store/open.ts';
import { rowsFromDuckDB } from './conversion/index.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { runNamedQuery, type PreparedStatements, type RawParams } from './duckdb.ts';
import type { Engine, QueryRows } from './engine.ts';
import { QUERIES_DIR } from './queries.ts';
import { queryRegistry } from './query-registry.ts';

/** A connection the engine keeps between runs, with the statements prepared on it. */
interface KeptConnection {
  connection: DuckDBConnection;
  statements: PreparedStatements;
}

/**
 * The embedded engine: named queries on the DuckDB store, opened read-only. Each run has a
 * connection of its own, so runs may overlap; a connection is kept once its run ends, with the
 * statements prepared on it, for the next run (a weekly report runs some 80 queries, many of them
 * again per audience: connecting and preparing each time took more than a CPU-second of it).
 */
export class DuckDBEngine implements Engine {
  readonly name = 'duckdb' as const;
  private readonly idle: KeptConnection[] = [];
  private closed = false;

  private constructor(private readonly store: Store, private readonly queriesDir: string) {}

  /** Opens the store read-only (waiting, bounded, while an ingest holds it). */
  static async open(storePath: string, options: { queriesDir?: string; waitMs?: number } = {}): Promise<DuckDBEngine> {
    const store = await openStore(storePath, { readOnly: true, waitMs: options.waitMs ?? 30_000 });
    return new DuckDBEngine(store, options.queriesDir ?? QUERIES_DIR);
  }

  async run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
    const kept = this.idle.pop() ?? { connection: await this.store.connect(), statements: new Map() };
    try {
      const query = queryRegistry(this.queriesDir).find(queryName);
      return rowsFromDuckDB(query, await runNamedQuery(kept.connection, query, params, kept.statements));
    } finally {
      if (this.closed) release(kept);
      else this.idle.push(kept);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.splice(0).forEach(release);
    this.store.close();
  }
}

function release({ connection, statements }: KeptConnection): void {
  for (const statement of statements.values()) statement.destroySync();
  connection.closeSync();
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
