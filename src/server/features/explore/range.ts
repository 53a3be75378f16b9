/**
 * Explore's date presets and comparison spans. Every preset is a half-open range of complete charge
 * days that ends at the data horizon (the last complete day of usage in the store,
 * queries/calendar/data_horizon.sql), never at the wall clock, so "last 7 days" on a store last
 * ingested a week ago still shows seven days of data, and a link with `?preset=` follows the data
 * as later ingests move the horizon.
 */
import type { DayRange } from '../../../analyze/selection.ts';
import { onMonthBounds } from '../../../analyze/whole-bills-period.ts';
import { addDays, addMonths, daysBetween, daysInMonth, daySpan, lastWholeMonthUpTo, monthLabel, monthStart, monthsTouched, unequalSpans } from '../../../lib/calendar.ts';
import type { ReportContext } from '../../context.ts';

export type { DayRange } from '../../../analyze/selection.ts';

/** The presets, in the order the form offers them, with their labels. */
export const PRESETS = {
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  month_to_date: 'Month to date',
  last_month: 'Last month',
  last_3_months: 'Last 3 months',
  last_6_months: 'Last 6 months',
  last_12_months: 'Last 12 months',
} as const;

export type Preset = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as Preset[];

/**
 * The comparisons: the span of equal length just before, or the same days of the month before
 * (whole months: the whole month before; see {@link comparedSpan} for a range whose same days of the
 * month before are not as many days).
 */
export const COMPARISONS = {
  previous: 'Previous period (same length)',
  last_month: 'Same days last month',
} as const;

export type Comparison = keyof typeof COMPARISONS;
export const COMPARISON_NAMES = Object.keys(COMPARISONS) as Comparison[];

/**
 * What the presets' days follow, the page's context's (src/server/context.ts): the data horizon
 * `as_of` (the last complete day) and `last_complete_month`, as the default period judges it (a
 * month whose bill a delivery of fees only has not invoiced yet is not complete).
 */
export type PresetHorizon = Pick<ReportContext, 'as_of' | 'last_complete_month'>;

/**
 * The days of a preset for a horizon (`as_of`, the last complete day; `last_complete_month`):
 * - last 7 / 30 days: the 7 or 30 days ending with as_of;
 * - month to date: the first of as_of's month up to as_of;
 * - last month: the last complete month (as_of's own when as_of is its last day, else the one
 *   before; earlier when a delivery of fees only has not invoiced that month's bill yet);
 * - last 3 / 6 / 12 months: that many complete months ending with the last complete month.
 */
export function presetRange(preset: Preset, horizon: PresetHorizon): DayRange {
  const asOf = horizon.as_of;
  const end = addDays(asOf, 1);
  const completeEnd = addMonths(`${horizon.last_complete_month}-01`, 1);
  switch (preset) {
    case 'last_7_days':
      return { start: addDays(asOf, -6), end };
    case 'last_30_days':
      return { start: addDays(asOf, -29), end };
    case 'month_to_date':
      return { start: monthStart(asOf), end };
    case 'last_month':
      return { start: addMonths(completeEnd, -1), end: completeEnd };
    case 'last_3_months':
      return { start: addMonths(completeEnd, -3), end: completeEnd };
    case 'last_6_months':
      return { start: addMonths(completeEnd, -6), end: completeEnd };
    case 'last_12_months':
      return { start: addMonths(completeEnd, -12), end: completeEnd };
  }
}

/**
 * The preset whose days (for this horizon) are exactly `range`, if one is, as the Range field shows it
 * ({@link presetShown}): when `as_of` is the last day of the last complete month, month to date and last
 * month are that whole month (and the last 30 days too, a month of 30 days): it is last month, as the
 * month is over.
 */
export function presetOf(range: DayRange, horizon: PresetHorizon): Preset | undefined {
  const preset = PRESET_NAMES.find((p) => sameDays(presetRange(p, horizon), range));
  return preset && presetShown(preset, horizon);
}

/** Whether two ranges are the same days. */
function sameDays(a: DayRange, b: DayRange): boolean {
  return a.start === b.start && a.end === b.end;
}

/**
 * How the page names preset `preset` showing `range` (its days, for `horizon`): its label, except
 * month to date over a whole month (the data horizon is the month's last day), which is over, so is
 * never "to date": named as last month is, `Last month`, when it is the last complete month, else
 * (a delivery of fees only has not invoiced its bill yet, so Last month is an earlier one) by the
 * month, `Nov 2018`. The last 30 days over those days (a month of 30 days) are named as month to date is,
 * so the page names a range as the Range field shows it ({@link presetShown}).
 */
