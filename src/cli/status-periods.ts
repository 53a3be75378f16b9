/**
 * Whether `costlens status` shows a billing period as final, judged on the data as `costlens
 * invoice` judges a bill (src/analyze/invoice-days.ts): queries/store/periods_by_source.sql judges
 * by the calendar day (`--today`), so a month long over whose data ends before its last day (the
 * anonymous legacy CUR: data through 13 Nov 2023, no InvoiceId) read `no`, final, where `invoice`
 * calls its bill "the bill of the days the store holds, not complete". And the last ingest as ISO
 * 8601 UTC for csv, as json writes it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type BillingDaySpan, billSpanOf } from '../analyze/billing-calendar.ts';
import { incompleteBillNote, invoiceDays } from '../analyze/invoice-days.ts';
import { rowsFromDuckDB } from '../engine/conversion/index.ts';
import { runNamedQuery } from '../engine/duckdb.ts';
import type { Engine } from '../engine/engine.ts';
import { queryRegistry } from '../engine/query-registry.ts';
import { runQuery } from '../engine/query-types.ts';
import { isoTimestamp } from '../lib/json-rows.ts';
import type { TextTable } from '../lib/table.ts';

/** The named queries on a store connection already open, as an Engine (closing it is the store's owner's job). */
function connectionEngine(connection: DuckDBConnection): Engine {
  return {
    name: 'duckdb',
    async run(queryName, params) {
      const query = queryRegistry().find(queryName);
      return rowsFromDuckDB(query, await runNamedQuery(connection, query, params));
    },
    async close() {},
  };
}

/** The store's span as `invoice` reads it, and whether it holds no daily usage. */
export interface StatusSpan {
  /** billSpan's (src/analyze/billing-calendar.ts); null when the store holds no billing line. */
  span: BillingDaySpan | null;
  /** No data horizon, yet lines are held: a monthly CUR, or fees only. */
  wholeMonths: boolean;
}

/** Reads the span of a store's billing data as `costlens invoice` does (billSpan); `held`: whether it holds any billing line. */
export async function readStatusSpan(connection: DuckDBConnection, held: boolean): Promise<StatusSpan> {
  if (!held) return { span: null, wholeMonths: false };
  const engine = connectionEngine(connection);
  const [horizon] = await runQuery(engine, 'calendar/data_horizon');
  return { span: await billSpanOf(engine, horizon), wholeMonths: (horizon?.horizon ?? null) === null };
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
 * period, invoice's note under its table (incompleteBillNote: `2023-11: 1–13 Nov 2023 (the data ends
 * on 13 Nov 2023, the data horizon; …): the bill of the days the store holds, not complete`).
 */
export function judgeOnData(periods: TextTable, span: BillingDaySpan | null): { periods: TextTable; notes: string[] } {
  if (span === null) return { periods, notes: [] };
  const [period, provisional] = [periods.columns.indexOf('billing_period'), periods.columns.indexOf('provisional')];
  const notes = new Map<string, string>();
  const rows = periods.rows.map((row) => {
    const billingPeriod = row[period];
    if (row[provisional] !== 'no' || !billingPeriod) return row;
    const days = invoiceDays(billingPeriod, { kind: 'period', period: billingPeriod }, span);
    if (days.complete) return row;
    const note = incompleteBillNote(billingPeriod, days);
    if (note !== null) notes.set(billingPeriod, note);
    return row.map((cell, i) => (i === provisional ? notCompleteValue(span) : cell));
  });
  return { periods: { ...periods, rows }, notes: [...notes.values()] };
}

/** The periods with `last_ingest` as ISO 8601 UTC (`2026-12-07T03:23:34.315365Z`), as `--format json` writes it: for csv. */
export function isoLastIngest(periods: TextTable): TextTable {
  const at = periods.columns.indexOf('last_ingest');
  return { ...periods, rows: periods.rows.map((row) => row.map((cell, i) => (i === at && cell !== null ? isoTimestamp(cell) : cell))) };
}
