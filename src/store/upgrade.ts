import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { writeNewGeneration, type GenerationOptions } from './generation.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';

/** What {@link upgradeStore} did: the schema version before and after. */
export interface StoreUpgrade {
  from: number;
  to: number;
}

/** Reads a store's schema version without taking the writer's turn (0 for a file without one). */
export async function storeSchemaVersion(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return await readSchemaVersion(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Applies the store's pending migrations in a new generation (readers keep the old one until
 * they reopen); a store already at this build's schema version is left as it is.
 */
export async function upgradeStore(path: string, options: GenerationOptions = {}): Promise<StoreUpgrade> {
  if (!existsSync(path)) throw new CostlensError('not_found', `no store at ${path}`, { hint: 'run `costlens ingest FILES --db FILE` to create one' });
  const from = await storeSchemaVersion(path);
  if (from === 0) {
    throw new CostlensError('store', `${path} is not a costlens store (it has no schema_version table)`, { hint: 'point --db at a store costlens wrote' });
  }
  requireSchemaVersion(from, 'write', path);
  if (from === SCHEMA_VERSION) return { from, to: from };
  await writeNewGeneration(path, options, async () => undefined);
  return { from, to: await storeSchemaVersion(path) };
}
