import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';
import { createDuckDB, readerSettings, writerSettings } from './duckdb-settings.ts';
import { migrateStore } from './migrate.ts';
import { readablePeriodFiles } from './period-files.ts';
import { confineToStore } from './sandbox.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';
import { refuseNonStoreFile } from './store-file.ts';
import { refuseForeignDatabase } from './foreign-database.ts';
import { makeFolder } from '../lib/make-folder.ts';

export const DEFAULT_STORE_PATH = 'data/costlens.duckdb';

/** An open store: one DuckDB instance and a connection to it. */
export interface Store {
  path: string;
  readOnly: boolean;
  connection: DuckDBConnection;
  /** Another connection to the same instance, for a query that runs beside the first; close it after use. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export interface OpenStoreOptions {
  /** Open read-only (readers: sql, query, serve). Default false. */
  readOnly?: boolean;
  /** How long to wait for another process's lock on the file before giving up. Default 120 s. */
  waitMs?: number;
  /** Called once when the store is locked and the open starts waiting. */
  onWait?: (message: string) => void;
  /** The store a read-write open works for, named in its errors: the original of a scratch copy (generation.ts). Default: the path opened. */
  storePath?: string;
}

const DEFAULTS = { readOnly: false, waitMs: 120_000 } satisfies OpenStoreOptions;

/** Resolves the store path: the --db flag, else $COSTLENS_DB, else data/costlens.duckdb under cwd. */
export function resolveStorePath(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, flag ?? env.COSTLENS_DB ?? DEFAULT_STORE_PATH);
}

/**
 * Opens the store, waiting (bounded) while another process holds DuckDB's file lock.
 * A read-write open creates the file and applies pending migrations, refusing (before any change) a
 * DuckDB database of another program (foreign-database.ts); a read-only open
 * refuses a missing store or one whose schema is not this build's, and is then confined to the
 * store (src/store/sandbox.ts): whatever SQL runs on it can read nothing and write nothing else.
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { readOnly, waitMs, onWait } = { ...DEFAULTS, ...options };
  if (readOnly && !existsSync(path)) {
    throw new CostlensError('not_found', `no store at ${path}`, {
      hint: 'ingest something first (`costlens ingest PATH`), or point --db / COSTLENS_DB at an existing store',
    });
  }
  if (!readOnly) makeFolder(dirname(path));
  // A file this open creates holds nothing of another program's: refuseForeignDatabase, which scans
  // DuckDB's whole catalogue of functions (about 12 ms), is for a file that was there before.
  const newFile = !readOnly && !existsSync(path);
  const instance = await createInstanceWhenUnlocked(path, readOnly, waitMs, onWait);
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    if (readOnly) {
      await admitReader(connection, path);
    } else {
      if (!newFile) await refuseForeignDatabase(connection, options.storePath ?? path);
      await migrateStore(connection);
    }
  } catch (error) {
    close();
    throw error;
  }
  return { path, readOnly, connection, connect: () => instance.connect(), close };
}

/**
 * The checks every reader passes before its first query, the CLI's and the server's alike: the
 * store's schema is this build's, its period files are where its catalogue lists them (not a moved
 * store), and the instance is confined to them (src/store/sandbox.ts).
 */
export async function admitReader(connection: DuckDBConnection, path: string): Promise<void> {
  const version = await readSchemaVersion(connection);
  requireSchemaVersion(version, 'read', path);
  await confineToStore(connection, path, await readablePeriodFiles(connection, path));
}

/** Runs `work` with an open store and always closes it. */
export async function withStore<T>(path: string, options: OpenStoreOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(path, options);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * Opens the DuckDB file at `path` with the reader's or the writer's settings, waiting (bounded)
 * while another process holds its lock: a path that is not a DuckDB store (another file, an empty
 * one, a folder) is a `store` error (exit 7) saying so before DuckDB tries (store-file.ts), a file
 * DuckDB still cannot open a `store` error with its reason, a lock held past `waitMs` a
 * `store_locked` error (exit 6): the errors every command gives. No schema check: see
 * {@link openStore} for that.
 */
export async function createInstanceWhenUnlocked(
  path: string,
  readOnly: boolean,
  waitMs: number,
  onWait?: (message: string) => void,
): Promise<DuckDBInstance> {
  refuseNonStoreFile(path);
  const settings = readOnly ? readerSettings() : writerSettings();
  const deadline = Date.now() + waitMs;
  let delay = 100;
  let announced = false;
  for (;;) {
    try {
      return await createDuckDB(path, settings);
    } catch (error) {
      const message = messageOf(error);
      if (!/Could not set lock|Conflicting lock/i.test(message)) {
        throw new CostlensError('store', `cannot open the store ${path}: ${firstLine(message)}`, {
          hint: 'is it a DuckDB file written by costlens? check the path given by --db or COSTLENS_DB',
          cause: error,
        });
      }
      const holder = /PID (\d+)/.exec(message)?.[1];
      if (Date.now() + delay > deadline) {
        throw new CostlensError('store_locked', `the store ${path} is locked by another process${holder ? ` (pid ${holder})` : ''}; waited ${Math.round(waitMs / 1000)} s`, {
          hint: 'another costlens ingest is probably running; retry when it finishes or raise --wait',
          cause: error,
        });
      }
      if (!announced) {
        onWait?.(`waiting for the store ${path}, locked by another process${holder ? ` (pid ${holder})` : ''} …`);
        announced = true;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
