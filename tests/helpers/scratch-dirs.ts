/**
 * Scratch folders of a test file (`costlens-test-*` in the temp folder): made by scratchDir() (and
 * through it by tempStore(), storeCopy() and the fixtures' helpers), and removed once the file's tests are done (tests/tools/remove-scratch-dirs.ts, a
 * setup file whose afterAll runs after the file's own), so a run of the suite leaves nothing
 * behind but the caches it shares between runs. A folder that outlives its file (the demo a
 * worker serves to file after file) is kept with {@link keepScratchDir}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A new, empty `costlens-test-*` folder, removed when the test file ends. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'costlens-test-'));
  made.add(dir);
  return dir;
}

/** Leaves `dir` in place when the test file ends: its owner removes it. */
export function keepScratchDir(dir: string): void {
  made.delete(dir);
}

/**
 * Removes every scratch folder the current test file made. One that cannot be removed (a test left
 * a folder in it unreadable, and this is not root) is named on stderr and forgotten, so it fails
 * neither this file nor the next one in the worker.
 */
export function removeScratchDirs(): void {
  const dirs = [...made];
  made.clear();
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      process.stderr.write(`scratch folder ${dir} not removed: ${(error as Error).message}\n`);
    }
  }
}
