/**
 * A writer's check before it migrates a file that has no costlens schema (`schema_version` absent):
 * a DuckDB database with nothing of its own (no table, view, sequence, macro, type or schema — what
 * `duckdb FILE` leaves when opened and closed) becomes a new store; one that holds anything is
 * another program's database, which costlens refuses rather than adding its tables to it.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createDuckDB, readerSettings } from './duckdb-settings.ts';
import { readSchemaVersion } from './schema-version.ts';
import { notACostlensDatabase, refuseNonStoreFile } from './store-file.ts';

/** How many objects of its own the open database holds: tables, views, sequences, macros, types and schemas a user created. */
const OWN_OBJECTS = `
  SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database())
       + (SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND NOT internal)
       + (SELECT count(*) FROM duckdb_sequences() WHERE database_name = current_database())
       + (SELECT count(*) FROM duckdb_functions() WHERE database_name = current_database() AND NOT internal)
       + (SELECT count(*) FROM duckdb_types() WHERE database_name = current_database() AND NOT internal)
       + (SELECT count(*) FROM duckdb_schemas() WHERE database_name = current_database() AND NOT internal)`;

/** Whether the database behind `connection` holds no object of its own (see {@link OWN_OBJECTS}). */
async function isEmptyDatabase(connection: DuckDBConnection): Promise<boolean> {
  const reader = await connection.runAndReadAll(OWN_OBJECTS);
  return Number(reader.getRows()[0][0]) === 0;
}

/**
 * Throws {@link notACostlensDatabase} naming `path` when the database behind `connection` has no
 * costlens schema yet holds objects of its own: another program's DuckDB database. A costlens store
 * (any schema version) and an empty database pass.
 */
export async function refuseForeignDatabase(connection: DuckDBConnection, path: string): Promise<void> {
  if (await readSchemaVersion(connection) !== 0) return;
  if (!(await isEmptyDatabase(connection))) throw notACostlensDatabase(path);
}

/**
 * {@link refuseForeignDatabase} on the file at `path`, opened read-only, for a writer to call before
 * it reads its inputs (an ingest would otherwise unpack and map them first). Best effort: nothing
 * there, or a file DuckDB cannot open now (locked, unreadable), passes, and the writer's own open
 * of its copy (generation.ts) refuses it or names what is wrong.
 */
export async function refuseForeignStoreFile(path: string): Promise<void> {
  refuseNonStoreFile(path);
  if (!existsSync(path)) return;
  let instance;
  try {
    instance = await createDuckDB(path, readerSettings());
  } catch {
    return;
  }
  const connection = await instance.connect();
  try {
    await refuseForeignDatabase(connection, path);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
