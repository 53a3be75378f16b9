/**
 * `costlens ARGS` on a store that is only read, run once per test file: a test that needs a run
 * another test of the file already made (the same store, the same arguments, so the same output)
 * gets that run's output instead of running the command again. An argument naming a file (a config
 * a test rewrites) counts with the file's text, so a run after a rewrite is run again.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { costlens, type CliRun } from './cli.ts';

/** An argument as the key reads it: a file's path with its text, else the argument itself. */
const keyOf = (arg: string) => (existsSync(arg) && statSync(arg).isFile() && !arg.endsWith('.duckdb') ? [arg, readFileSync(arg, 'utf8')] : arg);

/** A `costlens(db, ...args)` that runs each distinct store and arguments once (keep one per test file). */
export function costlensOnce(): (db: string, ...args: string[]) => Promise<CliRun> {
  const runs = new Map<string, Promise<CliRun>>();
  return (db, ...args) => {
    const key = JSON.stringify([db, args.map(keyOf)]);
    let run = runs.get(key);
    if (!run) runs.set(key, (run = costlens(db, ...args)));
    return run;
  };
}
