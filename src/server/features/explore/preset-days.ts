/**
 * Explore's presets on a store whose billing data none of the preset's days reaches (`Last month`
 * on the legacy CUR of 1–13 Nov 2023: 1–31 Oct 2023). Every preset is refused the same way, on the
 * `preset` field the user picked (400 with the page's form), in the CLI's one wording of days
 * outside the billing data, with the presets that do hold some of its days and the custom range
 * that covers it; never on From/To, which the user never typed, nor with "pick a preset range".
 * A preset holding some of the data's days is shown, its days not in the store named (notes.ts).
 */
import { billingDataDays, outsideBillingData } from '../../../analyze/billing-calendar.ts';
import { addDays, daySpan } from '../../../lib/calendar.ts';
import type { Analyses } from '../../analysis-service.ts';
import { FieldError } from '../../filters.ts';
import { PRESET_NAMES, presetLabel, presetRange, wholeMonths, type Preset, type PresetHorizon } from './range.ts';
import { andList } from '../../../lib/text.ts';

/**
 * Refuses `preset` (its days for `horizon`, the page's as-of day and last complete month) when none of them is a day of the store's
 * billing data: a FieldError on `preset` naming the preset, its days and the store's first and last
 * day (`the range Last month (1–31 Oct 2023) is outside the billing data in the store (2023-11-01 to
 * 2023-11-14)`), hinting at the presets that hold some of them (on a store without daily usage,
 * only those of whole months) and a custom range of the store's days. Nothing on a store without
 * billing lines.
 */
export async function refusePresetOutsideData(analyses: Analyses, preset: Preset, horizon: PresetHorizon): Promise<void> {
  const span = await analyses.billingSpan();
  if (!span) return;
  const data = billingDataDays(span);
  const range = presetRange(preset, horizon);
  const outside = outsideBillingData({ given: `the range ${presetLabel(preset, range, horizon)} (${daySpan(range.start, addDays(range.end, -1))})`, ...range }, data);
  if (!outside) return;
  const holding = PRESET_NAMES.filter((p) => {
    const days = presetRange(p, horizon);
    return outsideBillingData({ given: '', ...days }, data) === null && (!span.wholeBillsOnly || wholeMonths(days));
  }).map((p) => presetLabel(p, presetRange(p, horizon), horizon));
  const custom = `Custom range with days from ${data.first} to ${data.last}`;
  throw new FieldError('preset', outside, { hint: holding.length ? `choose ${andList([...new Set(holding)], 'or')}, which hold days of it, or ${custom}` : `choose ${custom}` });
}
