import type { DuckDBConnection } from '@duckdb/node-api';
import type { PreparedStatements } from './duckdb.ts';

/** A connection kept between runs, with the statements prepared on it. */
export interface KeptConnection {
  readonly connection: DuckDBConnection;
  readonly statements: PreparedStatements;
}

export interface KeptConnectionsOptions {
  /** Opens another connection to the instance (its error is the caller's to word). */
  connect: () => Promise<DuckDBConnection>;
  /** The error of a run asked for after close, or still waiting for a connection when it came. */
  closedError: () => Error;
  /**
   * At most `connections` open at once: a run beyond them waits `waitMs` for one to come back, then
   * fails with `busyError()`. Default: no limit.
   */
  limit?: { connections: number; waitMs: number; busyError: () => Error };
}

interface Waiter {
  resolve: (kept: KeptConnection) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * The connections to one DuckDB instance that its runs share: each run has a connection of its
 * own, so runs may overlap, and a connection is kept once its run ends, with the statements
 * prepared on it, for the next run (connecting and planning again took more than a CPU-second of
 * a weekly report). At most `limit` are open; a run beyond them waits, bounded, for one to come
 * back. Closing destroys each connection's statements, then the connection; one still running
 * closes so when its run ends. The embedded engine (duckdb-engine.ts) and the server's store pool
 * (src/server/store-pool.ts) both keep theirs here.
 */
export class KeptConnections {
  private readonly idle: KeptConnection[] = [];
  private readonly waiters: Waiter[] = [];
  private open = 0;
  private closed = false;

  /** `first`, a connection the caller opened already (e.g. to check the store), is kept from the start. */
  constructor(private readonly options: KeptConnectionsOptions, first?: DuckDBConnection) {
    if (first) {
      this.idle.push({ connection: first, statements: new Map() });
      this.open = 1;
    }
  }

  /** Runs `work` with a connection of its own and that connection's kept statements. */
  async use<T>(work: (kept: KeptConnection) => Promise<T>): Promise<T> {
    const kept = await this.acquire();
    try {
      return await work(kept);
    } finally {
      this.release(kept);
    }
  }

  /** Closes the idle connections now and the others as their runs end; refuses the runs still waiting and any later one. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(this.options.closedError());
    }
    for (const kept of this.idle.splice(0)) this.closeKept(kept);
  }

  private async acquire(): Promise<KeptConnection> {
    if (this.closed) throw this.options.closedError();
    const idle = this.idle.pop();
    if (idle) return idle;
    const limit = this.options.limit;
    if (!limit || this.open < limit.connections) {
      this.open++;
      try {
        return { connection: await this.options.connect(), statements: new Map() };
      } catch (error) {
        this.open--;
        throw error;
      }
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(limit.busyError());
        }, limit.waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  private release(kept: KeptConnection): void {
    if (this.closed) return this.closeKept(kept);
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(kept);
    } else {
      this.idle.push(kept);
    }
  }

  private closeKept({ connection, statements }: KeptConnection): void {
    this.open--;
    for (const statement of statements.values()) statement.destroySync();
    statements.clear();
    connection.closeSync();
  }
}
