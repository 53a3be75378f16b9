import { formatCents, fromUnits } from '../lib/money.ts';
import { readInvoice, type Cents, type InvoiceAmounts, type InvoicePeriod } from '../analyze/invoice.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { parseRange, resolveRange } from './range.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

/**
 * One row per period and charge class (or, with `detail`, per class and line item type), then the
 * period's total; money exact (csv) or in cents (table), the rows rounded by largest remainder so
 * that they add up to the total shown.
 */
export function invoiceTable(periods: InvoicePeriod[], options: { cents: boolean; detail: boolean }): TextTable {
  const columns = ['period', 'charge_class', ...(options.detail ? ['line_item_type'] : []), 'lines', 'billed', 'amortised', 'net_amortised', 'net_unblended'];
  const rows: (string | null)[][] = [];
  const money = (a: InvoiceAmounts, cents: Cents) => (options.cents
    ? [formatCents(cents.billed), formatCents(cents.amortised), formatCents(cents.netAmortised), formatCents(cents.netUnblended)]
    : [fromUnits(a.billed), fromUnits(a.amortised), fromUnits(a.netAmortised), fromUnits(a.netUnblended)]);
  for (const p of periods) {
    for (const c of p.classes) {
      if (options.detail) {
        c.types.forEach((t) => rows.push([p.period, c.chargeClass, t.lineItemType, String(t.lines), ...money(t, t.cents)]));
        continue;
      }
      rows.push([p.period, c.chargeClass, String(c.lines), ...money(c, c.cents)]);
    }
    rows.push([p.period, 'total', ...(options.detail ? [null] : []), String(p.total.lines), ...money(p.total, p.total.cents)]);
  }
  return { columns, rows, money: ['billed', 'amortised', 'net_amortised', 'net_unblended'], optional: ['net_unblended', 'lines', 'net_amortised'] };
}

/** The JSON form: camelCase, money as exact decimal strings (and the cents the table shows). */
export function invoiceJson(periods: InvoicePeriod[]) {
  const money = (a: { lines: number; billed: bigint; amortised: bigint; netAmortised: bigint; netUnblended: bigint }) => ({
    lines: a.lines, billedCost: fromUnits(a.billed), amortisedCost: fromUnits(a.amortised), netAmortisedCost: fromUnits(a.netAmortised), netUnblendedCost: fromUnits(a.netUnblended),
  });
  const cents = (c: Cents) => ({ billed: formatCents(c.billed), amortised: formatCents(c.amortised), netAmortised: formatCents(c.netAmortised), netUnblended: formatCents(c.netUnblended) });
  return periods.map((p) => ({
    period: p.period,
    total: { ...money(p.total), cents: cents(p.total.cents) },
    classes: p.classes.map((c) => ({
      chargeClass: c.chargeClass, ...money(c), cents: cents(c.cents),
      lineItemTypes: c.types.map((t) => ({ lineItemType: t.lineItemType, ...money(t), cents: cents(t.cents) })),
    })),
  }));
}

export const invoiceCommand: Command = {
  name: 'invoice',
  summary: 'the invoice per billing period by charge class: billed, amortised and net amortised, to the cent',
  usage: `costlens invoice [--period YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD] [--detail] [--format table|csv|json] [--wide] [--db FILE] [--engine duckdb|athena]

  Per billing period and charge class (usage, fees, commitment-fees, tax, credits, refunds,
  discounts, other): BilledCost (what the invoice charges), amortised (EffectiveCost: RI and
  Savings Plan fees spread over the usage they cover) and net amortised (after EDP, private-pricing
  and other discounts, from the CUR net columns where the bill has them, else equal to amortised),
  and net unblended. The classes add up to the period's BilledCost exactly (csv, json); the table
  shows cents, rounded by largest remainder so that the rows add up to the total to the cent.
  --period    a billing period (default: the last complete month up to the last complete day in the store, said on stderr)
  --from/--to charges from --from up to, not including, --to (half-open)
  --detail    one row per charge class and CUR line item type (in a table, each class's types
              rounded by largest remainder to the class's cents, so they add up to the total too)`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('invoice', args, {
      ...READER_FLAGS, period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, detail: { type: 'boolean' },
      config: { type: 'string' }, engine: { type: 'string' }, verbose: { type: 'boolean' },
    }, false);
    const format = outputFormat(values.format);
    const requested = parseRange('invoice', values);
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    return withChosenEngine(values.engine, storePath, { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose }, async (engine) => {
      const { range } = await resolveRange(requested, engine, ctx.stderr);
      const periods = await readInvoice(engine, range);
      if (format === 'json') ctx.stdout.write(`${JSON.stringify(invoiceJson(periods), null, 2)}\n`);
      else ctx.stdout.write(renderTable(invoiceTable(periods, { cents: format === 'table', detail: Boolean(values.detail) }), format, { width: tableWidth(ctx, values.wide) }));
      return 0;
    });
  },
};
