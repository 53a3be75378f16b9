import type { DuckDBConnection } from '@duckdb/node-api';
import { MIGRATIONS } from './migrations.ts';
import { rebuildViewsWhereFilesAre } from './period-files.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';

export { readSchemaVersion } from './schema-version.ts';

const RECORD = `INSERT INTO schema_version VALUES ($version, $description, CAST(now() AS TIMESTAMP))`;

/** The migration that creates `period_files` and the views over the period files. */
const PERIOD_FILES_VERSION = 12;

/**
 * Applies every migration newer than the store's version, each in its own transaction; a new
 * store (version 0) takes them all in one, since it holds nothing a failure could lose. On a store
 * that already had views over its period files, the last one also rebuilds them (they name the
 * inline tables' columns), so a column a migration adds reaches them in the same transaction (a
 * moved store's, when relocatePeriodFiles points it at its own folder).
 */
export async function migrateStore(connection: DuckDBConnection): Promise<number> {
  let version = await readSchemaVersion(connection);
  requireSchemaVersion(version, 'write');
  // Views to rebuild only on a store that had them before: migration 12 creates them for the others.
  const hadViews = version >= PERIOD_FILES_VERSION;
  const pending = MIGRATIONS.filter((migration) => migration.version > version);
  const batches = version === 0 ? [pending] : pending.map((migration) => [migration]);
  if (version === 0) {
    await connection.run(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
  }
  for (const batch of batches) {
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const migration of batch) {
        for (const statement of migration.statements) await connection.run(statement);
        await connection.run(RECORD, { version: migration.version, description: migration.description });
      }
      if (hadViews && batch === batches.at(-1)) await rebuildViewsWhereFilesAre(connection);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    version = batch.at(-1)?.version ?? version;
  }
  return version;
}
