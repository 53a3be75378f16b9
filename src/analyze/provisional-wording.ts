/**
 * The one wording of why the last complete days are provisional, for the CLI (`anomalies`,
 * `forecast`), the weekly e-mail and the pages alike: `treated as provisional: costlens counts the
 * last 3 complete days back from the data horizon (anomalies.provisionalDays)`. The days are those
 * firstProvisionalDay (billing-calendar.ts) gives: counted back from the data horizon, not from the
 * invoice, since AWS may still restate the latest days of a delivery.
 */
import { plural } from '../lib/text.ts';

/** The config key that sets how many complete days are provisional: anomalies' (the pages, the e-mail) or forecast's own. */
export type ProvisionalDaysKey = 'anomalies.provisionalDays' | 'forecast.provisionalDays';

/**
 * `treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays)`.
 * `counted` names the days (`them`, `it`, `the last 3 complete days`: {@link lastCompleteDays});
 * `shownHow`, after "provisional", what that does where it is said (` (drawn lighter, not judged
 * for anomalies)`); `key`, the config key that sets their number.
 */
export function treatedAsProvisional(counted: string, shownHow = '', key: ProvisionalDaysKey = 'anomalies.provisionalDays'): string {
  return `treated as provisional${shownHow}: costlens counts ${counted} back from the data horizon (${key})`;
}

/** `the last complete day`, `the last 3 complete days`: the days a provisionalDays key of `count` makes provisional. */
export function lastCompleteDays(count: number): string {
  return count === 1 ? 'the last complete day' : `the last ${plural(count, 'complete day')}`;
}
