import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

/** Reads the store's schema version; 0 for a new, empty file. */
export async function readSchemaVersion(connection: DuckDBConnection): Promise<number> {
  const exists = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = 'main'`,
  );
  if (Number(exists.getRows()[0][0]) === 0) return 0;
  const result = await connection.runAndReadAll(`SELECT coalesce(max(version), 0) FROM schema_version`);
  return Number(result.getRows()[0][0]);
}

/** Applies every migration newer than the store's version, each in its own transaction. */
export async function migrateStore(connection: DuckDBConnection): Promise<number> {
  let version = await readSchemaVersion(connection);
  if (version > SCHEMA_VERSION) {
    throw new CostlensError('store', `the store has schema version ${version}, newer than this costlens (${SCHEMA_VERSION}); writing to it would leave its newer tables stale`, {
      hint: 'upgrade costlens',
    });
  }
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
