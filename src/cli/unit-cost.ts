import { COST_COLUMN, COST_MEASURES } from '../analyze/anomalies/index.ts';
import { addDays, formatUnits } from '../analyze/billing-calendar.ts';
import { daySpan } from '../lib/calendar.ts';
import { fromUnits } from '../lib/money.ts';
import { costPerUnit, UNIT_COST_CHARGES, type UnitCostGrain, type UnitCostReport, type UnitCostTag } from '../analyze/unit-cost.ts';
import { loadConfig } from '../config.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import { CostlensError } from '../errors.ts';
import { resolveStorePath } from '../store/open.ts';
import { choice } from './args.ts';
import type { Command } from './command.ts';
import { configOption, dbOption, formatOption, wideOption } from './common-options.ts';
import { refusingWithoutDailyUsage } from './monthly-store-refusal.ts';
import { parseDays } from './range.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

const GRAINS: readonly UnitCostGrain[] = ['day', 'week'];

/** One row per day or week; the cost column is named after the measure (effective_cost, billed_cost), units are the metric's. */
export function unitCostTable(report: UnitCostReport): TextTable {
  const costColumn = `${report.cost}_cost`;
  return {
    columns: [report.grain, 'days', 'metric_days', costColumn, 'units', 'unit_cost', 'note'],
    rows: report.rows.map((r) => [
      r.period,
      String(r.days),
      String(r.metricDays),
      r.cost === null ? null : formatUnits(r.cost),
      r.units === null ? null : String(r.units),
      r.unitCost === null ? null : fromUnits(r.unitCost),
      r.note,
    ]),
    money: [costColumn],
    optional: ['metric_days', 'days'],
    kinds: { days: 'integer', metric_days: 'integer', units: 'number', unit_cost: 'decimal' },
  };
}

/** Parses `--tag KEY=VALUE`. */
export function parseTag(value: string | undefined): { key: string; value: string } | undefined {
  if (value === undefined) return undefined;
  const at = value.indexOf('=');
  if (at <= 0) throw new CostlensError('usage', `--tag must be KEY=VALUE; got "${value}"`, { hint: 'e.g. --tag team=payments' });
  return { key: value.slice(0, at), value: value.slice(at + 1) };
}

/** How the table's heading names the tag: `team=payments` and, when normalised, the raw spellings it stands for. */
export function describeTag(tag: UnitCostTag): string {
  if (tag.raw) return `lines tagged ${tag.key}=${tag.value} (raw)`;
  const spellings = tag.rawValues.filter((v) => v !== tag.value).map((v) => JSON.stringify(v));
  const keys = tag.rawKeys.filter((k) => k !== tag.key);
  const also = [...(keys.length ? [`keys ${keys.join(', ')}`] : []), ...(spellings.length ? [`values ${spellings.join(', ')}`] : [])];
  return `lines tagged ${tag.key}=${tag.value}${also.length ? ` (normalised: also ${also.join('; ')})` : ''}`;
}

export const unitCostCommand: Command = {
  name: 'unit-cost',
  summary: 'cost per business unit (orders, requests) per day or week',
  usage: `costlens unit-cost --metric NAME [--tag KEY=VALUE [--raw-tags]] [--grain day|week] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                   [--cost effective|billed] [--charges usage|all] [--format table|csv|json] [--wide] [--db FILE] [--config FILE]

  Spend per unit of a business metric (ingested from a CSV date,metric,value) per day or ISO week.
  Every day of the range is shown: a day without the metric or without billing data, or a partial
  day after the data horizon (the last complete day), has no unit cost (note says why), and so has
  a week containing such a day. A range holding no day of the billing data is refused.
  --metric  the business metric, e.g. orders
  --tag     only the lines whose value of tag KEY is VALUE, e.g. team=payments, read as attribution
            reads it: every spelling of the key, value aliases, case folded, spaces at the ends
            trimmed (the config's attribution.tags), so "payments " and "Payments" count as payments
  --raw-tags  read --tag raw instead: the key exactly as spelled, the value exactly as ingested
  --grain   day (default) or week (Monday to Sunday)
  --from    first day (default: the first charge day in the store)
  --to      the day after the last, exclusive (default: the day after the data horizon)
  --cost    effective (EffectiveCost, amortized; default) or billed (BilledCost)
  --charges usage (default): the usage charge class only; recurring fees, one-time charges, tax
            and credits post once a period (a support fee on the 1st) and are not daily spend,
            so they would make the day they post look expensive. all: every line on its charge day
${formatOption(12)}
${wideOption(12)}
${dbOption(12)}
${configOption(12, 'attribution (how --tag reads tags)')}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('unit-cost', args, {
      ...READER_FLAGS,
      metric: { type: 'string' },
      tag: { type: 'string' },
      grain: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      cost: { type: 'string' },
      charges: { type: 'string' },
      'raw-tags': { type: 'boolean' },
      config: { type: 'string' },
    }, false);
    if (!values.metric) throw new CostlensError('usage', 'unit-cost needs --metric NAME', { hint: 'e.g. costlens unit-cost --metric orders' });
    if (values['raw-tags'] && !values.tag) throw new CostlensError('usage', '--raw-tags reads --tag raw: give --tag KEY=VALUE too');
    const format = outputFormat(values.format);
    const options = {
      metric: values.metric,
      tag: parseTag(values.tag),
      grain: choice('grain', values.grain, GRAINS, 'day'),
      ...parseDays(values),
      cost: choice('cost', values.cost, COST_MEASURES, 'effective'),
      charges: choice('charges', values.charges, UNIT_COST_CHARGES, 'usage'),
      rawTags: values['raw-tags'] === true,
    };
    const config = loadConfig(values.config, ctx.env, ctx.cwd).attribution;
    const report = await withEngine(resolveStorePath(values.db, ctx.env, ctx.cwd), (engine) =>
      refusingWithoutDailyUsage('unit cost per day or week needs', (read) => read(engine), () => costPerUnit(engine, options, config)));
    const table = unitCostTable(report);
    if (format === 'table') {
      const tag = report.tag ? `, ${describeTag(report.tag)}` : '';
      const charges = report.charges === 'usage' ? 'usage' : 'every charge class';
      ctx.stdout.write(`${COST_COLUMN[report.cost]} of ${charges} per ${report.metric}${tag}, ${daySpan(report.from, addDays(report.to, -1))}\n${renderTable(table, 'table', { width: tableWidth(ctx, values.wide) })}`);
      if (report.charges === 'usage') ctx.stdout.write('Usage only: fees, tax and credits post once a period and are not daily spend\n(--charges all counts them on the day they post).\n');
    } else {
      ctx.stdout.write(renderTable(table, format));
    }
    return 0;
  },
};
