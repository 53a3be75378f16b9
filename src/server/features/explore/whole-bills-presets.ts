/**
 * Explore's presets on a store without daily usage (a CUR at monthly time granularity, fees only):
 * its lines are dated to the first of their month, so a preset whose days cut a month (Last 7 days)
 * would show that month's whole bill, or none of it, as the days named. Refused on the `preset`
 * field in the words of the form (the preset chosen and its days), with the presets that are whole
 * months for the store's last bill; the user never typed the start and end a preset stands for.
 * A preset that is whole months is said as the bills it covers: such a store has no data horizon.
 */
import { addDays, addMonths, daySpan, monthLabel, monthStart } from '../../../lib/calendar.ts';
import { andList } from '../../../lib/text.ts';
import type { Analyses } from '../../analysis-service.ts';
import type { WholeBillsContext } from '../../context.ts';
import { FieldError } from '../../filters.ts';
import { offeredPresets, presetLabel, PRESETS, presetRange, wholeMonths, type DayRange, type Preset, type PresetHorizon } from './range.ts';

/**
 * Refuses `preset` (its days for `horizon`, the page's as-of day and last complete month) when the store holds no daily usage and the
 * days cut a month: a FieldError on `preset` naming the preset, its days and what the store holds,
 * with the presets the Range field offers whose days are whole months and the custom range on month bounds that covers
 * the preset's days. Nothing in a store of daily usage, or when the preset's days are whole months.
 */
export async function refusePresetCutInsideMonth(analyses: Analyses, preset: Preset, horizon: PresetHorizon): Promise<void> {
  const range = presetRange(preset, horizon);
  const bills = (await analyses.billingSpan())?.wholeBillsOnly;
  if (!bills || wholeMonths(range)) return;
  const lastDay = addDays(range.end, -1);
  const whole = offeredPresets(horizon).filter((p) => wholeMonths(presetRange(p, horizon))).map((p) => PRESETS[p]);
  const bounds = `From ${monthStart(range.start)}, To ${addMonths(monthStart(lastDay), 1)}`;
  throw new FieldError('preset', `the range ${PRESETS[preset]} (${daySpan(range.start, lastDay)}) cuts a month into days, but the store holds no daily usage: `
    + `${bills.reason}, so its lines are dated to the first of their month and only whole billing periods add up`, {
    hint: `choose ${andList(whole, 'or')}, whole months on this store, or a custom range on month bounds: ${bounds}`,
  });
}

/**
 * What a preset's days are in a store without daily usage (`whole`), for the note beside Explore's
 * total, where a store of daily usage says "up to the data horizon": the whole bills they cover,
 * which end with the last complete bill (or the latest, when none is complete yet):
 * `Last 30 days: the whole bill of Nov 2018, the last complete bill; the store holds no daily usage`.
 * Month to date, a whole bill there, is over: `Last month: the whole bill of Oct 2018, …` (presetLabel).
 */
export function wholeBillsPresetNote(preset: Preset, range: DayRange, whole: WholeBillsContext, horizon: Pick<PresetHorizon, 'last_complete_month'>): string {
  const first = range.start.slice(0, 7);
  const last = addDays(range.end, -1).slice(0, 7);
  const one = first === last;
  const bills = one ? `the whole bill of ${monthLabel(first)}` : `the whole bills of ${monthLabel(first)} to ${monthLabel(last)}`;
  const ending = whole.through ? (one ? 'the last complete bill' : 'up to the last complete bill') : (one ? 'not complete yet' : 'the last not complete yet');
  return `${presetLabel(preset, range, horizon)}: ${bills}, ${ending}; the store holds no daily usage`;
}
