/**
 * The report's send phase in child processes (tests/report/send-child.ts) for a known number of
 * trials, each started one trial ahead so that its start-up overlaps the trial before, but none
 * started after the last trial (a child nobody hands a job to is a start-up spent for nothing).
 *
 * The children run send-child.ts as one esbuild bundle, as bin/costlens.js runs the CLI from its
 * bundle (bin/cli-bundle.js): the same product code (deliverReports, the SMTP transport, the
 * ledger), without tsx compiling and resolving its modules at every start (0.6 s of CPU a child
 * against 0.1 s). The bundle is built once per source and kept beside the CLI's bundles.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { start, type Started } from '../report/killed-runs.ts';
import { builtOnce } from './cached-stores.ts';
import { sourceHash } from './source-hash.ts';

const ROOT = resolve(__dirname, '../..');
const ENTRY = 'tests/report/send-child.ts';
/** Bundles of earlier sources are removed once this old (a running test has long loaded its bundle). */
const STALE_BUNDLE_MS = 60 * 60_000;

/**
 * The path of send-child.js, the bundle of tests/report/send-child.ts and what it imports (native
 * addons and build tools left to Node, as in the CLI's bundle), built first if the sources changed.
 * It sits under the package (node_modules/.cache/costlens), where the code finds the package's
 * files (migrations, queries) and Node its native addons, as from the CLI's bundle.
 */
export async function sendChildBundle(): Promise<string> {
  const { version } = (await import('esbuild')) as { version: string };
  const key = sourceHash(['src', ENTRY, 'tests/report/send-job.ts', 'package-lock.json']).slice(0, 16);
  const cache = join(ROOT, 'node_modules', '.cache', 'costlens');
  const dir = join(cache, `test-send-child-${key}-${version}`);
  await builtOnce(dir, async (scratch) => {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(ROOT, ENTRY)], outdir: scratch, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
      external: ['@duckdb/node-bindings*', '@resvg/*', '@aws-sdk/*', '@smithy/*', 'esbuild', 'tsx', 'playwright-core'],
      banner: { js: "import { createRequire as __costlensRequire } from 'node:module'; const require = __costlensRequire(import.meta.url);" },
    });
    for (const entry of existsSync(cache) ? readdirSync(cache) : []) {
      const path = join(cache, entry);
      if (entry.startsWith('test-send-child-') && path !== dir && !path.startsWith(`${dir}.`) && Date.now() - statSync(path).mtimeMs > STALE_BUNDLE_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  });
  return join(dir, 'send-child.js');
}

/**
 * `total` send children running `node ARGS` (the bundle from {@link sendChildBundle}):
 * {@link prestart} starts the first ahead of time, {@link next} hands over the one started before
 * and starts the one after while trials remain, {@link close} kills one left waiting.
 */
export function sendChildrenFor(total: number, args: string[]): { prestart(): void; next(job: string): Started; close(): Promise<void> } {
  const startOne = () => start(args);
  let waiting: Started | null = null;
  let handed = 0;
  return {
    prestart() {
      if (!waiting && handed < total) waiting = startOne();
    },
    next(job: string) {
      if (handed >= total) throw new Error(`only ${total} send children were planned`);
      const child = waiting ?? startOne();
      handed++;
      waiting = handed < total ? startOne() : null;
      child.child.stdin!.end(`${job}\n`);
      return child;
    },
    async close() {
      if (!waiting) return;
      waiting.child.kill('SIGKILL');
      await waiting.ended;
      waiting = null;
    },
  };
}
