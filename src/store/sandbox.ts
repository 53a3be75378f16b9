import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';
import { quoteLiteral } from '../lib/sql-quote.ts';

/**
 * The settings that confine a reader's DuckDB instance to the store it opened, applied once the
 * store is open: no file, directory, extension or database outside it can be read or written
 * (COPY … TO, EXPORT DATABASE, ATTACH, INSTALL/LOAD, read_csv, read_text, glob, …), and the
 * configuration is locked so that no statement can change these back (SET, RESET, PRAGMA).
 * Both are instance-wide: every connection of the instance, present and future, is confined.
 * The only files outside the store file it may read are the period files its generation lists
 * (src/store/period-files.ts), named one by one in `allowed_paths` before the lock. Those files are
 * Parquet written once and never changed at their path, so the reader also keeps their footers in
 * memory (`parquet_metadata_cache`) instead of reading every file's again for every query; DuckDB
 * takes that setting only once its Parquet reader is loaded, so not when the instance is created.
 */
export const SANDBOX_STATEMENTS = ['SET enable_external_access = false', 'SET lock_configuration = true'] as const;

/**
 * Confines the DuckDB instance behind `connection` (see SANDBOX_STATEMENTS) to the store and the
 * period `files` its catalogue lists (readablePeriodFiles), and checks that
 * DuckDB reports both settings in force; a store that cannot be confined is not served.
 */
export async function confineToStore(connection: DuckDBConnection, path: string, files: readonly string[]): Promise<void> {
  try {
    if (files.length > 0) {
      await connection.run(`SET allowed_paths = [${files.map(quoteLiteral).join(', ')}]`);
      await connection.run('SET parquet_metadata_cache = true');
    }
    for (const statement of SANDBOX_STATEMENTS) await connection.run(statement);
    const reader = await connection.runAndReadAll(
      `SELECT current_setting('enable_external_access') = false AND current_setting('lock_configuration') = true`,
    );
    if (reader.getRows()[0][0] !== true) throw new Error('DuckDB did not apply enable_external_access = false and lock_configuration = true');
  } catch (error) {
    throw new CostlensError('store', `cannot confine the reader of ${path} to the store: ${messageOf(error).split('\n')[0]}`, {
      hint: 'this DuckDB build does not support the settings costlens relies on; reinstall @duckdb/node-api',
      cause: error,
    });
  }
}
