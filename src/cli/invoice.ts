import { checkSelectionDays, storeDays } from '../analyze/billing-calendar.ts';
import { refuseSelectionOutsideData } from '../analyze/commitments/index.ts';
import { readDatedInvoice } from '../analyze/invoice-days.ts';
import type { DefiniteSelection } from '../analyze/selection.ts';
import { readDefaultBillPeriod } from '../analyze/whole-bills-period.ts';
import { loadConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { renderTable } from '../lib/table.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { withChosenEngine } from './engine-choice.ts';
import { invoiceJson, invoiceNotes, invoiceTable, rangeNotInStoreNote } from './invoice-output.ts';
import { parseRange, resolveRange } from './range.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

export const invoiceCommand: Command = {
  name: 'invoice',
  summary: 'the invoice per billing period by charge class: billed, amortised and net amortised, to the cent',
  usage: `costlens invoice [--period YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD] [--detail] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Per billing period and charge class (usage, fees, commitment-fees, tax, credits, refunds,
  discounts, adjustments, other): BilledCost (what the invoice charges), amortised (EffectiveCost: RI and
  Savings Plan fees spread over the usage they cover) and net amortised (after EDP, private-pricing
  and other discounts, from the CUR net columns where the bill has them, else equal to amortised),
  and net unblended. The classes add up to the period's BilledCost exactly (csv, json); the table
  shows cents, rounded by largest remainder so that the rows add up to the total to the cent.
  A month the data horizon has not reached the end of is the bill of the days the store holds,
  said under the table with the day its data ends on (the data horizon). Each month is judged on
  its own source's data (the accounts whose lines share its files), as in a store of those files
  alone: a later source's data does not complete it.
  --period    a billing period (default: the last complete month up to the last complete day in the store, said on stderr): its whole bill
  --from/--to charges from --from up to, not including, --to (half-open); each row names its days
              (from, to). A billing period the range holds whole is its whole bill; one the range
              cuts is the daily spend of its days, its total their sum, and the fees posted in those
              days for a charge period longer than a day (the month's RI and Support fees, tax,
              monthly credits: not daily spend) are listed apart as posted:CLASS, outside the total.
              A --period or range holding no day of the billing data is a usage error naming the data's days,
              and so is one whose days all lie in a gap between its billing periods, naming the gap (as
              commitments does); a range's days in a gap or before the data are named under the table.
  --detail    one row per charge class and CUR line item type (in a table, each class's types
              rounded by largest remainder to the class's cents, so they add up to the total too)
${readerOptions(14, 'aws.athena')}`,
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
      const bills = await readDefaultBillPeriod(engine);
      const { span, chosen } = bills;
      const { range, label } = await resolveRange(requested, engine, ctx.stderr, bills);
      if (requested.kind !== 'default') {
        const { outside, hint } = checkSelectionDays(requested, span, chosen.period, true);
        if (outside) throw new CostlensError('usage', outside, { hint });
      }
      const selection: DefiniteSelection = requested.kind === 'default' ? { kind: 'period', period: label } : requested;
      const periods = await readDatedInvoice(engine, range, selection, span);
      // The days the store does not hold (a gap between its billing periods) are refused or named, as `commitments` does: never (0 rows) alone.
      const store = requested.kind === 'days' || (requested.kind === 'period' && periods.length === 0) ? await storeDays(engine, span) : null;
      if (store && periods.length === 0) refuseSelectionOutsideData(selection, span, store, chosen.period, true);
      const notInStore = store && rangeNotInStoreNote(selection, span, store);
      const notes = [...(notInStore ? [notInStore] : []), ...invoiceNotes(periods, selection)];
      if (format === 'json') {
        ctx.stdout.write(`${JSON.stringify(invoiceJson(periods), null, 2)}\n`);
        if (notInStore) ctx.stderr.write(terminalSafe(`${notInStore}\n`));
        return 0;
      }
      const table = invoiceTable(periods, { cents: format === 'table', detail: Boolean(values.detail), days: selection.kind === 'days' });
      ctx.stdout.write(renderTable(table, format, { width: tableWidth(ctx, values.wide) }));
      if (notes.length > 0) (format === 'table' ? ctx.stdout : ctx.stderr).write(terminalSafe(`${format === 'table' ? '\n' : ''}${notes.join('\n')}\n`));
      return 0;
    });
  },
};
