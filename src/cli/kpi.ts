import { efficiencyKpis, type KpiReport, type Share } from '../analyze/kpi.ts';
import { roundDecimal } from '../analyze/findings-money.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { CostlensError } from '../errors.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

const FLAGS = {
  ...READER_FLAGS, 'as-of': { type: 'string' }, months: { type: 'string' }, config: { type: 'string' }, engine: { type: 'string' }, verbose: { type: 'boolean' },
} as const;

const pct = (n: number | null) => (n === null ? null : String(n));

/** KPI rows as a table: one row per month and account, then the month's all-accounts row. */
export function kpiTable(report: KpiReport, rounded: boolean): TextTable {
  const money = (v: string) => (rounded ? roundDecimal(v, 2) : v);
  const share = (s: Share) => [pct(s.hoursPercent), pct(s.costPercent)];
  return {
    columns: ['month', 'account_id', 'first_day', 'last_day', 'ec2_hours', 'ec2_cost', 'spot_hours_pct', 'spot_cost_pct', 'graviton_hours_pct',
      'graviton_cost_pct', 'current_gen_hours_pct', 'current_gen_cost_pct', 'unclassified_hours', 'ebs_gb_months', 'gp3_gb_months', 'gp3_pct'],
    rows: report.rows.map((r) => [r.month, r.accountId ?? '(all)', r.firstDay, r.lastDay, String(r.ec2Hours), money(r.ec2Cost), ...share(r.spot),
      ...share(r.graviton), ...share(r.currentGeneration), String(r.unclassifiedHours), String(r.ebsGbMonths), String(r.gp3GbMonths), pct(r.gp3Percent)]),
  };
}

function kpiText(report: KpiReport, width: number | undefined): string {
  const lines = [
    `Efficiency KPIs by month and account, ${report.from} to ${report.to} (both included; the last day is the data horizon unless --as-of says otherwise)`,
    '',
    renderTable({ ...kpiTable(report, true), money: ['ec2_cost'], optional: ['first_day', 'last_day', 'unclassified_hours', 'ebs_gb_months', 'gp3_gb_months', 'ec2_hours', 'spot_cost_pct', 'graviton_cost_pct', 'current_gen_cost_pct'] }, 'table', { width }),
    'Definitions:',
    ...Object.entries(report.definitions).map(([k, v]) => `  ${k}: ${v}`),
  ];
  return `${lines.join('\n')}\n`;
}

export const kpiCommand: Command = {
  name: 'kpi',
  summary: 'efficiency KPIs per month and account: % Spot, % Graviton, % current generation (EC2 hours and cost), gp3 share of EBS',
  usage: `costlens kpi [--as-of YYYY-MM-DD] [--months N] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Per billing month and usage account (and "(all)" accounts): the share of EC2 instance hours and
  of their EffectiveCost on Spot, on Graviton (arm64) and on the current generation, and the gp3
  share of EBS volume GB-months. Each row names the charge days it covers.
  --as-of   last day included (default: the data horizon, the last complete day in the store)
  --months  months back from the --as-of month, that one included (default 3)
  --engine  duckdb (the local store, default) or athena (aws.athena in --config: the CUR table in Athena)
  --verbose with --engine athena: log every AWS call on stderr`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('kpi', args, FLAGS, false);
    const format = outputFormat(values.format);
    let months: number | undefined;
    if (values.months !== undefined) {
      months = Number(values.months);
      if (!/^\d+$/.test(values.months) || months < 1 || months > 36) {
        throw new CostlensError('usage', `--months must be a whole number from 1 to 36; got "${values.months}"`);
      }
    }
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const report = await withChosenEngine(values.engine, path, { config, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose },
      (engine) => efficiencyKpis(engine, { asOf: values['as-of'], months }));
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'csv') ctx.stdout.write(renderTable(kpiTable(report, false), 'csv'));
    else ctx.stdout.write(terminalSafe(kpiText(report, tableWidth(ctx, values.wide))));
    return 0;
  },
};
