import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { PreparedStatements } from '../engine/duckdb.ts';
import { KeptConnections } from '../engine/kept-connections.ts';
import { messageOf } from '../errors.ts';
import { createDuckDB, readerSettings } from '../store/duckdb-settings.ts';
import { admitReader } from '../store/open.ts';
import { notAStoreError, notAStoreReason } from '../store/store-file.ts';
import { unavailable } from './errors.ts';

export interface StorePoolOptions {
  /** Read-only connections per generation (queries that run at once). Default 4. */
  connections?: number;
  /** How long a query waits for a free connection before a 503. Default 30 s. */
  acquireTimeoutMs?: number;
  /** Called when a new generation of the store is opened (the previous one, if any, retires). */
  onSwitch?: (generation: string, previous: string | undefined) => void;
}

const DEFAULTS = { connections: 4, acquireTimeoutMs: 30_000 } satisfies StorePoolOptions;

/** One generation of the store, pinned for the length of a request. */
export interface Snapshot {
  /** Identifies the file the queries read: changes with every ingest. */
  readonly generation: string;
  /** When this generation was opened. */
  readonly openedAt: Date;
  /**
   * Runs `work` with a connection of this generation, waiting (bounded) for a free one, and the
   * connection's prepared statements (kept while the generation is open).
   */
  withConnection<T>(work: (connection: DuckDBConnection, statements: PreparedStatements) => Promise<T>): Promise<T>;
}

/** A read-only DuckDB instance on one generation of the file, confined to it (src/store/sandbox.ts), with its connections. */
class Generation implements Snapshot {
  readonly openedAt = new Date();
  pins = 0;
  retired = false;
  closed = false;
  private readonly connections: KeptConnections;

  constructor(
    readonly generation: string,
    private readonly instance: DuckDBInstance,
    first: DuckDBConnection,
    options: typeof DEFAULTS,
  ) {
    this.connections = new KeptConnections({
      connect: () => instance.connect().catch((error: unknown) => {
        throw unavailable(`cannot connect to the store: ${messageOf(error).split('\n')[0]}`, { cause: error });
      }),
      closedError: () => unavailable('the server is closing'),
      limit: {
        connections: options.connections,
        waitMs: options.acquireTimeoutMs,
        busyError: () => unavailable(`all ${options.connections} store connections stayed busy for ${options.acquireTimeoutMs} ms`, {
          hint: 'the server is overloaded; retry shortly',
        }),
      },
    }, first);
  }

  withConnection<T>(work: (connection: DuckDBConnection, statements: PreparedStatements) => Promise<T>): Promise<T> {
    return this.connections.use(({ connection, statements }) => work(connection, statements));
  }

  /** Closes the instance once it is retired and no request holds it. */
  closeWhenUnused(): void {
    if (!this.retired || this.pins > 0 || this.closed) return;
    this.closed = true;
    this.connections.close();
    this.instance.closeSync();
  }
}

/**
 * Serves read-only connections to the store and follows its generations. An ingest writes a new
 * file and renames it over the store; a generation is the file's identity (inode, mtime, size),
 * checked with one stat per request. When it changes, the next request opens the new file and
 * later requests use it, while requests already running finish on the old one, which is then
 * closed. The old data stays readable throughout an ingest, and nothing here ever blocks a writer.
 */
export class StorePool {
  private readonly options: typeof DEFAULTS & Pick<StorePoolOptions, 'onSwitch'>;
  private current?: Generation;
  private opening?: Promise<Generation>;
  private closed = false;
  /** Read once, so that a bad COSTLENS_THREADS fails the server's start, not its first request. */
  private readonly settings = readerSettings();

  constructor(readonly path: string, options: StorePoolOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Runs `work` on the current generation, pinned so that a switch cannot close it meanwhile. */
  async use<T>(work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
    for (;;) {
      const generation = await this.currentGeneration();
      if (generation.closed) continue;
      generation.pins++;
      try {
        return await work(generation);
      } finally {
        generation.pins--;
        generation.closeWhenUnused();
      }
    }
  }

  /** The generation now open, if any (no file check). */
  get generation(): string | undefined {
    return this.current?.generation;
  }

  /** Closes every generation (those in use close when their requests finish). */
  close(): void {
    this.closed = true;
    const current = this.current;
    this.current = undefined;
    if (current) {
      current.retired = true;
      current.closeWhenUnused();
    }
  }

  /** The file's identity now, or undefined when there is no file. */
  private identity(): string | undefined {
    try {
      const stat = statSync(this.path, { bigint: true });
      return createHash('sha256').update(`${stat.dev}:${stat.ino}:${stat.mtimeNs}:${stat.size}`).digest('base64url').slice(0, 16);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw unavailable(`cannot read the store ${this.path}: ${messageOf(error)}`, { cause: error });
    }
  }

  private async currentGeneration(): Promise<Generation> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw unavailable('the server is closing');
      const id = this.identity();
      if (id === undefined) {
        throw unavailable(`no store at ${this.path}`, {
          hint: 'ingest something first (`costlens ingest PATH`), or point --db / COSTLENS_DB at an existing store',
        });
      }
      if (this.current?.generation === id) return this.current;
      // One open at a time; a request that joined an open of an older file looks again.
      this.opening ??= this.open().finally(() => {
        this.opening = undefined;
      });
      const opened = await this.opening;
      if (opened.generation === id || attempt >= 3) return opened;
    }
  }

  private async open(): Promise<Generation> {
    for (;;) {
      const before = this.identity();
      if (before === undefined) throw unavailable(`no store at ${this.path}`);
      const notAStore = notAStoreReason(this.path);
      if (notAStore) {
        const error = notAStoreError(this.path, notAStore.reason, notAStore.hint);
        throw unavailable(error.message, { hint: error.hint, cause: error });
      }
      let instance: DuckDBInstance;
      try {
        instance = await createDuckDB(this.path, this.settings);
      } catch (error) {
        const locked = /Could not set lock|Conflicting lock/i.test(messageOf(error));
        throw unavailable(locked ? `the store ${this.path} is locked by a process that writes it in place` : `cannot open the store ${this.path}: ${messageOf(error).split('\n')[0]}`, {
          hint: locked ? 'retry when that process finishes' : 'is it a DuckDB file written by costlens?',
          cause: error,
        });
      }
      if (this.identity() !== before) {
        instance.closeSync(); // renamed while opening: open the newer file instead
        continue;
      }
      const connection = await instance.connect();
      try {
        await admitReader(connection, this.path).catch((error: Error) => {
          throw unavailable(error.message, { cause: error }); // an older or newer schema, a moved store: 503 with the CLI's hint
        });
      } catch (error) {
        connection.closeSync();
        instance.closeSync();
        throw error;
      }
      const generation = new Generation(before, instance, connection, this.options);
      if (this.closed) {
        generation.retired = true;
        generation.closeWhenUnused();
        throw unavailable('the server is closing');
      }
      const previous = this.current;
      this.current = generation;
      if (previous) {
        previous.retired = true;
        previous.closeWhenUnused();
      }
      this.options.onSwitch?.(generation.generation, previous?.generation);
      return generation;
    }
  }
}
