/**
 * A budget's actual counts every line in scope up to as-of, the bill of a delivery of fees only not
 * invoiced yet among them (src/analyze/source-spans.ts, notInvoicedIn): beside the legacy CUR of
 * 1–13 Nov 2023, another account's RI fees of 2023-11 without an InvoiceId ($147.384) are in 2023-Q4's
 * actual, a bill that may still change. The note says so, per budget, with the money its actual counts
 * of that billing period, in invoice's words (`2023-11 is the latest bill of aws/111122223333 and not
 * invoiced yet, …`); nothing where its scope holds no line of such a bill.
 */
import { notCompleteWords, type SourceSpans } from '../source-spans.ts';
import { exactDollars } from './after-horizon.ts';
import type { BilledScopeDay } from './charge-day-basis.ts';
import type { BudgetPeriod } from './period.ts';

/**
 * The note of budget `name` over `period` whose actual, counted to `asOf` from `rows` (its lines in
 * scope, each on the day the actual counts it), holds lines of a billing period a delivery of fees only
 * has not invoiced yet: `q: 2023-Q4: the actual counts $149.0572411158 of billing period 2023-11, not
 * complete: 2023-11 is the latest bill of aws/111122223333 and not invoiced yet, …, so it may still
 * change.`; null when it holds none (or their sum is zero).
 */
export function notInvoicedNote(name: string, period: BudgetPeriod, asOf: string, rows: readonly BilledScopeDay[], spans: SourceSpans): string | null {
  const counted = new Map<string, bigint>();
  for (const row of rows) {
    if (row.billingPeriod === null || row.day < period.first || row.day > asOf) continue;
    counted.set(row.billingPeriod, (counted.get(row.billingPeriod) ?? 0n) + row.units);
  }
  const parts = [...counted].filter(([billing, units]) => units !== 0n && spans.notInvoicedIn(billing).length > 0).sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([billing, units]) => `the actual counts ${exactDollars(units)} of billing period ${billing}, not complete: `
      + spans.notInvoicedIn(billing).map((fees) => notCompleteWords(spans, billing, fees)).join('; '));
  return parts.length === 0 ? null : `${name}: ${period.label}: ${parts.join('; ')}.`;
}
