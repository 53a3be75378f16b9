import { rmdirSync } from 'node:fs';
import { makeFolder } from '../lib/make-folder.ts';
import { dirname, resolve } from 'node:path';

/**
 * Makes the folder `path` and any missing parent (as `mkdir -p`); returns what undoes it: the
 * folders this call made are removed again, innermost first, each only while it is empty. An
 * ingest that fails undoes the folders it made for a store that did not exist (the store's
 * folder, its `.periods` folder), so a refused ingest leaves nothing behind.
 */
export function makeFolders(path: string): () => void {
  const first = makeFolder(path);
  return () => {
    if (first === undefined) return;
    for (let folder = path; ; folder = dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch (error) {
        // Gone already (the caller removed it with its contents): go on to its parent.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
      }
      if (resolve(folder) === resolve(first) || dirname(folder) === folder) return;
    }
  };
}