export function presetLabel(preset: Preset, range: DayRange, horizon: Pick<PresetHorizon, 'last_complete_month'>): string {
  // The last 30 days from a month's first day are month to date's days (as_of its 30th), named as it is.
  if (preset === 'last_30_days' && range.start === monthStart(range.start)) return presetLabel('month_to_date', range, horizon);
  if (!monthToDateOver(preset, range)) return PRESETS[preset];
  return monthToDateIsLastMonth(preset, range, horizon) ? PRESETS.last_month : monthLabel(range.start);
}

/**
 * A preset as the Range field offers it: its label, but Last month is named by its month when it is
 * not the last whole month up to the data horizon, passed over because a bill not invoiced yet keeps
 * that one open (the note beside the total says why): `Oct 2018 (last complete month)`, as of 30 Nov
 * 2018. The month first, as month to date over a whole month is named (`Nov 2018`), so that a
 * phone's Range field, which shows some 19 characters at 390 px, still shows it.
 */
export function presetChoice(preset: Preset, horizon: PresetHorizon): string {
  if (preset === 'month_to_date') return monthToDateChoice(horizon);
  if (preset !== 'last_month' || horizon.last_complete_month >= lastWholeMonthUpTo(horizon.as_of)) return PRESETS[preset];
  return `${monthLabel(`${horizon.last_complete_month}-01`)} (last complete month)`;
}

/**
 * Month to date as the Range field offers it: by its month (`Nov 2018`) when it is a whole month
 * passed over (a bill not invoiced yet keeps it open), as the page names it ({@link presetLabel});
 * else `Month to date`, also over the whole last complete month, whose days the field shows as
 * Last month ({@link presetShown}), so that no two choices read alike.
 */
function monthToDateChoice(horizon: PresetHorizon): string {
  const range = presetRange('month_to_date', horizon);
  return monthToDateOver('month_to_date', range) && !monthToDateIsLastMonth('month_to_date', range, horizon) ? monthLabel(range.start) : PRESETS.month_to_date;
}

/**
 * The preset the Range field shows chosen for `preset`: of the presets whose days are `preset`'s, the one
 * that names them best, the last in the form's order: Last month for month to date over the whole last
 * complete month (the data horizon is its last day), and for the last 30 days when that month has 30
 * (as of 30 Sep 2024: 1–30 Sep 2024 each), which the page names Last month; month to date for the last 30
 * days from a month's first day (as of 30 Oct); else `preset` itself. So the field and the summary beside
 * it name one range.
 */
export function presetShown(preset: Preset, horizon: PresetHorizon): Preset {
  const days = presetRange(preset, horizon);
  return [...PRESET_NAMES].reverse().find((p) => sameDays(presetRange(p, horizon), days)) ?? preset;
}

/**
 * The presets the Range field offers for a horizon, in their order: one per range, each as it shows
 * chosen ({@link presetShown}): not month to date over the whole last complete month, nor the last 30
 * days when they are that month (30 days) or month to date, the days of a later choice (it offered
 * both). A link with `preset=month_to_date` or `preset=last_30_days` still opens them.
 */
export function offeredPresets(horizon: PresetHorizon): Preset[] {
  return PRESET_NAMES.filter((preset) => presetShown(preset, horizon) === preset);
}

/** Whether `preset` is month to date over a whole month (ending on its last day): a month that is over. */
function monthToDateOver(preset: Preset, range: DayRange): boolean {
  return preset === 'month_to_date' && range.end === monthStart(range.end);
}

/** Whether `preset` is month to date over the whole of the last complete month: Last month's days. */
function monthToDateIsLastMonth(preset: Preset, range: DayRange, horizon: Pick<PresetHorizon, 'last_complete_month'>): boolean {
  return monthToDateOver(preset, range) && range.start.slice(0, 7) === horizon.last_complete_month;
}

/**
 * The days a comparison names for a range (what the page compares is {@link comparedSpan}'s):
 * - previous: as many days, ending the day before the range starts;
 * - last_month: the same days of the month one month earlier, each day moved back a month (a day
 *   the earlier month lacks, e.g. 31 Oct → 30 Sep, becomes its last day), so "1–20 Nov" names
 *   "1–20 Oct" and a whole month the whole month before. These may hold fewer or more days than
 *   the range (15–31 Oct: 15–30 Sep, 16 days against 17).
 */
