/**
 * The days of the examined range that got no verdict, each with its cause, for readers of
 * `costlens anomalies --format json`: without them an empty `events` cannot tell "no anomaly"
 * from "not judged". The text output says the same in its "Not judged:" and "Not examined:" notes.
 */
import type { AnomalyReport, NotJudgedCause } from './detect.ts';
import { lastCompleteDays, treatedAsProvisional } from '../provisional-wording.ts';

/** A day up to as-of that was given no verdict. */
export interface UnjudgedDay {
  day: string;
  /**
   * `missing`: the store holds no billing data that day; `history`: some of its trailing days have
   * none, so it has no full window to be judged against; `provisional`: one of the last complete
   * days, treated as provisional (provisional-wording.ts), left out unless --include-provisional.
   */
  cause: NotJudgedCause | 'provisional';
  /** The cause in words, as the text output's notes say it. */
  reason: string;
}

/**
 * Every day from the report's first examined day (`from`) to its as-of that was not judged:
 * its examined days without a verdict, then the provisional days it left out, in day order.
 */
export function unjudgedDays(report: AnomalyReport): UnjudgedDay[] {
  const { provisionalDays } = report.rule;
  const provisional = report.skippedProvisional.map((day): UnjudgedDay => ({
    day, cause: 'provisional',
    reason: `${treatedAsProvisional(lastCompleteDays(provisionalDays))}; --include-provisional examines it`,
  }));
  return [...report.notJudged.map(({ day, cause, reason }): UnjudgedDay => ({ day, cause, reason })), ...provisional];
}
