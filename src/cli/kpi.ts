import {
  efficiencyKpis, type KpiBase, kpiJson, KPI_NAMES, KPI_NEED, kpiMonthsWithoutType, kpiNotInStoreSentence, kpiNotClassified, kpiPartialSavingReason, kpiSavingNotClassified, kpiUsageWithoutType, kpiUsageWithoutTypeNote, type KpiReport, type KpiRow, type Share,
} from '../analyze/kpi/index.ts';
import { splitCentsText } from '../analyze/attribution/index.ts';
import { roundDecimal, toUnits } from '../lib/money.ts';
import { daySpan } from '../lib/calendar.ts';
import type { UsageWithoutType } from '../analyze/usage-without-type.ts';
import { percentCell, quantityText } from '../lib/quantity-cells.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { CostlensError } from '../errors.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { refusingWithoutDailyUsage } from './monthly-store-refusal.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

const FLAGS = {
  ...READER_FLAGS, 'as-of': { type: 'string' }, months: { type: 'string' }, by: { type: 'string' }, config: { type: 'string' }, engine: { type: 'string' }, verbose: { type: 'boolean' },
} as const;

/** A percentage or a quantity exactly as the report holds it (csv), null a blank cell. */
const exact = (n: number | null) => (n === null ? null : String(n));

const SAVING_COLUMNS = ['spot_saving', 'graviton_saving', 'current_gen_saving', 'gp3_saving', 'coverage_saving', 's3_saving'];

/**
 * KPI rows as a table: one row per month and account (or team), then the month's all row; each
 * target's saving, then their total. Unrounded (csv): the report's figures as they are. `rounded`
 * (the terminal table): money to the cent, the groups' EC2 instance cost the largest-remainder
 * rounding of their month's all row (they split it, so they add up to it as shown); the savings are
 * not a split (each group is measured against the targets on its own), so each is rounded on its own;
 * percentages with two decimals on every row (`0.00`, `66.67`, `100.00`), hours and GB-months two
 * decimals at most with thousands separators (`65,800`, `277.45`), as `costlens commitments` writes
 * them (src/lib/quantity-cells.ts: half away from zero on the exact decimal); blank stays blank.
 * A row's EC2 hours and cost, unclassified hours, EBS and gp3 GB-months are blank (an empty csv
 * cell), not 0 or $0.00, when they are zero only because the month's AWS usage lines carry no usage
 * type (`notClassified`: those months, kpiMonthsWithoutType; kpiNotClassified), which the line above
 * the table (stderr with csv) names. In the terminal table so is a row's saving_at_targets when a KPI
 * whose saving it adds up is not classified (partialSavingNote says so under the table): the sum of
 * the others would read as the whole; csv keeps that sum.
 */
export function kpiTable(report: KpiReport, rounded: boolean, notClassified: ReadonlySet<string> = new Set()): TextTable {
  const measured = (r: KpiRow, base: KpiBase, cell: string | null) => (kpiNotClassified(r, base, notClassified) ? null : cell);
  const money = (v: string) => (rounded ? roundDecimal(v, 2) : v);
  const pct = rounded ? percentCell : exact;
  const quantity = (n: number) => (rounded ? quantityText(n) : String(n));
  const share = (s: Share) => [pct(s.hoursPercent), pct(s.costPercent)];
  const team = report.by === 'team';
  const ec2Cost = new Map<KpiRow, string>();
  for (const month of new Set(report.rows.map((r) => r.month))) {
    const rows = report.rows.filter((r) => r.month === month);
    const all = rows.find(isAll);
    const groups = rows.filter((r) => !isAll(r));
    const split = rounded ? splitCentsText(groups.map((r) => toUnits(r.ec2Cost)), all ? toUnits(all.ec2Cost) : null) : groups.map((r) => r.ec2Cost);
    groups.forEach((r, i) => ec2Cost.set(r, split[i]!));
  }
  return {
    columns: ['month', team ? 'team' : 'account_id', 'first_day', 'last_day', 'ec2_hours', 'ec2_cost', 'spot_hours_pct', 'spot_cost_pct', 'graviton_hours_pct',
      'graviton_cost_pct', 'current_gen_hours_pct', 'current_gen_cost_pct', 'unclassified_hours', 'ebs_gb_months', 'gp3_gb_months', 'gp3_pct',
      'coverage_pct', 's3_standard_pct', ...SAVING_COLUMNS, 'saving_at_targets'],
    rows: report.rows.map((r) => [r.month, (team ? r.team : r.accountId) ?? '(all)', r.firstDay, r.lastDay, measured(r, 'ec2', quantity(r.ec2Hours)),
      measured(r, 'ec2', ec2Cost.get(r) ?? money(r.ec2Cost)), ...share(r.spot), ...share(r.graviton), ...share(r.currentGeneration), measured(r, 'ec2', quantity(r.unclassifiedHours)),
      measured(r, 'ebs', quantity(r.ebsGbMonths)), measured(r, 'ebs', quantity(r.gp3GbMonths)), pct(r.gp3Percent),
      pct(r.commitmentCoverage.costPercent), pct(r.s3StandardPercent), ...KPI_NAMES.map((k) => r.targets[k].saving),
      rounded && kpiSavingNotClassified(r, notClassified) ? null : r.totalSaving]),
  };
}

/**
 * The line under the terminal table when a row's saving_at_targets is left blank because a KPI it
 * adds up is not classified (`notClassified`: kpiMonthsWithoutType), naming those KPIs; null when none is.
 */
