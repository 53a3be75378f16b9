/**
 * Whether a billing period of queries/store/periods_by_source.sql is final, judged on the data as
 * `costlens invoice` judges a bill (invoice-days.ts), for `costlens status` and the Overview alike.
 * The query judges by the calendar day (`today`): a month long over whose data ends before its last
 * day (the anonymous legacy CUR: data through 13 Nov 2023, no InvoiceId) read `no`, final, where
 * `invoice` calls its bill "the bill of the days the store holds, not complete".
 */
import type { BillingDaySpan } from './billing-calendar.ts';
import type { DayRun } from '../lib/calendar.ts';
import { invoiceDaysOfBill, type ChargedDays, incompleteBillNote, invoiceDays } from './invoice-days.ts';
import type { SourceSpans } from './source-spans.ts';

/** The periods as the query gives them: its columns, and text cells (billing_period and provisional among them). */
export interface PeriodRows {
  columns: string[];
  rows: (string | null)[][];
}

/** The `provisional` value of a period whose data does not reach its end. */
export function notCompleteValue(span: BillingDaySpan): string {
  return span.wholeBillsOnly ? 'yes: not yet invoiced' : 'yes: incomplete';
}

/**
 * The periods with each one the calendar calls final (`provisional` `no`) but whose data does not
 * reach its end, as `invoice` judges its bill (invoiceDays' `complete`), marked provisional:
 * `yes: incomplete` (short, so that a terminal's table keeps it whole), or in a store without daily
 * usage, whose latest bill is complete once invoiced, `yes: not yet invoiced`; and, once per such
 * period, invoice's note (incompleteBillNote: `2023-11: 1–13 Nov 2023 (the data ends on 13 Nov
 * 2023, the data horizon; …): the bill of the days the store holds, not complete`). `charged`: the
 * charge days of each period's lines (readChargedDays), which a period's days reach as invoice's do.
 * Each row is judged against its own source's delivery (`spans`, readSourceSpans on billSpan's
 * span: source-spans.ts; null, an empty store: the periods as given), not the store's data horizon:
 * in a store of the 2018 CUR, the legacy CUR and the FOCUS sample, 2023-11 is `yes: incomplete` with the same note as in a store of its file alone; a row of a
 * delivery that has ended inside a month another's data completes is `yes: incomplete`, its note
 * invoice's of that month (`2018-11: 1–30 Nov 2018, judged on the data of …; Nov 2018 holds the data
 * of … only through 9 Nov 2018, where it ends (…)`). `gaps`: the store's (days no billing period covers), whose days
 * the note names apart from the days held (`2018-11: 14–16 Nov 2018 (…): the bill of the days the store holds, not
 * complete; 1–13 Nov 2018 are not in the store (the store holds no billing data on 1–13 Nov 2018)`, where it read
 * `1–16 Nov 2018`: the real Oct 2018 CUR beside Nov 2018's lines of 14–16 Nov).
 * Every other field of `periods` is kept.
 */
export function judgeOnData<T extends PeriodRows>(periods: T, spans: SourceSpans | null, charged: ChargedDays, gaps: readonly DayRun[] = []): { periods: T; notes: string[] } {
  if (spans === null) return { periods, notes: [] };
  const [period, provisional, source] = ['billing_period', 'provisional', 'source'].map((name) => periods.columns.indexOf(name));
  const notes = new Set<string>();
  const rows = periods.rows.map((row) => {
    const billingPeriod = row[period];
    if (row[provisional] !== 'no' || !billingPeriod) return row;
    const own = spans.ofSource(source < 0 ? null : row[source]);
    const selection = { kind: 'period', period: billingPeriod } as const;
    const days = invoiceDays(billingPeriod, selection, own, charged, { gaps });
    if (days.complete) return row;
    // The period's note is invoice's, of the period as its bill is judged (invoiceDaysOfBill: a delivery that has ended inside it named), else the row's own.
    const note = incompleteBillNote(billingPeriod, invoiceDaysOfBill(billingPeriod, selection, spans, charged, gaps)) ?? incompleteBillNote(billingPeriod, days);
    if (note !== null) notes.add(note);
    return row.map((cell, i) => (i === provisional ? notCompleteValue(own) : cell));
  });
  return { periods: { ...periods, rows }, notes: [...notes] };
}
