/**
 * The "Month to date" section: the month so far to the report week's Sunday, the projected rest
 * of the month and the month-end forecast with its range, as `costlens forecast` gives them. When
 * the last day counted is the month's last, the month is over: the section is "Whole month", never
 * "to date", with the same figures. When the store begins inside the month, both cover the days
 * from its first charge day, and the days before it are named as not in the store (the words of
 * `costlens forecast`); such a month over is "Month from 10 Nov", not "Whole month". When the
 * forecast's trend runs far from the recent level, a caveat line under the table gives the month at
 * the recent rate (src/analyze/forecast/trend-caveat.ts). A delivery that has ended that the forecast
 * leaves out of its run-rate is named under the basis, as `costlens forecast` names it.
 */
import type { LayoutSection } from './layout-parts.ts';
import type { MonthFigures } from './model.ts';
import { centsOfUnits, formatUsd } from '../lib/money.ts';
import { endedSourceSentence } from '../analyze/forecast/index.ts';
import { dayRange, daySpan, runsOfDays, shortDay } from '../lib/calendar.ts';
import { daysNotInStoreAre } from '../lib/store-days.ts';
import { wholeMonthThrough } from '../analyze/month-names.ts';
import { plural } from '../lib/text.ts';
import { partialDaysClause } from '../analyze/ended-delivery.ts';


/**
 * The month section's words on days of the month the store does not hold ('' when it holds them all); `counted` names the figure
 * of the days held; `projected`: whether a forecast estimates them (without one they are only left out).
 */
function monthMissingNote(missing: readonly string[], counted: string, projected: boolean): string {
  if (missing.length === 0) return '';
  const estimated = projected ? ' and the projection estimates them at the usage run-rate, never as $0.00' : ', never counting them as $0.00';
  return ` ${daysNotInStoreAre({ runs: runsOfDays(missing), days: missing.length })} not in the store: ${counted} leaves them out${estimated}.`;
}

/** The days of the month before the store's data, left out of both figures, in the words of `costlens forecast` ('' when none). */
function beforeDataNote(before: readonly string[], why: string | null, counted: string, coversFrom: string): string {
  if (before.length === 0) return '';
  return ` ${daysNotInStoreAre({ runs: runsOfDays(before), days: before.length })} not in the store${why ? ` (${why})` : ''}: ${counted} and the forecast cover the days from ${shortDay(coversFrom)},`
    + ' never counting those as $0.00 nor projecting them; ingest their billing files for the whole month.';
}

/**
 * ` 14 Nov 2023 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023): …`, as `costlens forecast` names it ('' when none):
 * not fitted by the forecast, or fitted without that delivery's lines when the forecast leaves it out of its run-rate (`partialDaysFitted`).
 */
function monthPartialDaysNote(m: Pick<MonthFigures, 'partialDays' | 'partialDaysFitted'>): string {
  const dayText = (day: string) => shortDay(day, true);
  const unfitted = m.partialDays.filter((p) => !m.partialDaysFitted.includes(p.day));
  const it = unfitted.length === 1 ? 'it' : 'them';
  const fitted = m.partialDays.filter((p) => m.partialDaysFitted.includes(p.day))
    .map((p) => ` ${partialDaysClause([p], dayText)}: counted as far as the store holds it, fitted by the forecast without the lines of ${p.sources.join(', ')}.`);
  return `${unfitted.length ? ` ${partialDaysClause(unfitted, dayText)}: counted as far as the store holds ${it}, not fitted by the forecast.` : ''}${fitted.join('')}`;
}

/** The month-to-date section of `m`, a row per measure; its note gives the forecast's basis or why there is none. */
export function monthLayoutSection(m: MonthFigures): LayoutSection {
  const whole = wholeMonthThrough(m.through);
  const before = m.daysBeforeData;
  const { coversFrom } = m;
  const counted = !whole ? 'Month to date' : before.length ? `Month from ${shortDay(coversFrom)}` : 'Whole month';
  const figure = whole ? 'the month\'s figure' : 'the month to date';
  // A month to date of no day the store holds has no figure ("no data"), not $0.00.
  const held = m.through >= coversFrom && m.missingDays.length < dayRange(coversFrom, m.through).length;
  const row = (name: string, x: typeof m.billed) => [name, held ? formatUsd(x.mtd) : 'no data', x.projected === null ? '–' : formatUsd(x.projected), x.forecast === null ? '–' : formatUsd(x.forecast),
    x.low === null || x.high === null ? '–' : `${formatUsd(x.low)} – ${formatUsd(x.high)}`];
  return {
    id: 'month', title: `${counted}: ${m.month}`,
    paragraphs: [`The days counted: ${daySpan(coversFrom, m.through)}${whole ? ', to the last day of the month' : ''}${m.provisionalDays.length ? ` (${plural(m.provisionalDays.length, 'provisional day')} included)` : ''}.`
      + `${beforeDataNote(before, m.beforeDataWhy, figure, coversFrom)}${monthMissingNote(m.missingDays, figure, m.noForecast === null)}${monthPartialDaysNote(m)}`],
    tables: [{ columns: ['Cost', counted, 'Projected rest of month', 'Month-end forecast', 'Range'], numeric: [false, true, true, true, true], rows: [row('BilledCost', m.billed), row('EffectiveCost', m.effective)] }],
    // The forecast's basis, then the caveat when its trend runs far from the recent level.
    notes: [m.noForecast ? `No forecast: ${m.noForecast}` : forecastNote(m, whole, before.length ? coversFrom : null), ...endedNotes(m), ...(m.trendCaveat ? [m.trendCaveat] : [])],
  };
}

/** One note per delivery that has ended that the forecast leaves out of its run-rate, as `costlens forecast` says it, in the section's cents. */
function endedNotes(m: MonthFigures): string[] {
  const money = (units: bigint) => formatUsd(centsOfUnits(units));
  return m.endedSources.map((e) => endedSourceSentence(e, m.month, { counted: 'the month to date', money }));
}

/**
 * The forecast's basis as of the last day counted: the month to date and the days still to come; a
 * month over is not projected, but for days missing from the store (and the fees and tax still
 * expected with them). `from`: the first day counted when the store begins inside the month.
 */
function forecastNote(m: MonthFigures, whole: boolean, from: string | null): string {
  const counted = from ? `the days from ${shortDay(from)}` : 'the whole month';
  // Fees and tax are expected from the month before, when the store holds it whole (costlens forecast's rule; else it says why not).
  const expected = m.expectationsFrom !== null ? ' and the recurring fees and tax still expected from the previous month' : '';
  const projects = !whole || m.missingDays.length > 0;
  const basis = !whole
    ? `the month to date plus the usage run-rate projected over the remaining days${m.missingDays.length ? ' (and the days missing from the store)' : ''}${expected}`
    : m.missingDays.length
      ? `${counted} plus the usage run-rate projected over the days missing from the store${expected}`
      : `${counted}, every day of ${from ? 'them' : 'it'} counted, so nothing is projected`;
  const none = projects && m.expectationsWhyNot !== null ? ` Expected charges: none, ${m.expectationsWhyNot}.` : '';
  return `Forecast as of ${shortDay(m.through, true)}: ${basis} (costlens forecast --as-of ${m.through}); the range is its low/high band.${none}`;
}
