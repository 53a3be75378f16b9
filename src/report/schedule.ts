/**
 * Scheduling the weekly report inside `costlens serve --schedule "0 8 * * MON"` (croner): a run
 * never overlaps the previous one, a failed run is reported and the schedule goes on. Times are
 * UTC unless a timezone is given. The send ledger keeps a restarted server from sending twice.
 */
import { Cron } from 'croner';
import { CostlensError, messageOf } from '../errors.ts';

/** A running schedule. */
export interface WeeklySchedule {
  /** The next run, or null when there is none. */
  nextRun(): Date | null;
  stop(): void;
}

/** Options of {@link scheduleWeeklyReport}. */
export interface ScheduleOptions {
  /** IANA timezone of the cron pattern (default UTC). */
  timezone?: string;
  /** Told of every run's failure (default: nothing). */
  onError?: (error: unknown) => void;
}

/**
 * Calls `run` at every time the 5-field cron pattern (or 6 fields, with seconds first) matches.
 * An invalid pattern is a usage error that quotes it.
 */
export function scheduleWeeklyReport(cron: string, run: () => Promise<unknown>, options: ScheduleOptions = {}): WeeklySchedule {
  let job: Cron;
  try {
    job = new Cron(cron, {
      timezone: options.timezone ?? 'Etc/UTC',
      protect: true,
      catch: (error) => options.onError?.(error),
      mode: '5-or-6-parts',
    }, async () => {
      try {
        await run();
      } catch (error) {
        options.onError?.(error);
      }
    });
  } catch (error) {
    throw new CostlensError('usage', `--schedule "${cron}" is not a cron pattern: ${messageOf(error)}`, {
      hint: 'five fields: minute hour day-of-month month day-of-week, e.g. "0 8 * * MON" (08:00 UTC every Monday)',
      cause: error,
    });
  }
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}
