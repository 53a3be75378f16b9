/**
 * Scratch folders of a test file (`costlens-test-*` in the temp folder): made by tempStore() and
 * storeCopy(), and removed once the file's tests are done (tests/tools/remove-scratch-dirs.ts, a
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

/** Removes every scratch folder the current test file made. */
export function removeScratchDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
