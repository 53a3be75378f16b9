/**
 * Whether the report week's provisional days lie in billing periods already invoiced: costlens treats the last
 * complete days before a delivery's data horizon as provisional whatever the invoice (they are drawn lighter and
 * not judged for anomalies), while `costlens status` calls a period whose every line carries an InvoiceId final.
 * The e-mail says both, as the Overview does, instead of "their figures can change" beside a final period
 * (the real 2018 CURs: 28–30 Nov 2018 of billing period 2018-11, invoiced).
 */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { monthEnd } from '../lib/calendar.ts';
import { ascending } from '../lib/order.ts';

/**
 * The billing periods (YYYY-MM, sorted) holding `days` of `sources` (every source when empty), when every one of
 * them is invoiced (queries/store/periods_by_source.sql: no line without an InvoiceId) and its data reaches its last
 * day, final as `costlens status` judges it; empty when none holds them or one is not. `today` is the day the query judges its own provisional column on (not read here).
 */
export async function invoicedPeriodsHolding(engine: Engine, days: readonly string[], sources: readonly string[], today: string): Promise<string[]> {
  if (days.length === 0) return [];
  const rows = await runQuery(engine, 'store/periods_by_source', { today });
  const holding = rows.filter((r) => (sources.length === 0 || sources.includes(r.source ?? ''))
    && days.some((day) => r.first_day !== null && r.last_day !== null && r.first_day <= day && day <= r.last_day));
  // Final as status judges it: invoiced, and its data reaching the period's last day (else status calls it incomplete).
  const final = (r: (typeof rows)[number]) => Number(r.lines_without_invoice ?? 1) === 0 && r.last_day !== null && r.billing_period !== null && r.last_day >= monthEnd(`${r.billing_period}-01`);
  if (holding.length === 0 || !holding.every(final)) return [];
  return [...new Set(holding.map((r) => r.billing_period!))].sort(ascending);
}
