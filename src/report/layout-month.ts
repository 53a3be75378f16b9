/**
 * The "Month to date" section: the month so far to the report week's Sunday, the projected rest
 * of the month and the month-end forecast with its range, as `costlens forecast` gives them.
 */
import type { LayoutSection } from './layout-parts.ts';
import type { MonthFigures } from './model.ts';
import { formatUsd } from '../lib/money.ts';
import { daysNotInStoreAre, runsOfDays, shortDay } from '../lib/calendar.ts';

/** The month section's words on days of the month the store does not hold ('' when it holds them all). */
function monthMissingNote(missing: readonly string[]): string {
  if (missing.length === 0) return '';
  return ` ${daysNotInStoreAre({ runs: runsOfDays(missing), days: missing.length })} not in the store: the month to date leaves them out and the projection estimates them at the usage run-rate, never as $0.00.`;
}

/** The month-to-date section of `m`, a row per measure; its note gives the forecast's basis or why there is none. */
export function monthLayoutSection(m: MonthFigures): LayoutSection {
  const row = (name: string, x: typeof m.billed) => [name, formatUsd(x.mtd), x.projected === null ? '–' : formatUsd(x.projected), x.forecast === null ? '–' : formatUsd(x.forecast),
    x.low === null || x.high === null ? '–' : `${formatUsd(x.low)} – ${formatUsd(x.high)}`];
  return {
    id: 'month', title: `Month to date: ${m.month}`,
    paragraphs: [`From ${shortDay(`${m.month}-01`)} to ${shortDay(m.through, true)}${m.provisionalDays.length ? ` (${m.provisionalDays.length} provisional day(s) included)` : ''}.${monthMissingNote(m.missingDays)}`],
    tables: [{ columns: ['Cost', 'Month to date', 'Projected rest of month', 'Month-end forecast', 'Range'], numeric: [false, true, true, true, true], rows: [row('BilledCost', m.billed), row('EffectiveCost', m.effective)] }],
    notes: [m.noForecast ? `No forecast: ${m.noForecast}` : `Forecast as of ${shortDay(m.through, true)}: the month to date plus the usage run-rate projected over the remaining days${m.missingDays.length ? ' (and the days missing from the store)' : ''} and the recurring fees and tax still expected from the previous month (costlens forecast --as-of ${m.through}); the range is its low/high band.`],
  };
}
