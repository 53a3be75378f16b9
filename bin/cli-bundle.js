/**
 * The CLI's bundle cache. Running the TypeScript sources through tsx compiles and resolves some
 * hundred modules on every run (about 0.8 s of CPU before a command starts); instead the CLI runs
 * an esbuild bundle of `src/cli/main.ts` and the npm packages it imports (one ES module per
 * command; native addons, the lazily loaded AWS SDK and build tools stay external), kept in
 * `node_modules/.cache/costlens/cli-<key>/`. Bundling the packages too spares Node resolving and
 * lexing some hundred CommonJS files per run (0.55 s → 0.33 s for `ingest --help`). The key hashes
 * the path, size and modification time of every source file, the installed packages' lock
 * (`node_modules/.package-lock.json`) and esbuild's version, so an edited source or an `npm install`
 * gets a fresh bundle on its next run (about 1.5 s, once). Several processes may build at once: each builds in a folder of
 * its own and renames it into place. Where the cache cannot be written (a read-only install) or
 * esbuild fails, and when COSTLENS_NO_BUNDLE=1, the CLI runs its sources through tsx instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Packages left to Node: native addons (found beside their own files), the AWS SDK (loaded on
 * first use by src/aws-client/sdk.ts through `require`), and the build tools.
 */
const BUNDLE_EXTERNAL = ['@duckdb/node-bindings*', '@resvg/*', '@aws-sdk/*', '@smithy/*', 'esbuild', 'tsx', 'playwright-core'];

/** Bundles of earlier sources are removed once this old (a running process has long loaded its chunks). */
const STALE_BUNDLE_MS = 60 * 60_000;

/**
 * The cache key of the sources under `root/src`: the root itself (checkouts that share one
 * `node_modules` get bundles of their own), every .ts file's path, size and mtime, the installed
 * packages and esbuild's version.
 */
export function sourceKey(root) {
  const hash = createHash('sha256');
  hash.update(`${root}\0`);
  const files = readdirSync(join(root, 'src'), { recursive: true }).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    const s = statSync(join(root, 'src', file));
    hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
  }
  hash.update(JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version);
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed)) {
    const s = statSync(installed);
    hash.update(`\0installed\0${s.size}\0${s.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The folder the CLI's bundles are kept in. */
export function bundleCacheDir(root) {
  return join(root, 'node_modules', '.cache', 'costlens');
}

async function build(root, cache, dir) {
  const { build: esbuild } = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  const staging = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await esbuild({
      entryPoints: [join(root, 'src', 'cli', 'main.ts')], outdir: staging, bundle: true, splitting: true, format: 'esm',
      platform: 'node', target: 'node20', logLevel: 'silent', external: BUNDLE_EXTERNAL,
      // The bundle lives under node_modules, which may be another checkout's (a symlink): it reads
      // queries/, dashboards/ and assets from the checkout it was built from (src/lib/package-root.ts).
      define: { __COSTLENS_PACKAGE_ROOT__: JSON.stringify(root) },
      // Bundled CommonJS packages require Node's own modules: give each ES module chunk a `require`.
      banner: { js: "import { createRequire as __costlensRequire } from 'node:module'; const require = __costlensRequire(import.meta.url);" },
    });
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!existsSync(join(dir, 'main.js'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (path !== dir && entry.startsWith('cli-') && Date.now() - statSync(path).mtimeMs > STALE_BUNDLE_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** The CLI's `main` from the bundle of the current sources (built first if needed); undefined when no bundle can be had. */
export async function bundledMain(root, env = process.env) {
  if (env.COSTLENS_NO_BUNDLE === '1') return undefined;
  let entry;
  try {
    const cache = bundleCacheDir(root);
    const dir = join(cache, `cli-${sourceKey(root)}`);
    entry = join(dir, 'main.js');
    if (!existsSync(entry)) await build(root, cache, dir);
  } catch {
    return undefined;
  }
  return (await import(pathToFileURL(entry).href)).main;
}
