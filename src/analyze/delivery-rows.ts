/**
 * The store's deliveries read from the rows of queries/calendar/data_horizon_by_source.sql (one per
 * source, billing period and file): which sources are one delivery (those whose lines share a file,
 * joined through any they share), and each delivery's span, read on its rows as
 * queries/calendar/data_horizon.sql reads the store's. source-spans.ts judges billing periods on them.
 */
import type { QueryRowTypes } from '../engine/query-types.ts';
import { addDays } from '../lib/calendar.ts';
import type { BillingDaySpan } from './billing-day-span.ts';

/** A row of queries/calendar/data_horizon_by_source.sql; its counts of lines (read of sources without usage only) may be left out. */
export type SourceRow = Omit<QueryRowTypes['calendar/data_horizon_by_source'], 'lines' | 'lines_without_invoice'>
  & Partial<Pick<QueryRowTypes['calendar/data_horizon_by_source'], 'lines' | 'lines_without_invoice'>>;

/**
 * The deliveries of `rows`: `delivery` gives each source's root source (one standing for every source
 * joined to it through a shared file), `members` each root's rows (rows without a source left out).
 */
export function deliveriesOf(rows: readonly SourceRow[]): { delivery: (source: string) => string; members: Map<string, SourceRow[]> } {
  const delivery = rootsOf(rows);
  const members = new Map<string, SourceRow[]>();
  for (const row of rows) if (row.source !== null) members.set(delivery(row.source), [...(members.get(delivery(row.source)) ?? []), row]);
  return { delivery, members };
}

/** The sources of a delivery's rows, sorted. */
export function sourcesIn(rows: readonly SourceRow[]): string[] {
  return [...new Set(rows.map((r) => r.source!))].sort();
}

/** The span of one delivery's sources' rows, as queries/calendar/data_horizon.sql reads the store's; null without usage. */
export function deliverySpan(rows: readonly SourceRow[]): BillingDaySpan | null {
  return deliveryEnd(rows)?.span ?? null;
}

/** {@link deliverySpan} with the delivery's last usage day and the latest end of that day's usage lines; null without usage. */
export function deliveryEnd(rows: readonly SourceRow[]): { span: BillingDaySpan; lastUsageDay: string; lastUsageEnd: string | null } | null {
  const lastUsageDay = latest(rows.map((r) => r.last_usage_day));
  const firstDay = rows.map((r) => r.first_day).filter((d): d is string => d !== null).sort()[0];
  const lastChargeDay = latest(rows.map((r) => r.last_charge_day));
  const lastUsagePeriod = latest(rows.map((r) => r.last_usage_period));
  if (!lastUsageDay || !firstDay || !lastChargeDay || !lastUsagePeriod) return null;
  // The latest end of the usage lines starting on the delivery's last usage day: those of its sources whose last usage day it is.
  const lastUsageEnd = latest(rows.filter((r) => r.last_usage_day === lastUsageDay).map((r) => r.last_usage_end));
  const reachesMidnight = lastUsageEnd !== null && lastUsageEnd.slice(0, 10) > lastUsageDay;
  return { span: { firstDay, lastDay: reachesMidnight ? lastUsageDay : addDays(lastUsageDay, -1), lastChargeDay, lastUsagePeriod }, lastUsageDay, lastUsageEnd };
}

/** The root source of each source: one standing for every source joined to it through a shared file. */
function rootsOf(rows: readonly SourceRow[]): (source: string) => string {
  const parent = new Map<string, string>();
  const root = (source: string): string => {
    let at = source;
    while (parent.has(at) && parent.get(at) !== at) at = parent.get(at)!;
    return at;
  };
  const byFile = new Map<string, string>();
  for (const row of rows) {
    if (row.source === null) continue;
    if (!parent.has(row.source)) parent.set(row.source, row.source);
    if (row.file === null) continue;
    const other = byFile.get(row.file);
    if (other === undefined) byFile.set(row.file, row.source);
    else if (root(other) !== root(row.source)) parent.set(root(row.source), root(other));
  }
  return root;
}

/** The latest of `values` (days, timestamps or periods, which sort as text), null when none is given. */
function latest(values: readonly (string | null)[]): string | null {
  return values.filter((v): v is string => v !== null).sort().at(-1) ?? null;
}
