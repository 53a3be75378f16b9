import type { DuckDBConnection } from '@duckdb/node-api';
import { resultToTable } from '../lib/table.ts';
import { bindParams, runNamedQuery, type PreparedStatements, type RawParams } from '../engine/duckdb.ts';
import type { Engine } from '../engine/engine.ts';
import type { NamedQuery } from '../engine/queries.ts';
import { queryRegistry, type QueryRegistry } from '../engine/query-registry.ts';
import { CostlensError } from '../errors.ts';
import { classifyQueryError } from './errors.ts';
import { validateParams } from './params.ts';
import type { ResultCache } from './result-cache.ts';
import type { QueryResult } from './query-result.ts';
import { SnapshotEngine } from './snapshot-engine.ts';
import type { Snapshot, StorePool } from './store-pool.ts';
import { ascending } from '../lib/order.ts';

export type { QueryResult } from './query-result.ts';

/** Runs queries by name inside one pinned generation. */
export type QueryRunner = (name: string, params?: Record<string, string | string[] | undefined>) => Promise<QueryResult>;

/**
 * A check run before a query on the very generation the query then reads (QueryService.run), with
 * a runner on that generation: it refuses the query by throwing. An ingest that switches the store
 * between the check and the query cannot slip a generation the check did not see past it.
 */
export type QueryCheck = (run: QueryRunner) => Promise<void>;

/** One pinned generation, seen two ways: request parameters (strict) and the analysers' Engine. */
export interface QuerySession {
  generation: string;
  /** Named queries with request parameters, validated strictly (400 with a message). */
  run: QueryRunner;
  /**
   * Named queries whose parameters the server derived from the store (a tag's raw spellings, which
   * may hold any character the bill holds) on top of request parameters already checked by `run`'s
   * rules: checked as the CLI checks them.
   */
  runDerived: QueryRunner;
  /** The analysers' Engine on the same generation: parameters checked as the CLI checks them. */
  engine: Engine;
}

export interface QueryServiceOptions {
  /** A query running longer is interrupted (HTTP 503). Default 60 s. */
  timeoutMs?: number;
}

/**
 * The named queries of the registry (src/engine/query-registry.ts, read once per process) run on
 * the store pool through the result cache. Parameters are validated strictly (400 with a
 * message) before anything runs.
 */
export class QueryService {
  private readonly timeoutMs: number;

  constructor(
    private readonly pool: StorePool,
    private readonly cache: ResultCache<QueryResult>,
    private readonly registry: QueryRegistry,
    options: QueryServiceOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** The service over the registry of `dir` (loaded on first use, shared with the engines). */
  static load(pool: StorePool, cache: ResultCache<QueryResult>, dir: string, options?: QueryServiceOptions): QueryService {
    return new QueryService(pool, cache, queryRegistry(dir), options);
  }

  /** The portable queries, as `GET /api/queries` lists them. */
  get queries(): readonly NamedQuery[] {
    return this.registry.queries;
  }

  /** Finds a query by `area/name`, or by `name` alone when unique; 404 otherwise. */
  find(name: string): NamedQuery {
    return this.registry.find(name);
  }

  /**
   * Runs one query on the current generation; `cached` tells whether the result came from the
   * cache. The parameters are checked first (400); then `check`, if given, on the generation pinned
   * for the query (a refusal throws).
   */
  async run(name: string, params: Record<string, string | string[] | undefined> = {}, check?: QueryCheck): Promise<{ result: QueryResult; cached: boolean }> {
    const query = this.find(name);
    const bound = validateParams(query, params);
    return this.pool.use(async (snapshot) => {
      if (check) await check(this.runnerOn(snapshot));
      return this.runOn(snapshot, query, bound);
    });
  }

  /** Runs `work` with a runner whose queries all read the same generation (a page's figures agree). */
  async withRunner<T>(work: (run: QueryRunner, generation: string) => Promise<T>): Promise<T> {
    return this.pool.use((snapshot) => work(this.runnerOn(snapshot), snapshot.generation));
  }

  /**
   * Runs `work` on one pinned generation with both a strict runner and an Engine for the
   * analysers (src/analyze), so that a page's query figures and analyser figures read the same
   * data. Both go through the result cache; a result is shared when query and parameters agree.
   */
  async withSession<T>(work: (session: QuerySession) => Promise<T>): Promise<T> {
    return this.pool.use((snapshot) => {
      const run = this.runnerOn(snapshot);
      const runDerived = async (name: string, params: RawParams = {}) => {
        const query = this.find(name);
        return (await this.runOn(snapshot, query, withDefaults(query, params))).result;
      };
      const engine = new SnapshotEngine(snapshot.generation, runDerived, (name) => this.find(name));
      return work({ generation: snapshot.generation, run, runDerived: runDerived as QueryRunner, engine });
    });
  }

  /** Named queries with request parameters (strict) on one pinned snapshot. */
  private runnerOn(snapshot: Snapshot): QueryRunner {
    return async (name, params = {}) => {
      const query = this.find(name);
      return (await this.runOn(snapshot, query, validateParams(query, params))).result;
    };
  }

  private async runOn(snapshot: Snapshot, query: NamedQuery, params: RawParams): Promise<{ result: QueryResult; cached: boolean }> {
    const key = `${query.name}\u0000${JSON.stringify(Object.entries(params).sort(([a], [b]) => ascending(a, b)))}`;
    const { value, hit } = await this.cache.get(snapshot.generation, key, async () => {
      const result = await snapshot.withConnection((connection, statements) => this.execute(connection, statements, snapshot.generation, query, params));
      return { value: result, bytes: estimateBytes(result) };
    });
    return { result: value, cached: hit };
  }

  private async execute(connection: DuckDBConnection, statements: PreparedStatements, generation: string, query: NamedQuery, params: RawParams): Promise<QueryResult> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, this.timeoutMs);
    try {
      const reader = await runNamedQuery(connection, query, params, statements);
      const table = resultToTable(reader);
      const types = reader.columnTypes().map((t) => t.toString());
      return { query: query.name, generation, params, columns: table.columns, types, rows: table.rows, encoded: new Map() };
    } catch (error) {
      if (timedOut) {
        throw new CostlensError('store_locked', `query ${query.name} ran longer than ${this.timeoutMs / 1000} s and was stopped`, {
          hint: 'narrow the date range',
          cause: error,
        });
      }
      throw classifyQueryError(error, query.name);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The parameters an analyser gives, checked as the CLI's DuckDBEngine checks them (unknown names,
 * missing values, types) and completed with the declared defaults, so the cache key is the same
 * whoever asks.
 */
function withDefaults(query: NamedQuery, params: RawParams): RawParams {
  bindParams(query, params);
  return Object.fromEntries(query.params.map((p) => [p.name, params[p.name] ?? p.defaultValue]));
}

/** A rough size of a result in memory, with room for its encodings. */
function estimateBytes(result: QueryResult): number {
  let bytes = 256;
  for (const row of result.rows) {
    bytes += 48;
    for (const cell of row) bytes += 16 + (cell === null ? 0 : cell.length * 2);
  }
  return bytes * 3;
}
