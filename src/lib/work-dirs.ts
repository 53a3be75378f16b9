/**
 * Temporary work folders named by the process that made them: `costlens-<kind>-<pid>-XXXXXX` in
 * the temp folder. A process removes its own when it is done; one that was killed first (Ctrl-C
 * while a large archive unpacks, SIGKILL, the OOM killer) cannot, so the next costlens that makes
 * a folder of the same kind removes the folders whose process is gone and that nothing has
 * written to for an hour.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Folders of a live process, or written to this recently, are kept. */
export const ORPHAN_QUIET_MS = 60 * 60 * 1000;

/** Where the work folders live and what time it is (tests point both elsewhere). */
export interface WorkDirPlace {
  tmp?: string;
  now?: number;
}

/** A new work folder of `kind` for this process, after removing the orphaned folders of that kind. */
export function makeWorkDir(kind: string, place: WorkDirPlace = {}): string {
  const tmp = place.tmp ?? tmpdir();
  removeOrphanedWorkDirs(kind, place);
  return mkdtempSync(join(tmp, `costlens-${kind}-${process.pid}-`));
}

/**
 * Removes the work folders of `kind` whose process no longer runs and whose newest entry is older
 * than {@link ORPHAN_QUIET_MS}; returns their names. A folder it cannot read is skipped, one it
 * cannot remove (another user's, unless this is root) is left, maybe in part. The process check
 * sees this PID namespace only: where containers share one TMPDIR, the hour of quiet alone guards
 * a live ingest of another container.
 */
export function removeOrphanedWorkDirs(kind: string, place: WorkDirPlace = {}): string[] {
  const tmp = place.tmp ?? tmpdir();
  const now = place.now ?? Date.now();
  const pattern = new RegExp(`^costlens-${kind}-(\\d+)-[A-Za-z0-9]{6}$`);
  const removed: string[] = [];
  for (const name of readableNames(tmp)) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processRuns(pid)) continue;
    const path = join(tmp, name);
    const newest = newestChange(path);
    if (newest === undefined || now - newest < ORPHAN_QUIET_MS) continue;
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // not ours to remove
    }
  }
  return removed;
}

function readableNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether a process with this id may run: only "no such process" says it does not (one of another user cannot be signalled, but it is there). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The latest modification time of the folder and of the entries directly in it; undefined when it cannot be read. */
function newestChange(path: string): number | undefined {
  try {
    let newest = statSync(path).mtimeMs;
    for (const name of readdirSync(path)) newest = Math.max(newest, statSync(join(path, name)).mtimeMs);
    return newest;
  } catch {
    return undefined;
  }
}
