import { queryRegistry } from '../engine/query-registry.ts';
import { runNamedQuery } from '../engine/duckdb.ts';
import { resolveStorePath, withStore } from '../store/open.ts';
import { type BillingDaySpan, heldBackWords, parseDay } from '../analyze/billing-calendar.ts';
import { monthEnd, shortDay, utcToday } from '../lib/calendar.ts';
import type { Command } from './command.ts';
import { dbOption, formatOption, wideOption } from './common-options.ts';
import { renderTable, resultToTable, type TextTable } from '../lib/table.ts';
import { storeCurrency } from '../ingest/currency.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { judgeOnData } from '../analyze/provisional-periods.ts';
import { isoLastIngest, readStatusSpan } from './status-periods.ts';

/** What the store holds, as `costlens status` shows it. */
export interface StoreStatus {
  periods: TextTable;
  telemetry: TextTable;
  /** The billing currency of its lines; undefined when none says. */
  currency?: string;
  /** True in a store of billing lines without daily usage (no data horizon: a monthly CUR, fees only): each period's days are its whole month. */
  wholeMonths?: boolean;
  /** Invoice's note of each period shown provisional because its data does not reach its end (src/analyze/provisional-periods.ts); none when there is none. */
  notes?: string[];
}

/**
 * Reads what the store holds: billing periods per source, the telemetry tables, and the billing
 * currency of its lines. In a store without daily usage (queries/calendar/data_horizon.sql finds no
 * horizon, yet lines are held), every line is dated to the first of its month and spans it, so each
 * period's last day is its month's last ({@link wholeMonthDays}), not the 1st. A period `today`
 * calls final whose data does not reach its end is provisional, as `invoice` calls its bill not
 * complete (src/analyze/provisional-periods.ts, judgeOnData, which the Overview shares).
 */
export async function readStoreStatus(path: string, today: string): Promise<StoreStatus> {
  return withStore(path, { readOnly: true }, async (store) => {
    const byCalendar = withoutColumn(resultToTable(await runNamedQuery(store.connection, queryRegistry().find('store/periods_by_source'), { today })), 'lines_without_invoice');
    const { span, wholeMonths, charged, spans, gaps } = await readStatusSpan(store.connection, byCalendar.rows.length > 0);
    const judged = judgeOnData(byCalendar, spans, charged, gaps);
    const { periods } = judged;
    const notes = span?.heldBack ? [...judged.notes, heldBackNote(span)] : judged.notes;
    return {
      periods: wholeMonths ? wholeMonthDays(periods) : periods,
      telemetry: resultToTable(await runNamedQuery(store.connection, queryRegistry().find('store/telemetry_summary'))),
      currency: await storeCurrency(store.connection),
      ...(wholeMonths ? { wholeMonths } : {}),
      ...(notes.length > 0 ? { notes } : {}),
    };
  });
}

/** The table without column `name` (the query's lines_without_invoice, which the Overview reads and `status` does not show). */
function withoutColumn(table: TextTable, name: string): TextTable {
  const at = table.columns.indexOf(name);
  if (at < 0) return table;
  return { ...table, columns: table.columns.filter((_, i) => i !== at), rows: table.rows.map((row) => row.filter((_, i) => i !== at)) };
}

/** Where a lagging delivery holds the store's data horizon back (source-spans.ts, heldBackSpan): the horizon every default and analysis follows. */
function heldBackNote(span: BillingDaySpan): string {
  return `data horizon ${shortDay(span.lastDay, true)}${heldBackWords(span)}: every default and analysis follows it`;
}

/** The periods with each last_day the last day of its first_day's month: the days its lines span in a store without daily usage. */
export function wholeMonthDays(periods: TextTable): TextTable {
  const [first, last] = [periods.columns.indexOf('first_day'), periods.columns.indexOf('last_day')];
  return { ...periods, rows: periods.rows.map((row) => row.map((cell, i) => (i === last && row[first] ? monthEnd(row[first]!) : cell))) };
}

/** The line under the billing table of a store without daily usage. */
const WHOLE_MONTHS_NOTE = 'The store holds no daily usage: every line spans its month, so each period\'s days are its whole month (costlens explain compares whole monthly bills).\n';

/**
 * The store's status as tables for people: money as $1,234.56, the last ingest to the second,
 * fitted to `width` columns (the columns dropped first: last ingest, format, charge days, rows; the source
 * and billing period, which say which row is which, never dropped and cut only in the middle while
 * distinct, src/lib/table.ts `keys`; provisional, what status is read for, never cut nor dropped); under
 * the billing table, `invoice`'s note of each period not complete (its days, where its data ends).
 * `costlens status` and `costlens start`; csv and json keep the exact values.
 */
export function storeStatusTables(status: StoreStatus, width: number | undefined): string {
  const ingestedAt = status.periods.columns.indexOf('last_ingest');
  const rows = status.periods.rows.map((row) => row.map((cell, i) => (i === ingestedAt && cell !== null ? cell.replace(/\.\d+$/, '') : cell)));
  const billing = { ...status.periods, rows, money: ['billed_cost', 'effective_cost'], optional: ['last_ingest', 'format', 'first_day', 'last_day', 'rows'],
    keys: ['source', 'billing_period'], kept: ['provisional'] };
  const currency = status.currency && status.currency !== 'USD' ? ` (billing currency ${status.currency}: amounts shown with $ are ${status.currency})` : '';
  const notes = (status.notes ?? []).map((note) => `${note}\n`).join('');
  return `Billing data${currency}\n${renderTable(billing, 'table', { width })}${status.wholeMonths ? WHOLE_MONTHS_NOTE : ''}${terminalSafe(notes)}\nOther tables\n${renderTable(status.telemetry, 'table', { width })}`;
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'show what the store holds per source and billing period',
  usage: `costlens status [--format table|csv|json] [--wide] [--db FILE] [--today YYYY-MM-DD]

  Per source (provider/billing account) and billing period: rows, BilledCost, EffectiveCost,
  the charge-day range, the last ingest (ISO 8601 UTC in csv and json), and whether the period
  is still provisional: a month after --today's (not yet begun); the current month; the previous
  one until its lines carry an InvoiceId (not yet invoiced); and any period whose data does not
  reach its end, as costlens invoice calls its bill not complete (incomplete; without daily usage,
  the latest bill until invoiced: not yet invoiced), with invoice's note under the table (its days
  and the day its data ends on, the data horizon). Each period is judged on its own source's data
  (the accounts whose lines share its files), as in a store of those files alone: a later source's
  data does not complete it.
  --today   judge provisional periods as of this date (default: today, UTC)
${formatOption(12)}
${wideOption(12)}
${dbOption(12)}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('status', args, { ...READER_FLAGS, today: { type: 'string' } }, false);
    const format = outputFormat(values.format);
    const today = values.today === undefined ? utcToday() : parseDay('today', values.today);
    const status = await readStoreStatus(resolveStorePath(values.db, ctx.env, ctx.cwd), today);
    const { periods } = status;
    if (format === 'table') {
      ctx.stdout.write(storeStatusTables(status, tableWidth(ctx, values.wide)));
    } else {
      ctx.stdout.write(renderTable(format === 'csv' ? isoLastIngest(periods) : periods, format));
      if (status.notes) ctx.stderr.write(terminalSafe(`${status.notes.join('\n')}\n`));
    }
    return 0;
  },
};
