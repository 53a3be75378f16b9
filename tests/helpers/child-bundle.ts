/**
 * A test's child process as one esbuild bundle, as bin/costlens.js runs the CLI from its bundle
 * (bin/cli-bundle.js): the same product code, without tsx compiling and resolving every module at
 * each start (about 0.6 s of CPU a child against 0.1 s). Each bundle is built once per source and
 * kept under the package (node_modules/.cache/costlens), where the code finds the package's files
 * (migrations, queries) and Node its native addons.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { builtOnce } from './cached-stores.ts';
import { sourceHash } from './source-hash.ts';

const ROOT = resolve(__dirname, '../..');
/** Bundles of earlier sources are removed once this old (a running test has long loaded its bundle). */
const STALE_BUNDLE_MS = 60 * 60_000;

/**
 * The path of the bundle of `entry` (relative to the package) and what it imports (native addons,
 * the AWS SDK and build tools left to Node), built first if src/, the entry, `alsoReads` or the
 * lock file changed.
 */
export async function testChildBundle(entry: string, alsoReads: readonly string[] = []): Promise<string> {
  const { version } = (await import('esbuild')) as { version: string };
  const name = basename(entry, '.ts');
  const prefix = `test-${name}-`;
  const key = sourceHash(['src', entry, ...alsoReads, 'package-lock.json']).slice(0, 16);
  const cache = join(ROOT, 'node_modules', '.cache', 'costlens');
  const dir = join(cache, `${prefix}${key}-${version}`);
  await builtOnce(dir, async (scratch) => {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(ROOT, entry)], outdir: scratch, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
      external: ['@duckdb/node-bindings*', '@resvg/*', '@aws-sdk/*', '@smithy/*', 'esbuild', 'tsx', 'playwright-core'],
      banner: { js: "import { createRequire as __costlensRequire } from 'node:module'; const require = __costlensRequire(import.meta.url);" },
    });
    for (const other of existsSync(cache) ? readdirSync(cache) : []) {
      const path = join(cache, other);
      if (other.startsWith(prefix) && path !== dir && !path.startsWith(`${dir}.`) && Date.now() - statSync(path).mtimeMs > STALE_BUNDLE_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  });
  return join(dir, `${name}.js`);
}
