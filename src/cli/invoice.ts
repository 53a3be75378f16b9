import { formatCents, fromUnits } from '../lib/money.ts';
import { readInvoice, type Cents, type InvoicePeriod } from '../analyze/invoice.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { parseRange, resolveRange } from './range.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

/** One row per period and charge class, then the period's total; money exact (csv) or in cents (table). */
export function invoiceTable(periods: InvoicePeriod[], options: { cents: boolean; detail: boolean }): TextTable {
  const columns = ['period', 'charge_class', ...(options.detail ? ['line_item_type'] : []), 'lines', 'billed', 'amortised', 'net_amortised', 'net_unblended'];
  const rows: (string | null)[][] = [];
  const exact = (u: bigint) => fromUnits(u);
  for (const p of periods) {
    for (const c of p.classes) {
      if (options.detail) {
        for (const t of c.types) rows.push([p.period, c.chargeClass, t.lineItemType, String(t.lines), exact(t.billed), exact(t.amortised), exact(t.netAmortised), exact(t.netUnblended)]);
        continue;
      }
      rows.push([p.period, c.chargeClass, String(c.lines),
        options.cents ? formatCents(c.cents.billed) : exact(c.billed), options.cents ? formatCents(c.cents.amortised) : exact(c.amortised),
        options.cents ? formatCents(c.cents.netAmortised) : exact(c.netAmortised), options.cents ? formatCents(c.cents.netUnblended) : exact(c.netUnblended)]);
    }
    rows.push([p.period, 'total', ...(options.detail ? [null] : []), String(p.total.lines),
      options.cents ? formatCents(p.total.cents.billed) : exact(p.total.billed), options.cents ? formatCents(p.total.cents.amortised) : exact(p.total.amortised),
      options.cents ? formatCents(p.total.cents.netAmortised) : exact(p.total.netAmortised), options.cents ? formatCents(p.total.cents.netUnblended) : exact(p.total.netUnblended)]);
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
      lineItemTypes: c.types.map((t) => ({ lineItemType: t.lineItemType, ...money(t) })),
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
  shows cents, rounded by largest remainder so that the classes add up to the total to the cent.
  --period    a billing period (default: the latest in the store); --from/--to: charges in a half-open range
  --detail    one row per charge class and CUR line item type`,
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
      else ctx.stdout.write(renderTable(invoiceTable(periods, { cents: format === 'table' && !values.detail, detail: Boolean(values.detail) }), format, { width: tableWidth(ctx, values.wide) }));
      return 0;
    });
  },
};
