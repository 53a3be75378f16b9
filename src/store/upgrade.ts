import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { writeNewGeneration, type GenerationOptions } from './generation.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { listedPeriodFiles, movedPeriodFiles } from './period-files.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';

/** What {@link upgradeStore} did: the schema version before and after, and the period files it pointed at the store's own folder. */
export interface StoreUpgrade {
  from: number;
  to: number;
  relocated: number;
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

/** How many period files the store's catalogue names in the folder it was moved or copied from (movedPeriodFiles). */
async function storeMovedFiles(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return movedPeriodFiles(await listedPeriodFiles(connection), path).length;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Applies the store's pending migrations in a new generation (readers keep the old one until
 * they reopen), and points a store moved or copied with its folder at its own folder; a store
 * already at this build's schema version, in its own folder, is left as it is.
 */
export async function upgradeStore(path: string, options: GenerationOptions = {}): Promise<StoreUpgrade> {
  if (!existsSync(path)) throw new CostlensError('not_found', `no store at ${path}`, { hint: 'run `costlens ingest FILES --db FILE` to create one' });
  const from = await storeSchemaVersion(path);
  if (from === 0) {
    throw new CostlensError('store', `${path} is not a costlens store (it has no schema_version table)`, { hint: 'point --db at a store costlens wrote' });
  }
  requireSchemaVersion(from, 'write', path);
  const moved = await storeMovedFiles(path);
  if (from === SCHEMA_VERSION && moved === 0) return { from, to: from, relocated: 0 };
  await writeNewGeneration(path, options, async () => undefined);
  return { from, to: await storeSchemaVersion(path), relocated: moved };
}
