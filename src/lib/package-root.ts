/**
 * The costlens package's root folder (the one holding its package.json), found from this module's
 * own location. Files that ship beside the code (queries/, dashboards/, data/ catalogues, the
 * migrations, the server's assets) are located from here, so the code finds them both when it runs
 * from src/ and when it runs bundled from the CLI's cache (bin/cli-bundle.js).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'costlens') return dir;
    if (dirname(dir) === dir) throw new Error(`costlens: no package.json of costlens above ${start}`);
  }
}

/** Set by the CLI's bundle (bin/cli-bundle.js) to the checkout it was built from; absent in src/. */
declare const __COSTLENS_PACKAGE_ROOT__: string | undefined;

/** The absolute path of the costlens package's root folder. */
export const PACKAGE_ROOT = typeof __COSTLENS_PACKAGE_ROOT__ === 'string' ? __COSTLENS_PACKAGE_ROOT__ : findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, from its root: `packagePath('queries')`. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
