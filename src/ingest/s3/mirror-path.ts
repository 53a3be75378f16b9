import { resolve } from 'node:path';
import { CostlensError } from '../../errors.ts';
import { s3Url } from './uri.ts';
import { isWithin } from '../../lib/path-within.ts';

/** Why a key cannot become a local path under the mirror, if it cannot. */
function unsafeKey(key: string, root: string): string | undefined {
  if (key.startsWith('/')) return 'the key starts with "/" (an absolute path)';
  const parts = key.split('/');
  if (parts.includes('..')) return `the key has a ".." component; mirroring it would write outside the cache ${root}`;
  if (parts.includes('.')) return 'the key has a "." component, which a local path cannot keep';
  if (parts.some((p) => /^[A-Za-z]:/.test(p))) return 'the key has a drive component (such as "C:")';
  if (/[\\\0]/.test(key)) return 'the key holds a backslash or a NUL byte, which a local path cannot keep';
  return undefined;
}

/**
 * The local path of S3 object `key` under `root` (the bucket's mirror, or its partial-download
 * folder). A key that could leave `root` (`..`, `.`, an absolute or drive component, a backslash)
 * is an input error naming it; the resolved path is checked to stay under `root` as well.
 */
export function mirrorPath(root: string, bucket: string, key: string): string {
  const reason = unsafeKey(key, root);
  const full = resolve(root, ...key.split('/'));
  if (reason || !isWithin(root, full) || full === resolve(root)) {
    throw new CostlensError('input', `${s3Url(bucket, key)}: ${reason ?? `the key resolves to ${full}, outside the cache ${root}`}`, {
      hint: 'costlens mirrors only keys that map to a path inside its cache; remove or rename this object, or ingest a narrower prefix',
    });
  }
  return full;
}
