import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codePointOrder } from '../../src/lib/order.ts';

const ROOT = resolve(__dirname, '../..');
const memo = new Map<string, string>();

/**
 * sha256 of every file under the given folders (or the given files) of the repository (relative
 * paths and contents, in a fixed order; a missing one counts as empty): the key of a test cache
 * built by that code.
 */
export function sourceHash(paths: readonly string[]): string {
  const key = paths.join('\n');
  const known = memo.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!statSync(path).isDirectory()) {
      hash.update(path.slice(ROOT.length)).update(readFileSync(path));
      return;
    }
    for (const name of readdirSync(path).sort(codePointOrder)) visit(join(path, name));
  };
  for (const path of paths) if (existsSync(join(ROOT, path))) visit(join(ROOT, path));
  const digest = hash.digest('hex');
  memo.set(key, digest);
  return digest;
}
