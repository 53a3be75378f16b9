/**
 * The one wording of why the last complete days are provisional, for the CLI (`anomalies`,
 * `forecast`), the weekly e-mail and the pages alike: `treated as provisional: costlens counts the
 * last 3 complete days back from the data horizon (anomalies.provisionalDays)`. The days are those
 * firstProvisionalDay (billing-calendar.ts) gives: counted back from the data horizon, not from the
 * invoice, since AWS may still restate the latest days of a delivery.
 */
import { daySpan, shortDay } from '../lib/calendar.ts';
import { plural } from '../lib/text.ts';

/** The config key that sets how many complete days are provisional: anomalies' (the pages, the e-mail) or forecast's own. */
export type ProvisionalDaysKey = 'anomalies.provisionalDays' | 'forecast.provisionalDays';

/**
 * `treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays)`.
 * `counted` names the days (`them`, `it`, `the last 3 complete days`: {@link lastCompleteDays});
 * `shownHow`, after "provisional", what that does where it is said (` (drawn lighter, not judged
 * for anomalies)`); `key`, the config key that sets their number; `horizon`, the delivery whose data
 * horizon they count back from when it is not the store's ({@link horizonOf}).
 */
export function treatedAsProvisional(counted: string, shownHow = '', key: ProvisionalDaysKey = 'anomalies.provisionalDays', horizon: DeliveryHorizon | null = null): string {
  return `treated as provisional${shownHow}: costlens counts ${counted} back from the data horizon${horizonOf(horizon)} (${key})`;
}

/** The data horizon of a delivery (provider/billing account sources, sorted): the last complete day of its data. */
export interface DeliveryHorizon {
  lastDay: string;
  sources: string[];
}

/**
 * Which data horizon provisional days count back from when it is a delivery's, not the store's (a
 * store of several deliveries, provisional-from.ts): ` of aws/123412340534, 13 Nov 2023, where its
 * data ends`, so that it is not read as the store's latest (30 Sep 2024); '' for the store's (`horizon` null).
 */
function horizonOf(horizon: DeliveryHorizon | null): string {
  return horizon && horizon.sources.length > 0 ? ` of ${horizon.sources.join(', ')}, ${shortDay(horizon.lastDay, true)}, where its data ends` : '';
}

/** `the last complete day`, `the last 3 complete days`: the days a provisionalDays key of `count` makes provisional. */
export function lastCompleteDays(count: number): string {
  return count === 1 ? 'the last complete day' : `the last ${plural(count, 'complete day')}`;
}

/**
 * Why no day of an anomaly examination from `from` to `asOf` was examined: every one is provisional
 * (`provisionalDays` of them at most): `5 Nov 2018, the one day in the range, is treated as
 * provisional: …`, `every day in the range, 3–5 Nov 2018, is …`, for the CLI and the pages alike.
 */
export function allDaysProvisional(from: string, asOf: string, provisionalDays: number, horizon: DeliveryHorizon | null = null): string {
  const days = from === asOf ? `${shortDay(from, true)}, the one day in the range, is` : `every day in the range, ${daySpan(from, asOf)}, is`;
  return `${days} ${treatedAsProvisional(lastCompleteDays(provisionalDays), '', 'anomalies.provisionalDays', horizon)}`;
}
