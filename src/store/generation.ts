import { closeSync, constants, copyFileSync, existsSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CostlensError } from '../errors.ts';
import { openStore, type Store } from './open.ts';

export interface GenerationOptions {
  /** How long to wait for another writer (an ingest) to finish. Default 120 s. */
  waitMs?: number;
  onWait?: (message: string) => void;
}

/**
 * Writes a new generation of the store: copies the file, lets `work` change the copy, then
 * renames it over the original in one step. Readers (the server, `costlens sql`) keep reading
 * the generation they opened and never block a writer; a writer that fails or is killed leaves
 * the original untouched. Writers take turns through a lock file beside the store.
 */
export async function writeNewGeneration<T>(path: string, options: GenerationOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const release = await acquireWriterLock(path, options.waitMs ?? 120_000, options.onWait);
  const next = `${path}.next-${process.pid}`;
  try {
    removeAbandonedGenerations(path);
    if (existsSync(`${path}.wal`)) await checkpointInPlace(path, options);
    if (existsSync(path)) copyFileSync(path, next, constants.COPYFILE_FICLONE);
    const store = await openStore(next, { waitMs: 0 });
    let result: T;
    try {
      result = await work(store);
      await store.connection.run('CHECKPOINT');
    } finally {
      store.close();
    }
    renameSync(next, path);
    return result;
  } finally {
    rmSync(next, { force: true });
    rmSync(`${next}.wal`, { force: true });
    release();
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
    if (name.startsWith(prefix)) rmSync(join(dirname(path), name), { force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<store>.lock` (O_EXCL), clearing a lock whose process is gone; waits, bounded, for a live one. */
async function acquireWriterLock(path: string, waitMs: number, onWait?: (message: string) => void): Promise<() => void> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + waitMs;
  let announced = false;
  let delay = 100;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(lockPath, 'utf8').trim() || NaN);
    if (!Number.isInteger(holder) || !processIsAlive(holder)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() + delay > deadline) {
      throw new CostlensError('store_locked', `the store ${path} is being written by another costlens process (pid ${holder}); waited ${Math.round(waitMs / 1000)} s`, {
        hint: 'another ingest is running; retry when it finishes or raise --wait',
      });
    }
    if (!announced) {
      onWait?.(`waiting for another ingest into ${path} (pid ${holder}) to finish …`);
      announced = true;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 1_000);
  }
}
