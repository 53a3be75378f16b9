/**
 * The note beside Explore's total naming the preset shown: `(Last month, up to the data horizon
 * 30 Nov 2018)`. When the presets of whole months end before the data horizon's last whole month,
 * because a delivery of fees only has not invoiced that month's bill yet (src/analyze/default-period.ts,
 * lastCompleteMonthOf, which the context judged: its `open_bills`), it says so in the words every
 * command uses (fees-delivery.ts, notInvoicedWords):
 * `…; it ends with Oct 2018, not Nov 2018: 2018-11 is the latest bill of aws/111122223333 and not
 * invoiced yet, …`. A store without daily usage says its presets as the bills they cover.
 */
import { addMonths, lastWholeMonthUpTo, monthLabel } from '../../../lib/calendar.ts';
import { day } from '../../html/index.ts';
import type { ReportContext } from '../../context.ts';
import { presetLabel, wholeMonths, type DayRange, type Preset } from './range.ts';
import { wholeBillsPresetNote } from './whole-bills-presets.ts';
import { andList } from '../../../lib/text.ts';

/** The text of Explore's preset note (inside its parentheses) for `preset` showing `range` in `context`. */
export function presetNote(preset: Preset, range: DayRange, context: ReportContext): string {
  if (context.whole_bills) return wholeBillsPresetNote(preset, range, context.whole_bills, context);
  return `${presetLabel(preset, range, context)}, up to the data horizon ${day(context.as_of)}${passedOverWords(range, context)}`;
}

/**
 * `; it ends with Oct 2018, not Nov 2018: 2018-11 is the latest bill of aws/111122223333 and not
 * invoiced yet, …`: why whole months ending with the last complete month (`range`) pass over the
 * later months the data horizon completes, each kept open by a bill of fees not invoiced yet (the
 * context's `open_bills`); empty when `range` does not end there or no month is passed over (a store
 * of one delivery).
 */
function passedOverWords(range: DayRange, context: Pick<ReportContext, 'as_of' | 'last_complete_month' | 'open_bills'>): string {
  const completeEnd = addMonths(`${context.last_complete_month}-01`, 1);
  const open = context.open_bills;
  if (open.length === 0 || !wholeMonths(range) || range.end !== completeEnd) return '';
  const passed: string[] = [];
  for (let month = completeEnd; month.slice(0, 7) <= lastWholeMonthUpTo(context.as_of); month = addMonths(month, 1)) passed.push(monthLabel(month));
  return `; it ends with ${monthLabel(context.last_complete_month)}, not ${andList(passed, 'or')}: ${open.join('; ')}`;
}
