/**
 * The span budgets judge a period on: the data of the delivery that holds it, as `invoice`, `status`
 * and `commitments` judge a billing period (src/analyze/source-spans.ts, ofRange: ofBill of the latest
 * billing period the days reach that a delivery holds), not the store's. On a store of several
 * deliveries (the real 2018 CUR, the legacy CUR of 1–13 Nov 2023, the FOCUS sample of Sept 2024),
 * `budgets --period 2023-11` is judged as on the legacy CUR alone: as of 13 Nov 2023, where its data
 * ends, 13 of 30 days, its lines of 14 Nov 2023 left out and named; judged against the store's data
 * horizon (30 Sep 2024) it would count 14 days and the partial 14 Nov as complete. A store of one
 * delivery, and a run without `--period` or a report's day, is judged on the store's span as before.
 */
import { addDays, monthLabel, shortDay } from '../../lib/calendar.ts';
import type { BillingDaySpan } from '../billing-calendar.ts';
import type { SourceSpans } from '../source-spans.ts';
import type { BudgetPeriod } from './period.ts';

/**
 * The span budgets judge `options` on (`store`: the store's span; `spans`: readSourceSpans of it): with
 * `--period`, that of its days (`spans.ofRange` over the period; when that is a delivery of fees only
 * whose latest bill, not invoiced yet, starts inside the period, that of its days before that bill:
 * 2023-Q4 as of where the legacy CUR's data ends, 13 Nov 2023, not "the data horizon" 30 Nov 2023 of
 * the fees of Dec 2023 — a period starting with that bill is refused in its words, budgetsAsOf); with a
 * report's last day before the store's data horizon, that of that day (`spans.ofRange` of the day
 * alone); else `store`.
 */
export function budgetsSpan(store: BillingDaySpan, spans: SourceSpans, options: { period?: BudgetPeriod; asOf?: string }): BillingDaySpan {
  if (options.period) {
    const { first, last } = options.period;
    const own = spans.ofRange(first, last);
    // A delivery of fees only whose latest bill, not invoiced yet, ends the period: its days before that bill are judged on their own data.
    const open = own.wholeBillsOnly?.incomplete;
    return open && `${open.period}-01` > first ? spans.ofRange(first, addDays(`${open.period}-01`, -1)) : own;
  }
  if (options.asOf !== undefined && options.asOf < store.lastDay) return spans.ofRange(options.asOf, options.asOf);
  return store;
}

/**
 * Why as-of is the data horizon of `span` when that is a delivery's and not the store's (`store`):
 * `the data horizon of aws/123456789012, where its data ends (the store's runs to 30 Sep 2024)`; of a
 * delivery of fees only, the day before its bill not invoiced yet, in invoice's words (`the last day
 * before Dec 2023, not complete: 2023-12 is the latest bill of aws/444455556666 and not invoiced yet, …`);
 * null when `span` ends where the store's data does.
 */
function deliveryHorizonWords(span: BillingDaySpan, store: BillingDaySpan, spans: SourceSpans): string | null {
  if (span.lastDay === store.lastDay) return null;
  const sources = spans.sourcesOf(span);
  // A delivery of fees only has no data horizon: its bill not invoiced yet starts the day after (fees-delivery.ts).
  const open = span.wholeBillsOnly?.incomplete;
  if (open) return `the last day before ${monthLabel(open.period)}, not complete: ${open.why} (the store's runs to ${shortDay(store.lastDay, true)})`;
  return `the data horizon${sources.length ? ` of ${sources.join(', ')}` : ''}, where its data ends (the store's runs to ${shortDay(store.lastDay, true)})`;
}

/**
 * As-of and why (`judged`: budgetsAsOf's on `span`) when `span` is a delivery's that ends before the
 * store's data (`store`): at its data horizon inside `period` (or a report's day past it), in
 * {@link deliveryHorizonWords}; at the last day of `period`, `the last day of 2018-11`; else `judged`.
 */
export function judgedReason(judged: { asOf: string; reason: string }, span: BillingDaySpan, store: BillingDaySpan, spans: SourceSpans,
  period: BudgetPeriod | undefined): { asOf: string; reason: string } {
  const own = judged.asOf === span.lastDay ? deliveryHorizonWords(span, store, spans) : null;
  if (own === null) return judged;
  if (!period) return { asOf: judged.asOf, reason: own };
  return { asOf: judged.asOf, reason: judged.asOf === period.last ? `the last day of ${period.label}` : `${own}, inside ${period.label}` };
}
