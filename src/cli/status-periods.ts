/**
 * What `costlens status` reads besides its query: the store's span as `costlens invoice` reads it,
 * and each source's own (src/analyze/source-spans.ts), against which
 * src/analyze/provisional-periods.ts judges whether a billing period is final (the rule the
 * Overview shares); and the last ingest as ISO 8601 UTC for csv, as json writes it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type BillingDaySpan, billSpanOf, storeDaysOf } from '../analyze/billing-calendar.ts';
import { type ChargedDays, chargedDaysOf } from '../analyze/invoice-days.ts';
import { readSourceSpans, type SourceSpans } from '../analyze/source-spans.ts';
import { connectionEngine } from '../engine/duckdb-engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { isoTimestamp } from '../lib/json-rows.ts';
import type { TextTable } from '../lib/table.ts';
import type { DayRun } from '../lib/calendar.ts';

/** The store's span as `invoice` reads it, and whether it holds no daily usage. */
export interface StatusSpan {
  /** billSpan's (src/analyze/billing-calendar.ts); null when the store holds no billing line. */
  span: BillingDaySpan | null;
  /** No data horizon, yet lines are held: a monthly CUR, or fees only. */
  wholeMonths: boolean;
  /** The charge days of each billing period's lines (readChargedDays), as invoice reads them. */
  charged: ChargedDays;
  /** The span each source's periods are judged against: its own delivery's (readSourceSpans); null when the store holds no billing line. */
  spans: SourceSpans | null;
  /** The runs of days no billing period covers (storeDaysOf), which a period's note names apart from the days held. */
  gaps: readonly DayRun[];
}

/** Reads the span of a store's billing data as `costlens invoice` does (billSpan); `held`: whether it holds any billing line. */
export async function readStatusSpan(connection: DuckDBConnection, held: boolean): Promise<StatusSpan> {
  if (!held) return { span: null, wholeMonths: false, charged: new Map(), spans: null, gaps: [] };
  const engine = connectionEngine(connection);
  const [horizon] = await runQuery(engine, 'calendar/data_horizon');
  const span = await billSpanOf(engine, horizon);
  // Each period's runs of charge days, read once: the charge days of its lines, and the store's gaps.
  const periodDays = await runQuery(engine, 'calendar/billing_period_days');
  const { gaps } = storeDaysOf(span, periodDays);
  return { span, wholeMonths: (horizon?.horizon ?? null) === null, charged: chargedDaysOf(periodDays), spans: await readSourceSpans(engine, span), gaps };
}

/** The periods with `last_ingest` as ISO 8601 UTC (`2026-12-07T03:23:34.315365Z`), as `--format json` writes it: for csv. */
export function isoLastIngest(periods: TextTable): TextTable {
  const at = periods.columns.indexOf('last_ingest');
  return { ...periods, rows: periods.rows.map((row) => row.map((cell, i) => (i === at && cell !== null ? isoTimestamp(cell) : cell))) };
}
