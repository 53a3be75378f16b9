/**
 * A store made by one `costlens ingest` with given arguments and environment (a thread count, a
 * terminal width), built once per machine: a test cache in the temp folder keyed, as cachedStore's
 * are (tests/helpers/cached-stores.ts), by the arguments (with the state of each file or folder one
 * names: tests/helpers/cache-inputs.ts), every source file under src/ and the installed packages,
 * and by the environment given, with what the ingest printed kept beside it. A test that checks an ingest's
 * output, or the figures of a store ingested so, reads them instead of ingesting again on every run.
 * Callers only read the store (storeCopyOf gives a copy to write to).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { installedPackages, statesOfPaths } from './cache-inputs.ts';
import { builtOnce } from './cached-stores.ts';
import { textSink, type CliRun } from './cli.ts';
import { scratchDir } from './scratch-dirs.ts';
import { sourceHash } from './source-hash.ts';

/**
 * The store made by `costlens ingest ARGS…` into an empty store, with the test's environment less
 * COLUMNS plus `env`, and what that ingest returned (exit code, stdout, stderr). A failed ingest
 * fails the build, naming its arguments.
 */
export async function cachedIngest(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ db: string; run: CliRun }> {
  const key = createHash('sha256').update(JSON.stringify([args, statesOfPaths(args), env, sourceHash(['src']), installedPackages()])).digest('hex').slice(0, 16);
  const target = join(tmpdir(), `costlens-fixture-store-${key}.duckdb`);
  const db = await builtOnce(target, async (scratch) => {
    const [out, err] = [textSink(), textSink()];
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'COLUMNS'));
    const code = await main(['ingest', ...args], { stdout: out.stream, stderr: err.stream, env: { ...base, COSTLENS_DB: scratch, ...env }, cwd: process.cwd() });
    writeFileSync(`${target}.run.json`, JSON.stringify({ code, stdout: out.text(), stderr: err.text() } satisfies CliRun));
    if (code !== 0) throw new Error(`costlens ingest ${args.join(' ')} failed: ${err.text()}`);
  });
  return { db, run: JSON.parse(readFileSync(`${target}.run.json`, 'utf8')) as CliRun };
}

/** A private copy of a cached store (`store.duckdb` in a fresh temporary folder, removed when the test file ends), which the caller may write to. */
export function storeCopyOf(cached: string): { dir: string; db: string } {
  const dir = scratchDir();
  const db = join(dir, 'store.duckdb');
  copyFileSync(cached, db);
  return { dir, db };
}
