/**
 * The words `costlens budgets` (budgets/after-horizon.ts) and `costlens forecast` (forecast/after-horizon.ts) say of
 * the lines in the store dated after the data horizon that their figures leave out: the day they count to and why,
 * the days of those lines, and where those lines are counted instead. One copy, so both say it the same way.
 */
import { daySpan, shortDay } from '../lib/calendar.ts';
import { type BillingDaySpan, dataEndsOn, heldBackWords } from './billing-calendar.ts';

/**
 * `the complete days to 13 Nov 2023, the data horizon` and, when a lagging delivery holds the horizon back, who
 * ({@link heldBackWords}); of a delivery that has ended (`sources`: ended-delivery.ts, endedSourcesOfSpan), the day is
 * where its data ends, no data horizon, in dataEndsOn's words: `the complete days to 13 Nov 2023 (the data of
 * aws/123412340534 ends on 13 Nov 2023)`.
 */
export function completeDaysTo(span: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>, sources?: readonly string[]): string {
  // The lines after the day are the caller's own words: dataEndsOn is given none.
  const ends = sources?.length ? ` (${dataEndsOn({ ...span, lastChargeDay: span.lastDay }, null, 'in the store', sources)})` : `, the data horizon${heldBackWords(span)}`;
  return `the complete days to ${shortDay(span.lastDay, true)}${ends}`;
}

/** `dated 14 Nov 2023, a day not complete yet`; of several days, `dated 14–15 Nov 2023, days not complete yet`. */
export function datedNotCompleteYet(first: string, last: string): string {
  return `dated ${daySpan(first, last)}, ${first === last ? 'a day' : 'days'} not complete yet`;
}

/** Where the lines left out are counted: in the bill of the days the store holds. */
export const INVOICE_COUNTS_THEM = '(`costlens invoice` counts them in the bill of the days the store holds)';
