/**
 * A budget's actual counts every line in scope up to as-of, the bill of a delivery of fees only not
 * invoiced yet among them (src/analyze/source-spans.ts, notInvoicedIn): beside the legacy CUR of
 * 1–13 Nov 2023, another account's RI fees of 2023-11 without an InvoiceId ($147.384) are in 2023-Q4's
 * actual, a bill that may still change. The note says so, per budget, with the money its actual counts
 * of that bill, in cents as the table writes the actual ($147.38; exact only below a cent: lib/money.ts,
 * usdOrExact, as the note on the lines after the data horizon writes its money), the lines of
 * that delivery's sources alone (not the other deliveries' lines of the same billing period, which are
 * final), in invoice's words (`2023-11 is the latest bill of aws/111122223333
 * and not invoiced yet, …`); nothing where its scope holds no line of such a bill.
 */
import { usdOrExact } from '../../lib/money.ts';
import { ascending } from '../../lib/order.ts';
import type { BillingDaySpan } from '../billing-day-span.ts';
import { openBillWhy } from '../monthly-bills.ts';
import type { SourceSpans } from '../source-spans.ts';
import type { BilledScopeDay } from './charge-day-basis.ts';
import type { BudgetPeriod } from './period.ts';

/** A budget's line sum on the day its actual counts it, of one billing period and one source (`aws/111122223333`: queries/budgets/scope_daily_spend's `source`). */
export type SourcedScopeDay = BilledScopeDay & { source: string | null };

/**
 * The note of budget `name` over `period` whose actual, counted to `asOf` from `rows` (its lines in
 * scope, each on the day the actual counts it, with its source), holds lines of a bill a delivery of
 * fees only has not invoiced yet: `q: 2023-Q4: the actual counts $147.38 of billing period 2023-11, not
 * complete: 2023-11 is the latest bill of aws/111122223333 and not invoiced yet, …, so it may still
 * change.`, the money that of that delivery's sources only; null when it holds none (or their sum is zero).
 */
export function notInvoicedNote(name: string, period: BudgetPeriod, asOf: string, rows: readonly SourcedScopeDay[], spans: SourceSpans): string | null {
  const counted = new Map<string, Map<BillingDaySpan, bigint>>();
  for (const row of rows) {
    if (row.billingPeriod === null || row.source === null || row.day < period.first || row.day > asOf) continue;
    const fees = spans.notInvoicedIn(row.billingPeriod).find((open) => spans.sourcesOf(open).includes(row.source!));
    if (!fees) continue;
    const ofPeriod = counted.get(row.billingPeriod) ?? new Map<BillingDaySpan, bigint>();
    counted.set(row.billingPeriod, ofPeriod.set(fees, (ofPeriod.get(fees) ?? 0n) + row.units));
  }
  const parts = [...counted].sort(([a], [b]) => ascending(a, b)).flatMap(([billing, byDelivery]) => {
    const held = [...byDelivery].filter(([, units]) => units !== 0n);
    if (held.length === 0) return [];
    const units = held.reduce((sum, [, u]) => sum + u, 0n);
    // The words of the deliveries whose lines the actual counts, not of every bill of the month left open.
    const why = held.flatMap(([fees]) => openBillWhy(fees.wholeBillsOnly, billing) ?? []);
    return [`the actual counts ${usdOrExact(units)} of billing period ${billing}, not complete: ${why.join('; ')}`];
  });
  return parts.length === 0 ? null : `${name}: ${period.label}: ${parts.join('; ')}.`;
}
