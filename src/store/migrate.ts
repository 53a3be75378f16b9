import type { DuckDBConnection } from '@duckdb/node-api';
import { MIGRATIONS } from './migrations.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';

export { readSchemaVersion } from './schema-version.ts';

/** Applies every migration newer than the store's version, each in its own transaction. */
export async function migrateStore(connection: DuckDBConnection): Promise<number> {
  let version = await readSchemaVersion(connection);
  requireSchemaVersion(version, 'write');
  if (version === 0) {
    await connection.run(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run(`INSERT INTO schema_version VALUES ($version, $description, CAST(now() AS TIMESTAMP))`, {
        version: migration.version,
        description: migration.description,
      });
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    version = migration.version;
  }
  return version;
}
