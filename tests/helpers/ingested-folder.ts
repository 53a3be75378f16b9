/**
 * A store that one `costlens ingest` into an empty store made, for the tests of a file that each
 * start from such a store and then change it (ingest again, move it, copy it, lock it): the ingest
 * runs once per test file, a copy of the store's folder (`store.duckdb` and its period files) is
 * kept aside, and the folder is put back as the ingest left it before each test that takes it.
 * It is put back at the path it was ingested at: the catalogue names its period files by absolute
 * path, so a copy anywhere else would be a copied store (which readers refuse until migrated).
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { costlens, tempStore } from './cli.ts';
import { scratchDir } from './scratch-dirs.ts';

export interface IngestedFolder {
  /**
   * The store (`<dir>/store.duckdb`) as the ingest left it: ingested on the first call (unless
   * {@link IngestedFolder.keep} was given one), put back on each later call. The test before must be
   * done with it (closed everything it opened on it).
   */
  take(): Promise<{ dir: string; db: string }>;
  /** Keeps `dir` (a store a test has just ingested `paths` into, empty before) as the one to put back, unless one is kept already. */
  keep(dir: string): void;
}

/** The store of one `costlens ingest ...paths` into an empty store, for the tests of one file (see the module's comment). */
export function ingestedFolder(...paths: string[]): IngestedFolder {
  let kept: { dir: string; copy: string } | undefined;
  const keep = (dir: string) => {
    if (kept) return;
    const copy = scratchDir();
    cpSync(dir, copy, { recursive: true });
    kept = { dir, copy };
  };
  return {
    keep,
    async take() {
      if (!kept) {
        const { dir, db } = tempStore();
        const run = await costlens(db, 'ingest', ...paths);
        expect(run.code, `costlens ingest ${paths.join(' ')}: ${run.stderr}`).toBe(0);
        keep(dir);
      }
      const { dir, copy } = kept!;
      rmSync(dir, { recursive: true, force: true });
      cpSync(copy, dir, { recursive: true });
      return { dir, db: join(dir, 'store.duckdb') };
    },
  };
}
