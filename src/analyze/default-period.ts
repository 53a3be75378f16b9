/**
 * The billing period a command shows by default in a store of daily usage, judged as every other
 * period is: a month is complete only when every delivery holding it is (source-spans.ts), a usage
 * delivery by its data horizon, a delivery of fees only (no usage line) by being invoiced. The real
 * Nov 2018 CUR, complete to 30 Nov 2018, beside its RI fees re-billed to another account without an
 * InvoiceId does not make Nov 2018 "the last complete month": its bill may still change. The one place
 * that turns the store's span and its deliveries' spans into the default (whole-bills-period.ts,
 * defaultBillPeriod: `invoice`, `attribute`, `commitments`, the pages, the weekly e-mail's
 * commitments period). A store of one delivery (storeWideSpans) reads as
 * defaultPeriod, with no query of its own.
 */
import { addMonths, lastWholeMonthUpTo, monthStart, shortDay } from '../lib/calendar.ts';
import { type BillingDaySpan, heldBackWords, heldDaysOfMonth, laterPeriodNotComplete } from './billing-calendar.ts';
import { notInvoicedWords } from './fees-delivery.ts';
import type { SourceSpans } from './source-spans.ts';

/** A default billing period and why it was chosen (printed beside the result). */
export interface DefaultPeriod {
  period: string;
  reason: string;
}

/**
 * The billing period a command shows by default: the last complete month up to the data
 * horizon; when the store holds no complete month yet, the horizon's month, named by the days the
 * store holds of it and where its data ends ({@link heldDaysOfMonth}; never "to date": that month
 * may be long over). Never a period after the horizon (one holding only fee lines posted on the 1st).
 */
export function defaultPeriod(span: BillingDaySpan): DefaultPeriod {
  const complete = lastWholeMonthUpTo(span.lastDay);
  return `${complete}-01` >= monthStart(span.firstDay) ? lastCompleteMonthChosen(span, complete) : noCompleteMonthChosen(span, span.lastDay.slice(0, 7));
}

/**
 * {@link defaultPeriod}'s words of `month` as the last complete month, then `notInvoiced` (each bill of
 * fees not invoiced yet keeping a later month open, default-period.ts), each after `; `. With `ended` (the
 * words of deliveries that have ended inside it, source-spans.ts endedWords: `commitments`, whose figures stop
 * where their data does), it is `the last month up to the data horizon, not complete`, saying why after.
 */
export function lastCompleteMonthChosen(span: BillingDaySpan, month: string, notInvoiced: readonly string[] = [], ended: readonly string[] = []): DefaultPeriod {
  const through = `data through ${shortDay(span.lastDay, true)}, the last complete day in the store${heldBackWords(span)}`;
  const which = ended.length === 0 ? 'the last complete month' : 'the last month up to the data horizon, not complete';
  const why = [...notInvoiced, ...ended].map((words) => `; ${words}`).join('');
  return { period: month, reason: `${month}, ${which} (${through}${laterPeriodNotComplete(span, lastWholeMonthUpTo(span.lastDay))}${why})` };
}

/** {@link defaultPeriod}'s words of `month`, the horizon's, when no month is complete, `notInvoiced` (as above) before the verdict. */
export function noCompleteMonthChosen(span: BillingDaySpan, month: string, notInvoiced: readonly string[] = []): DefaultPeriod {
  return { period: month, reason: `${month}, ${heldDaysOfMonth(span, month, 'counted')}${notInvoiced.map((why) => `; ${why}`).join('')}: the store holds no complete month yet` };
}

/**
 * The last month (`YYYY-MM`) whose every day is on or before `lastDay` that no delivery of fees only
 * keeps open: back past each month whose bill one of them has not invoiced yet, `open` saying why of
 * each month passed, earliest first (empty when none was). It may be a month before the store's data.
 */
export function lastCompleteMonthOf(lastDay: string, spans: SourceSpans): { month: string; open: string[] } {
  let month = lastWholeMonthUpTo(lastDay);
  const open: string[][] = [];
  // Each delivery of fees only keeps one bill open, its latest: the walk back ends.
  for (let why = notInvoicedWords(spans, month); why.length > 0; why = notInvoicedWords(spans, month)) {
    open.unshift(why);
    month = addMonths(`${month}-01`, -1).slice(0, 7);
  }
  return { month, open: open.flat() };
}

/**
 * The default period of a store of daily usage (`span`, the store's; `spans`, its deliveries'): the
 * last month complete by every delivery holding it, in defaultPeriod's words then each bill of fees
 * not invoiced yet that keeps a later month open (`2018-10, the last complete month (data through 30
 * Nov 2018, …; 2018-11 is the latest bill of aws/111122223333 and not invoiced yet, …)`); when none is,
 * the month of the data horizon, named by its days (heldDaysOfMonth) and each bill not invoiced yet
 * that keeps a month open (`2018-11, 1–30 Nov 2018 (the data ends on 30 Nov 2018, the data horizon);
 * 2018-11 is the latest bill of aws/111122223333 and not invoiced yet, …: the store holds no complete
 * month yet`). {@link defaultPeriod} when no such bill is in the way (a store of one delivery).
 */
export function defaultPeriodOf(span: BillingDaySpan, spans: SourceSpans): DefaultPeriod {
  const { month, open } = lastCompleteMonthOf(span.lastDay, spans);
  if (`${month}-01` >= monthStart(span.firstDay)) return open.length === 0 ? defaultPeriod(span) : lastCompleteMonthChosen(span, month, open);
  const current = span.lastDay.slice(0, 7);
  const why = [...new Set([...open, ...notInvoicedWords(spans, current)])];
  return why.length === 0 ? defaultPeriod(span) : noCompleteMonthChosen(span, current, why);
}
