import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { writeNewGeneration, type GenerationOptions } from './generation.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { foreignPeriodFiles, listedPeriodFileSizes, movedPeriodFiles } from './period-files.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';

/**
 * What {@link upgradeStore} did: the schema version before and after, the period files it pointed
 * at the store's own folder, and those it still reads from outside it (a copy of the catalogue
 * alone, or a copy that lacks some files, shares them with the store it was copied from).
 */
export interface StoreUpgrade {
  from: number;
  to: number;
  relocated: number;
  foreign: string[];
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

/** The period files the store's catalogue names outside its own folder, and how many of them its folder holds too (movedPeriodFiles). */
async function storeFilesElsewhere(path: string): Promise<{ moved: number; foreign: string[] }> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const listed = await listedPeriodFileSizes(connection);
    return { moved: movedPeriodFiles(listed, path).length, foreign: foreignPeriodFiles(listed.map((f) => f.path), path) };
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
  const before = await storeFilesElsewhere(path);
  if (from === SCHEMA_VERSION && before.moved === 0) return { from, to: from, relocated: 0, foreign: before.foreign };
  await writeNewGeneration(path, options, async () => undefined);
  const after = await storeFilesElsewhere(path);
  return { from, to: await storeSchemaVersion(path), relocated: before.foreign.length - after.foreign.length, foreign: after.foreign };
}
