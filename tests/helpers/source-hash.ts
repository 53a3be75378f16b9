import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const memo = new Map<string, string>();

/**
 * sha256 of every file under the given folders (or the given files) of the repository (relative
 * paths and contents, in a fixed order; a missing one counts as empty): the key of a test cache
 * built by that code.
 */
export function sourceHash(folders: readonly string[]): string {
  const key = folders.join('\n');
  const known = memo.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else hash.update(path.slice(ROOT.length)).update(readFileSync(path));
    }
  };
  for (const folder of folders) {
    const path = join(ROOT, folder);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) visit(path);
    else hash.update(path.slice(ROOT.length)).update(readFileSync(path));
  }
  const digest = hash.digest('hex');
  memo.set(key, digest);
  return digest;
}
