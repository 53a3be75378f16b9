/**
 * The billing period a command shows by default in a store of daily usage, judged as every other
 * period is: a month is complete only when every delivery holding it is (source-spans.ts), a usage
 * delivery by its data horizon, a delivery of fees only (no usage line) by being invoiced. The real
 * Nov 2018 CUR, complete to 30 Nov 2018, beside its RI fees re-billed to another account without an
 * InvoiceId does not make Nov 2018 "the last complete month": its bill may still change. The one place
 * that turns the store's span and its deliveries' spans into the default (whole-bills-period.ts,
 * defaultBillPeriod: `invoice`, `attribute`, `commitments`, the pages, the weekly e-mail's
 * commitments period). A store of one delivery (storeWideSpans) reads as billing-calendar.ts's
 * defaultPeriod, with no query of its own.
 */
import { addMonths, monthEnd, monthStart, shortDay } from '../lib/calendar.ts';
import { type BillingDaySpan, type DefaultPeriod, defaultPeriod, heldBackWords, heldDaysOfMonth } from './billing-calendar.ts';
import { notCompleteWords, type SourceSpans } from './source-spans.ts';

/**
 * Why billing period `period` is not complete whatever the usage data: each delivery of fees only
 * whose bill of it is not invoiced yet ({@link SourceSpans.notInvoicedIn}), in fees-delivery.ts's words
 * (`2018-11 is the latest bill of aws/111122223333 and not invoiced yet, …`); empty when none.
 */
export function notInvoicedBills(spans: SourceSpans, period: string): string[] {
  return spans.notInvoicedIn(period).map((fees) => notCompleteWords(spans, period, fees));
}

/**
 * The last month (`YYYY-MM`) whose every day is on or before `lastDay` that no delivery of fees only
 * keeps open: back past each month whose bill one of them has not invoiced yet, `open` saying why of
 * each month passed, earliest first (empty when none was). It may be a month before the store's data.
 */
export function lastCompleteMonthOf(lastDay: string, spans: SourceSpans): { month: string; open: string[] } {
  let month = (monthEnd(lastDay) === lastDay ? lastDay : addMonths(lastDay, -1)).slice(0, 7);
  const open: string[][] = [];
  // Each delivery of fees only keeps one bill open, its latest: the walk back ends.
  for (let why = notInvoicedBills(spans, month); why.length > 0; why = notInvoicedBills(spans, month)) {
    open.unshift(why);
    month = addMonths(`${month}-01`, -1).slice(0, 7);
  }
  return { month, open: open.flat() };
}

/**
 * The default period of a store of daily usage (`span`, the store's; `spans`, its deliveries'): the
 * last month complete by every delivery holding it, saying which later month a delivery of fees only
 * keeps open (`2018-10, the last complete month (data through 30 Nov 2018, …; 2018-11 is the latest
 * bill of aws/111122223333 and not invoiced yet, …)`); when none is, the month of the data horizon,
 * named by its days ({@link heldDaysOfMonth}) and each bill not invoiced yet that keeps a month open
 * (`2018-11, 1–30 Nov 2018 (the data ends on 30 Nov 2018, the data horizon); 2018-11 is the latest
 * bill of aws/111122223333 and not invoiced yet, …: the store holds no complete month yet`).
 * billing-calendar.ts's defaultPeriod when no such bill is in the way (a store of one delivery).
 */
export function defaultPeriodOf(span: BillingDaySpan, spans: SourceSpans): DefaultPeriod {
  const { month, open } = lastCompleteMonthOf(span.lastDay, spans);
  if (`${month}-01` >= monthStart(span.firstDay)) {
    if (open.length === 0) return defaultPeriod(span);
    const through = `data through ${shortDay(span.lastDay, true)}, the last complete day in the store${heldBackWords(span)}`;
    return { period: month, reason: `${month}, the last complete month (${through}; ${open.join('; ')})` };
  }
  const current = span.lastDay.slice(0, 7);
  const why = [...new Set([...open, ...notInvoicedBills(spans, current)])];
  if (why.length === 0) return defaultPeriod(span);
  return { period: current, reason: `${current}, ${heldDaysOfMonth(span, current)}; ${why.join('; ')}: the store holds no complete month yet` };
}
