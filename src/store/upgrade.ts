import { existsSync } from 'node:fs';
import { CostlensError } from '../errors.ts';
import { createDuckDB, readerSettings } from './duckdb-settings.ts';
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

/** What a store holds, read without taking the writer's turn: its schema version (0 for a file without one) and its period files outside its own folder. */
interface StoreState {
  version: number;
  /** Listed files its own folder holds too (movedPeriodFiles): to repoint. */
  moved: number;
  /** Listed files outside its own folder (foreignPeriodFiles). */
  foreign: string[];
}

async function readStoreState(path: string): Promise<StoreState> {
  const instance = await createDuckDB(path, readerSettings());
  const connection = await instance.connect();
  try {
    const version = await readSchemaVersion(connection);
    const listed = version === 0 ? [] : await listedPeriodFileSizes(connection);
    return { version, moved: movedPeriodFiles(listed, path).length, foreign: foreignPeriodFiles(listed.map((f) => f.path), path) };
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
  const before = await readStoreState(path);
  const from = before.version;
  if (from === 0) {
    throw new CostlensError('store', `${path} is not a costlens store (it has no schema_version table)`, { hint: 'point --db at a store costlens wrote' });
  }
  requireSchemaVersion(from, 'write', path);
  if (from === SCHEMA_VERSION && before.moved === 0) return { from, to: from, relocated: 0, foreign: before.foreign };
  await writeNewGeneration(path, options, async () => undefined);
  const after = await readStoreState(path);
  return { from, to: after.version, relocated: before.foreign.length - after.foreign.length, foreign: after.foreign };
}