export function partialSavingNote(report: KpiReport, notClassified: ReadonlySet<string>): string | null {
  const reason = kpiPartialSavingReason(report.rows, notClassified);
  return reason && `saving_at_targets is left blank ${reason} (csv and json give that sum, as saving_at_targets and totalSaving).`;
}

/** The month's all row (every account or team). */
const isAll = (r: KpiRow) => r.accountId === null && r.team === null;

/**
 * The line under the table when it shows an `(all)` row, in README's words ("Efficiency KPIs"): its
 * savings are not the sum of the groups' rows, each group being measured against the targets on its
 * own; null with no `(all)` row.
 */
export function allRowNote(report: KpiReport): string | null {
  if (!report.rows.some(isAll)) return null;
  const group = report.by === 'team' ? 'team' : 'account';
  return `The (all) row's savings are not the sum of the ${group} rows': each ${group} is measured against the target on its own; the (all) row measures the organisation.`;
}

function kpiText(report: KpiReport, unclassified: UsageWithoutType | null, notClassified: ReadonlySet<string>, width: number | undefined): string {
  const lines = [
    `Efficiency KPIs by month and ${report.by === 'team' ? 'team' : 'account'}, ${daySpan(report.from, report.to)} (the last day is the data horizon unless --as-of says otherwise)`,
    ...[kpiNotInStoreSentence(report)].filter((line) => line !== null),
    ...(unclassified ? [`Not classified: ${kpiUsageWithoutTypeNote(unclassified)}.`] : []),
    '',
    renderTable({ ...kpiTable(report, true, notClassified), money: ['ec2_cost', ...SAVING_COLUMNS, 'saving_at_targets'],
      optional: ['first_day', 'last_day', 'unclassified_hours', 'ebs_gb_months', 'gp3_gb_months', 'ec2_hours', 'spot_cost_pct', 'graviton_cost_pct', 'current_gen_cost_pct', ...SAVING_COLUMNS] }, 'table', { width })
      + [allRowNote(report), partialSavingNote(report, notClassified)].filter((note) => note !== null).map((note) => `${note}\n`).join(''),
    `Targets (kpi.targets): ${KPI_NAMES.map((k) => `${k} ${report.rows[0]?.targets[k].target ?? '–'} %`).join(', ')} (s3Standard is a ceiling). saving_at_targets: what the month's bill would have cost less at every target.`,
    'Definitions:',
    ...Object.entries(report.definitions).map(([k, v]) => `  ${k}: ${v}`),
  ];
  return `${lines.join('\n')}\n`;
}

export const kpiCommand: Command = {
  name: 'kpi',
  summary: 'efficiency KPIs per month and account or team: % Spot, % Graviton, % current generation, gp3 share, commitment coverage, S3 Standard share, saving at target',
  usage: `costlens kpi [--as-of YYYY-MM-DD] [--months N] [--by account|team] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Per billing month and usage account or team (and "(all)"): the share of EC2 instance hours and
  of their EffectiveCost on Spot, on Graviton (arm64) and on the current generation, the gp3
  share of EBS volume GB-months, commitment coverage (on-demand-equivalent cost) and the S3
  Standard share of S3 GB-months; each against its target (kpi.targets in --config) with what
  reaching it would have saved in that month's bill. Each row names the charge days it covers; the
  days of the span the store does not hold (a gap between its billing periods) are named under the
  heading (on stderr with csv and json, and as notInStore in json).
  --as-of   last day included (default: the data horizon, the last complete day in the store; a day
            outside the data or after the horizon is refused)
  --months  months back from the --as-of month, that one included (default 3)
  --by      account (default) or team: the owner tag (commitments.teamTagKey, else report.ownerTagKey, default team)
            as the weekly report reads it
${readerOptions(12, 'kpi, attribution, commitments.teamTagKey, report.ownerTagKey and aws.athena')}`,
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
    const by = values.by ?? 'account';
    if (by !== 'account' && by !== 'team') throw new CostlensError('usage', `--by must be account or team; got "${values.by}"`, { hint: 'costlens kpi --by team groups by the owner tag (report.ownerTagKey)' });
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const { report, unclassified, notClassified } = await withChosenEngine(values.engine, path, { config, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose },
      async (engine) => {
        const report = await refusingWithoutDailyUsage(KPI_NEED, (read) => read(engine), () => efficiencyKpis(engine, {
          asOf: values['as-of'], months, by, config: config.kpi, commitments: config.commitments,
          team: { tagKey: config.commitments.teamTagKey ?? config.report.ownerTagKey, attribution: config.attribution },
        }));
        const unclassified = await kpiUsageWithoutType(engine, report);
        return { report, unclassified, notClassified: await kpiMonthsWithoutType(engine, report, unclassified) };
      });
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(kpiJson(report, notClassified), null, 2)}\n`);
    else if (format === 'csv') ctx.stdout.write(renderTable(kpiTable(report, false, notClassified), 'csv'));
    else ctx.stdout.write(terminalSafe(kpiText(report, unclassified, notClassified, tableWidth(ctx, values.wide))));
    const notInStore = kpiNotInStoreSentence(report);
    if (format !== 'table' && notInStore) ctx.stderr.write(terminalSafe(`costlens: ${notInStore}\n`));
    if (format !== 'table' && unclassified) ctx.stderr.write(`costlens: not classified: ${kpiUsageWithoutTypeNote(unclassified)}\n`);
    return 0;
  },
};
