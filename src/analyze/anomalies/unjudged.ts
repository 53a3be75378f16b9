/**
 * The days of the examined range that got no verdict, each with its cause, for readers of
 * `costlens anomalies --format json`: without them an empty `events` cannot tell "no anomaly"
 * from "not judged". The text output says the same in its "Not judged:" and "Not examined:" notes.
 */
import type { AnomalyReport, NotJudgedCause } from './detect.ts';
import { type DeliveryHorizon, lastCompleteDays, treatedAsProvisional } from '../provisional-wording.ts';
import { addDays, dayRange, daySpan } from '../../lib/calendar.ts';
import { pluralNoun } from '../../lib/text.ts';
import { ascending } from '../../lib/order.ts';

/** A day up to as-of that was given no verdict. */
export interface UnjudgedDay {
  day: string;
  /**
   * `missing`: the store holds no billing data that day; `history`: some of its trailing days have
   * none, so it has no full window to be judged against; `ended`: every series holds in its trailing
   * days the data of a delivery that has ended; `partial`: the partial day of such a delivery (its lines
   * stop inside it), not judged against full days; `provisional`: one of the last complete
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
    reason: `${treatedAsProvisional(lastCompleteDays(provisionalDays), '', 'anomalies.provisionalDays', report.provisionalHorizon)}; --include-provisional examines it`,
  }));
  return [...report.notJudged.map(({ day, cause, reason }): UnjudgedDay => ({ day, cause, reason })), ...provisional].sort((a, b) => ascending(a.day, b.day));
}

/** A run of consecutive examined days given no verdict for one reason. */
export interface UnjudgedRun {
  from: string;
  to: string;
  days: number;
  cause: NotJudgedCause;
  /** The reason in the words of `costlens anomalies`' "Not judged:" note. */
  reason: string;
}

/**
 * The examined days that got no verdict (no billing data that day, or too few trailing days with
 * data), in runs of consecutive days of one reason, as `costlens anomalies` prints its "Not
 * judged:" notes; the provisional days, left out of the examination, are not among them.
 */
export function unjudgedRuns(report: AnomalyReport): UnjudgedRun[] {
  const runs: UnjudgedRun[] = [];
  for (const { day, cause, reason } of report.notJudged) {
    const last = runs.at(-1);
    if (last && last.reason === reason && addDays(last.to, 1) === day) {
      last.to = day;
      last.days += 1;
    } else runs.push({ from: day, to: day, days: 1, cause, reason });
  }
  return runs;
}

/** How many examined days got a verdict, the first and last of them; null when none did. */
export function judgedDays(report: AnomalyReport): { days: number; first: string; last: string } | null {
  if (report.examined === null) return null;
  const unjudged = new Set([...report.notJudged.map((d) => d.day), ...report.skippedProvisional]);
  const judged = dayRange(report.examined.from, report.examined.to).filter((day) => !unjudged.has(day));
  return judged.length === 0 ? null : { days: judged.length, first: judged[0], last: judged[judged.length - 1] };
}

/**
 * One run as every surface names it after `Not judged: `: `1–10 Nov 2023 (fewer than 28 trailing days of billing data)`;
 * a partial day, `14 Nov 2023, a partial day (the data of aws/123412340534 ends on 13 Nov 2023): not all of its usage is in the store`.
 */
export function unjudgedRunText(run: UnjudgedRun): string {
  return run.cause === 'partial' ? `${daySpan(run.from, run.to)}, a ${run.reason}` : `${daySpan(run.from, run.to)} (${run.reason})`;
}

/** `1–10 Nov 2023 (fewer than 28 trailing days of billing data); 16 Nov 2023 (no billing data that day)`: the runs as a page or an e-mail names them. */
export function unjudgedRunsText(runs: readonly UnjudgedRun[]): string {
  return runs.map((r) => unjudgedRunText(r)).join('; ');
}

/**
 * `11–13 Nov 2023 are not judged yet, treated as provisional: costlens counts them back from the
 * data horizon (anomalies.provisionalDays).`: the provisional days left out of an examination
 * (`skipped`, in day order), as the Overview and the weekly e-mail say them; '' when none.
 */
export function provisionalNotJudgedSentence(skipped: readonly string[], horizon: DeliveryHorizon | null = null): string {
  if (skipped.length === 0) return '';
  return `${daySpan(skipped[0], skipped[skipped.length - 1])} ${pluralNoun(skipped.length, 'is', 'are')} not judged yet, ${treatedAsProvisional(pluralNoun(skipped.length, 'it', 'them'), '', 'anomalies.provisionalDays', horizon)}.`;
}
