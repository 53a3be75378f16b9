/**
 * `mkdir -p` without Node's recursive mkdir. `mkdirSync(path, { recursive: true })` (and its
 * promise and callback forms) retries forever when mkdir fails with ENOENT although the parent
 * is there — as it does under /proc for root — so `--out /proc/x` spun at full CPU and never
 * ended. Here every step is one system call, each made once.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, normalize } from 'node:path';

/**
 * Makes the folder `path` (a relative one from the working folder) and its missing parents. It walks
 * up to the first path that exists; one that is not a folder is refused with the OS's own error
 * for `path` (EEXIST when `path` itself is a file, ENOTDIR for a path through one, as Node's
 * recursive mkdir says), else each missing folder is made, outermost first, with a non-recursive
 * mkdir. Throws the system error of the first step that fails (ENOENT under /proc, EACCES, EROFS
 * …), leaving the folders already made.
 * Returns the first folder it made, written as `path` is (relative when it is), undefined when
 * `path` was a folder already, as `mkdirSync(path, { recursive: true })` does: a caller that undoes
 * the folders made (ingest/new-folders.ts) climbs `path`'s parents up to it.
 */
export function makeFolder(path: string): string | undefined {
  const missing: string[] = [];
  let at = normalize(path);
  let kind = entryKind(at);
  for (; kind === 'nothing' && dirname(at) !== at; kind = entryKind(at)) {
    missing.unshift(at);
    at = dirname(at);
  }
  if (kind === 'other') {
    // Not a folder: the path's own mkdir fails with the OS's reason, naming it as given (EEXIST: it is a file; ENOTDIR: it runs through one).
    mkdirSync(path);
    return path;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process: go on; anything else (ENOENT under /proc, EACCES …) stops.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || entryKind(folder) !== 'folder') throw error;
    }
  }
  return missing[0];
}

/**
 * What is at `path` (following links): a folder, something else, or nothing (also when the path
 * runs through a file). Other errors (EACCES, ELOOP, ENAMETOOLONG) are thrown.
 */
function entryKind(path: string): 'folder' | 'other' | 'nothing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'nothing';
    throw error;
  }
}
