import { resolve, sep } from 'node:path';

/** True when `path` is `root` or lies under it (both resolved). */
export function isWithin(root: string, path: string): boolean {
  const base = resolve(root);
  const full = resolve(path);
  return full === base || full.startsWith(base.endsWith(sep) ? base : base + sep);
}
