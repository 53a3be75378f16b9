import { constants, copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CostlensError } from '../errors.ts';
import { openStore, type Store } from './open.ts';
import { relocatePeriodFiles } from './period-files.ts';
import { refuseNonStoreFile } from './store-file.ts';
import { acquireWriterLock } from './writer-lock.ts';

export interface GenerationOptions {
  /** How long to wait for another writer (an ingest) to finish. Default 120 s. */
  waitMs?: number;
  onWait?: (message: string) => void;
}

/** {@link writeNewGeneration}'s options: the wait, and whether what `work` did is worth a generation. */
export interface NewGenerationOptions<T> extends GenerationOptions {
  /** Whether to swap in the copy `work` changed (default: always); false leaves the store exactly as it was and discards the copy. */
  publish?: (result: T) => boolean;
}

/**
 * Writes a new generation of the store: copies the file, lets `work` change the copy, then
 * renames it over the original in one step. The file is the catalogue: billing lines and their
 * rollups live in period files beside it (src/store/period-files.ts), which `work` writes before
 * the rename publishes them, so the copy costs the catalogue's size, not the store's. Readers (the server, `costlens sql`) keep reading
 * the generation they opened and never block a writer; a writer that fails or is killed leaves
 * the original untouched. Writers take turns through `<store>.lock` (see writer-lock.ts); a
 * writer that finds its lock gone before the swap (it cannot know who else wrote) changes nothing.
 * A store moved or copied with its folder is pointed at its own folder first (relocatePeriodFiles).
 * A path that is not a store (another file, a folder) is refused before anything is taken or written;
 * a DuckDB database of another program is refused on the copy, before any change (foreign-database.ts).
 */
export async function writeNewGeneration<T>(path: string, options: NewGenerationOptions<T>, work: (store: Store) => Promise<T>): Promise<T> {
  refuseNonStoreFile(path);
  const lock = await acquireWriterLock(path, options.waitMs ?? 120_000, options.onWait);
  const next = `${path}.next-${process.pid}`;
  try {
    removeAbandonedGenerations(path);
    if (existsSync(`${path}.wal`)) await checkpointInPlace(path, options);
    if (existsSync(path)) copyFileSync(path, next, constants.COPYFILE_FICLONE);
    const store = await openStore(next, { waitMs: 0, storePath: path });
    let result: T;
    try {
      await relocatePeriodFiles(store.connection, path);
      result = await work(store);
      await store.connection.run('CHECKPOINT');
    } finally {
      store.close();
    }
    if (options.publish && !options.publish(result)) return result;
    if (!lock.held()) {
      throw new CostlensError('store', `the writer lock ${lock.path} was taken from this process before it could swap in its changes; nothing was written`, {
        hint: 'another process removed the lock; run the command again',
      });
    }
    renameSync(next, path);
    return result;
  } finally {
    rmSync(next, { force: true });
    rmSync(`${next}.wal`, { force: true });
    lock.release();
  }
}

/** A crashed writer of an older costlens may leave a WAL: fold it into the file before copying. */
async function checkpointInPlace(path: string, options: GenerationOptions): Promise<void> {
  const store = await openStore(path, { waitMs: options.waitMs, onWait: options.onWait });
  try {
    await store.connection.run('CHECKPOINT');
  } finally {
    store.close();
  }
}

function removeAbandonedGenerations(path: string): void {
  const prefix = `${basename(path)}.next-`;
  for (const name of readdirSync(dirname(path))) {
    if (name.startsWith(prefix)) rmSync(join(dirname(path), name), { recursive: true, force: true });
  }
}
