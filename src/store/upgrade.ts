import { existsSync } from 'node:fs';
import { CostlensError } from '../errors.ts';
import { writeNewGeneration, type GenerationOptions } from './generation.ts';
import { createInstanceWhenUnlocked } from './open.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { type MissingPeriodFile, missingPeriodFiles } from './missing-period-files.ts';
import { foreignPeriodFiles, listedPeriodFileSizes, movedPeriodFiles } from './period-files.ts';
import { readSchemaVersion, requireSchemaVersion } from './schema-version.ts';

/**
 * What {@link upgradeStore} did: the schema version before and after, the period files it pointed
 * at the store's own folder, those it still reads from outside it (a copy of the catalogue
 * alone, or a copy that lacks some files, shares them with the store it was copied from), and
 * those missing from the disk.
 */
export interface StoreUpgrade {
  from: number;
  to: number;
  relocated: number;
  foreign: string[];
  /** Period files the catalogue lists that are not on disk: the store cannot be read until they are ingested again. */
  missing: MissingPeriodFile[];
}

/** What a store holds, read without taking the writer's turn: its schema version (0 for a file without one) and its period files outside its own folder. */
interface StoreState {
  version: number;
  /** Listed files its own folder holds too (movedPeriodFiles): to repoint. */
  moved: number;
  /** Listed files on disk outside its own folder (foreignPeriodFiles). */
  foreign: string[];
  /** Listed files not on disk, other than moved ones (missing-period-files.ts). */
  missing: MissingPeriodFile[];
}

/**
 * Reads the store's state, read-only, with the errors of every reader: a file that is not a DuckDB
 * store (or a folder) is a `store` error, a lock held past `waitMs` a `store_locked` one.
 */
async function readStoreState(path: string, options: GenerationOptions): Promise<StoreState> {
  const instance = await createInstanceWhenUnlocked(path, true, options.waitMs ?? 120_000, options.onWait);
  const connection = await instance.connect();
  try {
    const version = await readSchemaVersion(connection);
    const listed = version === 0 ? [] : await listedPeriodFileSizes(connection);
    const moved = new Set(movedPeriodFiles(listed, path).map((m) => m.from));
    const missing = await missingPeriodFiles(connection, listed.filter((f) => !moved.has(f.path)));
    const gone = new Set(missing.map((m) => m.path));
    return { version, moved: moved.size, foreign: foreignPeriodFiles(listed.map((f) => f.path).filter((p) => !gone.has(p)), path), missing };
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
  const before = await readStoreState(path, options);
  const from = before.version;
  requireSchemaVersion(from, 'write', path);
  if (from === SCHEMA_VERSION && before.moved === 0) return { from, to: from, relocated: 0, foreign: before.foreign, missing: before.missing };
  await writeNewGeneration(path, options, async () => undefined);
  const after = await readStoreState(path, options);
  return { from, to: after.version, relocated: before.foreign.length - after.foreign.length, foreign: after.foreign, missing: after.missing };
}
