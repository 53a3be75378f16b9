/**
 * The settings of every DuckDB instance costlens opens (stores, their readers and writers, the
 * ingest's scratch databases, the demo generator), from the environment in one place:
 *
 * - `COSTLENS_THREADS`: DuckDB's worker threads per instance; unset, DuckDB's default (one per core).
 * - `COSTLENS_MEMORY_LIMIT`: the memory limit of the databases an ingest writes (default 1536MB).
 *
 * Every instance reads and writes time in UTC, whatever the machine's time zone (`TZ`): DuckDB takes
 * its TimeZone from the environment, and a `TIMESTAMP WITH TIME ZONE` column cast in New York's
 * would move a charge four hours and a line into the billing period before.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { keepLeadingByteOrderMark } from './duckdb-strings.ts';

/** At most this many threads: beyond it, a value is a typo rather than a machine. */
const MAX_THREADS = 1024;

/** DuckDB's memory limit for writers: $COSTLENS_MEMORY_LIMIT, else 1536MB. */
export function writerMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  return env.COSTLENS_MEMORY_LIMIT || '1536MB';
}

/**
 * `settings` with the thread count $COSTLENS_THREADS asks for, when it is set (empty is unset).
 * A value that is not a whole number from 1 to 1024 is a config error naming the variable.
 */
export function instanceSettings(settings: Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const threads = env.COSTLENS_THREADS;
  if (!threads) return settings;
  if (!/^\d{1,4}$/.test(threads) || Number(threads) < 1 || Number(threads) > MAX_THREADS) {
    throw new CostlensError('config', `COSTLENS_THREADS must be a whole number of threads from 1 to ${MAX_THREADS}; got ${JSON.stringify(threads)}`, {
      hint: 'unset COSTLENS_THREADS to let DuckDB use one thread per core',
    });
  }
  return { ...settings, threads: String(Number(threads)) };
}

/**
 * A writer's settings: writers load in bulk, so row order carries no meaning in the store and
 * keeping it would cost memory; the memory limit (beyond it DuckDB spills to disk) keeps a large
 * ingest's peak RSS under 2 GiB unless $COSTLENS_MEMORY_LIMIT says otherwise.
 */
export function writerSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return instanceSettings({ access_mode: 'READ_WRITE', preserve_insertion_order: 'false', memory_limit: writerMemoryLimit(env) }, env);
}

/** The settings of a scratch database an ingest stages or checks a file in: a writer's memory limit. */
export function scratchSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return instanceSettings({ memory_limit: writerMemoryLimit(env) }, env);
}

/** A reader's settings: the store opened read-only. */
export function readerSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return instanceSettings({ access_mode: 'READ_ONLY' }, env);
}

/**
 * Opens a DuckDB instance at `path` (`:memory:` for a scratch one) with `settings`, its TimeZone set
 * to UTC before any other connection (so before a reader locks its configuration), its strings read
 * back with a leading byte order mark kept (src/store/duckdb-strings.ts).
 */
export async function createDuckDB(path: string, settings: Record<string, string>): Promise<DuckDBInstance> {
  keepLeadingByteOrderMark();
  const instance = await DuckDBInstance.create(path, settings);
  const connection = await instance.connect();
  try {
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
  } catch (error) {
    instance.closeSync();
    throw error;
  } finally {
    connection.closeSync();
  }
  return instance;
}
