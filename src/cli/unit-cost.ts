import { COST_COLUMN, COST_MEASURES } from '../analyze/anomalies.ts';
import { addDays, formatMoney, parseDay } from '../analyze/forecast-calendar.ts';
import { costPerUnit, type UnitCostGrain, type UnitCostReport } from '../analyze/unit-cost.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import { CostlensError } from '../errors.ts';
import { resolveStorePath } from '../store/open.ts';
import { choice } from './args.ts';
import type { Command } from './command.ts';
import { renderTable, type TextTable } from './output.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs } from './store-reader.ts';

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
      r.cost === null ? null : formatMoney(r.cost),
      r.units === null ? null : String(r.units),
      r.unitCost === null ? null : r.unitCost.toFixed(10),
      r.note,
    ]),
  };
}

/** Parses `--tag KEY=VALUE` (the raw tag key as stored in Tags). */
export function parseTag(value: string | undefined): { key: string; value: string } | undefined {
  if (value === undefined) return undefined;
  const at = value.indexOf('=');
  if (at <= 0) throw new CostlensError('usage', `--tag must be KEY=VALUE; got "${value}"`, { hint: 'e.g. --tag team=payments (the raw tag key, as ingested)' });
  return { key: value.slice(0, at), value: value.slice(at + 1) };
}

export const unitCostCommand: Command = {
  name: 'unit-cost',
  summary: 'cost per business unit (orders, requests) per day or week',
  usage: `costlens unit-cost --metric NAME [--tag KEY=VALUE] [--grain day|week] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                   [--cost effective|billed] [--format table|csv|json] [--db FILE]

  Spend per unit of a business metric (ingested from a CSV date,metric,value) per day or ISO week.
  Every day of the range is shown: a day without the metric or without billing data has no unit
  cost (note says why), and so has a week containing such a day.
  --metric  the business metric, e.g. orders
  --tag     only the lines whose Tags carry this raw key and value, e.g. team=payments
  --grain   day (default) or week (Monday to Sunday)
  --from    first day (default: the first charge day in the store)
  --to      the day after the last, exclusive (default: the day after the latest charge day)
  --cost    effective (EffectiveCost, amortized; default) or billed (BilledCost)`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('unit-cost', args, {
      ...READER_FLAGS,
      metric: { type: 'string' },
      tag: { type: 'string' },
      grain: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      cost: { type: 'string' },
    }, false);
    if (!values.metric) throw new CostlensError('usage', 'unit-cost needs --metric NAME', { hint: 'e.g. costlens unit-cost --metric orders' });
    const format = outputFormat(values.format);
    const options = {
      metric: values.metric,
      tag: parseTag(values.tag),
      grain: choice('grain', values.grain, GRAINS, 'day'),
      from: values.from === undefined ? undefined : parseDay('from', values.from),
      to: values.to === undefined ? undefined : parseDay('to', values.to),
      cost: choice('cost', values.cost, COST_MEASURES, 'effective'),
    };
    const report = await withEngine(resolveStorePath(values.db, ctx.env, ctx.cwd), (engine) => costPerUnit(engine, options));
    const table = unitCostTable(report);
    if (format === 'table') {
      const tag = report.tag ? `, lines tagged ${report.tag.key}=${report.tag.value}` : '';
      ctx.stdout.write(`${COST_COLUMN[report.cost]} per ${report.metric}${tag}, ${report.from} to ${addDays(report.to, -1)}\n${renderTable(table, 'table')}`);
    } else {
      ctx.stdout.write(renderTable(table, format));
    }
    return 0;
  },
};