export function comparisonRange(comparison: Comparison, range: DayRange): DayRange {
  if (comparison === 'previous') {
    const days = daysBetween(range.start, range.end);
    return { start: addDays(range.start, -days), end: range.start };
  }
  if (wholeMonths(range)) return { start: addMonths(range.start, -1), end: addMonths(range.end, -1) };
  return { start: monthEarlier(range.start), end: addDays(monthEarlier(addDays(range.end, -1)), 1) };
}

/** Whether a range is whole calendar months: from a first of the month to a last day of one. */
export function wholeMonths(range: DayRange): boolean {
  return onMonthBounds({ from: range.start, to: range.end });
}

/** The span a view is compared with, and how the page names it. */
export interface ComparedSpan {
  /** The days compared (half-open). */
  range: DayRange;
  /** Its name on the page: the comparison, its days, and why they are these days when it is not plain. */
  label: string;
}

/**
 * The span the page compares a range with: equal spans of complete days, except whole months.
 * - previous: as many days just before (comparisonRange's); in a store without daily usage
 *   (`wholeBills`), whose lines are dated to the first of their month, whole months against as
 *   many whole months just before, which may be shorter or longer: `Previous period (same length):
 *   1–31 Oct 2018, as many whole bills just before (31 days against 30)`;
 * - last_month, whole months: the whole month(s) before, which may be shorter or longer (the label
 *   says so, `(30 days against 31)`);
 * - last_month, any other range: the same days of the month before when they are as many days as
 *   the range's; else, as the Overview does when last month is shorter, as many days just before
 *   the range, and the label names the same days and why they were not taken:
 *   `Same days last month: 28 Sep – 14 Oct 2026, as many days just before (the same days of the
 *   month before, 15–30 Sep 2026, are 16 days against 17)`.
 */
export function comparedSpan(comparison: Comparison, range: DayRange, wholeBills = false): ComparedSpan {
  if (comparison === 'previous' && wholeBills && wholeMonths(range)) return billsBefore(range);
  const named = comparisonRange(comparison, range);
  if (comparison === 'previous' || wholeMonths(range) || daysBetween(named.start, named.end) === daysBetween(range.start, range.end)) {
    return { range: named, label: comparisonLabel(comparison, range, named) };
  }
  const before = comparisonRange('previous', range);
  const sameDays = `the same days of the month before, ${daySpan(named.start, addDays(named.end, -1))}, are ${unequalSpans(named.start, named.end, range.start, range.end)}`;
  return { range: before, label: `${COMPARISONS[comparison]}: ${daySpan(before.start, addDays(before.end, -1))}, as many days just before (${sameDays})` };
}

/** As many whole months as `range` holds, just before it: a store without daily usage compares its bills whole. */
function billsBefore(range: DayRange): ComparedSpan {
  const months = monthsTouched(range.start, range.end).length;
  const before = { start: addMonths(range.start, -months), end: range.start };
  const unequal = unequalSpans(before.start, before.end, range.start, range.end);
  const label = `${COMPARISONS.previous}: ${daySpan(before.start, addDays(before.end, -1))}, as many whole bills just before`;
  return { range: before, label: unequal ? `${label} (${unequal})` : label };
}

/** The same day of the month before (its last day when that month is shorter). */
function monthEarlier(day: string): string {
  const first = addMonths(day, -1);
  const dayOfMonth = Math.min(Number(day.slice(8)), daysInMonth(first));
  return `${first.slice(0, 8)}${String(dayOfMonth).padStart(2, '0')}`;
}

/**
 * A compared span as the page names it: `Previous period (same length): 1–7 Nov 2026`. Whole
 * months are compared with the whole month before, which may be shorter or longer; then the label
 * says so, `Same days last month: 1–30 Sep 2026 (30 days against 31)`, so a change that is only the
 * calendar's is not read as spend.
 */
export function comparisonLabel(comparison: Comparison, range: DayRange, compared: DayRange): string {
  const label = `${COMPARISONS[comparison]}: ${daySpan(compared.start, addDays(compared.end, -1))}`;
  const unequal = unequalSpans(compared.start, compared.end, range.start, range.end);
  return unequal ? `${label} (${unequal})` : label;
}
