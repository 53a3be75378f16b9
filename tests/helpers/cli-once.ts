/**
 * `costlens ARGS` on a store that is only read, run once per test file: a test that needs a run
 * another test of the file already made (the same store, the same arguments, so the same output)
 * gets that run's output instead of running the command again.
 */
import { costlens, type CliRun } from './cli.ts';

/** A `costlens(db, ...args)` that runs each distinct store and arguments once (keep one per test file). */
export function costlensOnce(): (db: string, ...args: string[]) => Promise<CliRun> {
  const runs = new Map<string, Promise<CliRun>>();
  return (db, ...args) => {
    const key = JSON.stringify([db, args]);
    let run = runs.get(key);
    if (!run) runs.set(key, (run = costlens(db, ...args)));
    return run;
  };
}
