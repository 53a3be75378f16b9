/**
 * The report's send phase in child processes (tests/report/send-child.ts) for a known number of
 * trials, each started one trial ahead so that its start-up overlaps the trial before, but none
 * started after the last trial (a child nobody hands a job to is a start-up spent for nothing).
 *
 * The children run send-child.ts as one esbuild bundle (helpers/child-bundle.ts): the same product
 * code (deliverReports, the SMTP transport, the ledger) without tsx at every start.
 */
import { start, type Started } from '../report/killed-runs.ts';
import { testChildBundle } from './child-bundle.ts';

/** The path of send-child.js, the bundle of tests/report/send-child.ts (helpers/child-bundle.ts), built first if the sources changed. */
export function sendChildBundle(): Promise<string> {
  return testChildBundle('tests/report/send-child.ts', ['tests/report/send-job.ts']);
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
