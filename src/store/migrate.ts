import type { DuckDBConnection } from '@duckdb/node-api';
import { MIGRATIONS } from './migrations.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';

export { readSchemaVersion } from './schema-version.ts';

const RECORD = `INSERT INTO schema_version VALUES ($version, $description, CAST(now() AS TIMESTAMP))`;

/**
 * Applies every migration newer than the store's version, each in its own transaction; a new
 * store (version 0) takes them all in one, since it holds nothing a failure could lose.
 */
export async function migrateStore(connection: DuckDBConnection): Promise<number> {
  let version = await readSchemaVersion(connection);
  requireSchemaVersion(version, 'write');
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
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    version = batch.at(-1)?.version ?? version;
  }
  return version;
}
