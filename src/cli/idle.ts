import { findingsTable, formatThresholds } from '../analyze/findings.ts';
import { dollarsOfDecimal, formatDollars, roundDecimal, toUnits, withoutTrailingZeros } from '../lib/money.ts';
import { splitCentsText } from '../analyze/attribution/index.ts';
import { idleJudgedNothing, withoutTypeCount } from '../analyze/not-judged.ts';
import { findIdleResources, idleMetricsNotes, idleNotRunHint, idleNotRunLines, idleUsageWithoutTypeNote, type IdleReport } from '../analyze/idle/index.ts';
import { checkAsOfInData, rangeDays } from '../analyze/findings-window.ts';
import { idleAsOfChecks } from '../analyze/rule-lookbacks.ts';
import { loadConfig } from '../config.ts';
import { HOURS_PER_MONTH, shortDay } from '../lib/calendar.ts';
import { pluralNoun } from '../lib/text.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { withChosenEngine } from './engine-choice.ts';
import { idleJson } from '../analyze/optimisation-json.ts';
import { renderTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

/** Flags shared by `idle`, `rightsize` and `modernise`. */
export const OPTIMISATION_FLAGS = {
  ...READER_FLAGS,
  'as-of': { type: 'string' },
  config: { type: 'string' },
  engine: { type: 'string' },
  detail: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

/** How `idle` and `rightsize` print their table: fitted to `width`, with each finding's evidence under it when `detail`. */
export interface FindingsTextOptions {
  width?: number;
  detail?: boolean;
  /** Idle judged nothing (idleJudgedNothing): the heading says "not judged", not "0 found, $0.00". */
  notJudged?: boolean;
}

/**
 * An hourly rate as the terminal tables write rates (`hourlyDollarsText` of the commitments, `$8.601`),
 * in idle's table and its --detail money line:
 * dollars with thousands separators, to 6 decimals with the zeros that end them dropped down to 3,
 * so a rate shows the digits it has: `$0.010`, `$0.0252`, `$0.211959`. csv and json keep it exact.
 */
export function hourlyRateText(rate: string): string {
  return dollarsOfDecimal(withoutTrailingZeros(roundDecimal(rate, 6), 3));
}

/**
 * The rules that could not judge, one line each, and what to do about them, for the table (`Not run:
 * …`, `To judge them: …`) or, with `stderr`, for csv and json (`costlens: not run: …`); none when
 * every rule judged.
 */
export function notRunText(report: Pick<IdleReport, 'notRun'>, stderr = false): string[] {
  const hint = idleNotRunHint(report.notRun);
  if (hint === null) return [];
  const [line, then] = stderr ? ['costlens: not run: ', 'costlens: to judge them: '] : ['Not run: ', 'To judge them: '];
  return [...idleNotRunLines(report.notRun).map((text) => `${line}${text}.`), `${then}${hint}.`];
}

/**
 * What the heading adds when the store holds only some of the cost window's days, the only ones
 * counted: `; the store holds 29 of its 30 days; the store's billing data ends on 20 Nov 2018 (the
 * data horizon: …)`, or why it holds none (`; the store holds no billing data`); '' when it holds them all.
 */
function heldText(report: IdleReport): string {
  const held = report.costWindowHeld;
  if (held.days === held.of) return '';
  if (held.days === 0) return `; ${held.missing}`;
  return `; the store holds ${held.days} of its ${held.of} days; ${held.missing}`;
}

/**
 * The human-readable report: a summary table, then (with `detail`) each finding's evidence,
 * thresholds and action. The window costs shown are the total's cents split by largest remainder,
 * so the rows add up to the total the heading prints.
 */
export function idleText(report: IdleReport, options: FindingsTextOptions = {}): string {
  const freeing = report.findings.filter((f) => toUnits(f.monthlySavingCommitment) > 0n).length;
  const costs = splitCentsText(report.findings.map((f) => toUnits(f.windowCost)), toUnits(report.totalWindowCost)) as string[];
  // The heading's money reads as the table's: `$1,234.56`.
  const window = `EffectiveCost ${rangeDays(report.costWindow)}${heldText(report)}`;
  const lines = [options.notJudged && report.usageWithoutType
    ? `Idle resources as of ${shortDay(report.asOf, true)}: not judged (${window}): ${withoutTypeCount(report.usageWithoutType)}, and no metrics or inventory to read (below)`
    : `Idle resources as of ${shortDay(report.asOf, true)}: ${report.findings.length} found, ${formatDollars(report.totalMonthlySaving)} a month saved`
      + ` at ${pluralNoun(report.findings.length, 'its current hourly rate', 'their current hourly rates')} × ${HOURS_PER_MONTH} h`
      + (freeing > 0 ? `, and ${formatDollars(report.totalMonthlySavingCommitment)} more frees commitment, not cash (${freeing} covered by a commitment with unused hours)` : '')
      + `; ${pluralNoun(report.findings.length, 'it costs', 'they cost')} ${formatDollars(report.totalWindowCost)} (${window})`,
  ];
  for (const note of idleMetricsNotes(report)) lines.push(`Metrics: ${note}.`);
  if (report.usageWithoutType) lines.push(`Not judged: ${idleUsageWithoutTypeNote(report.usageWithoutType)}.`);
  const notRun = notRunText(report);
  if (report.findings.length === 0) return `${[...lines, ...notRun].join('\n')}\n`;
  lines.push('');
  lines.push(renderTable({
    columns: ['#', 'rule', 'resource', 'account_id', 'region', 'window_cost', 'hourly_rate', 'monthly_saving', 'frees_commitment', 'confidence'],
    rows: report.findings.map((f, i) => [String(i + 1), f.rule, f.resourceId ?? `(no id) ${f.usageType}`, f.accountId, f.region,
      costs[i], hourlyRateText(f.hourlyRate), f.monthlySaving, f.monthlySavingCommitment, f.confidence]),
    money: ['window_cost', 'monthly_saving', 'frees_commitment'],
    optional: ['hourly_rate', 'account_id', 'region', 'frees_commitment', 'confidence'],
  }, 'table', { width: options.width }));
  if (!options.detail) {
    lines.push('--detail adds each finding\'s evidence, thresholds, money and action under the table.');
    if (notRun.length > 0) lines.push('', ...notRun);
    return `${lines.join('\n')}\n`;
  }
  report.findings.forEach((f, i) => {
    lines.push(`${i + 1}. ${f.rule} ${f.resourceId ?? `${f.accountId} ${f.region} ${f.usageType}`}`);
    lines.push(`   evidence:   ${f.explanation} (${rangeDays(f.lookback)})`);
    lines.push(`   thresholds: ${formatThresholds(f.thresholds)}`);
    // Money in dollars and days in the house style, as the heading writes them (it read `= 7.30 a month; 2.81 over …`).
    const split = toUnits(f.monthlySavingCommitment) > 0n ? ` (${formatDollars(f.monthlySaving)} in cash, ${formatDollars(f.monthlySavingCommitment)} of commitment freed)` : '';
    const lastCharged = f.evidence.lastChargedOn;
    const rate = typeof lastCharged === 'string'
      ? `no current rate (last charged on ${shortDay(lastCharged, true)}) = ${formatDollars(f.runRateMonthly)} a month`
      : `${hourlyRateText(f.hourlyRate)} an hour now (its latest charged day) × ${HOURS_PER_MONTH} h = ${formatDollars(f.runRateMonthly)} a month${split}`;
    lines.push(`   money:      ${rate}; ${formatDollars(costs[i])} over ${rangeDays(f.costWindow)}`);
    if (f.alsoMatched.length) lines.push(`   also:       ${f.alsoMatched.join(', ')}`);
    lines.push(`   action:     ${f.action}`);
  });
  if (notRun.length > 0) lines.push('', ...notRun);
  return `${lines.join('\n')}\n`;
}

export const idleCommand: Command = {
  name: 'idle',
  summary: 'idle resources with evidence, rule, window cost and run-rate from the bill',
  usage: `costlens idle [--as-of YYYY-MM-DD] [--detail] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Rules (thresholds under idle: in costlens.config.*): EC2 low utilisation, EBS volumes
  unattached or without I/O, idle Elastic IPs (from the bill), load balancers with few requests
  or no healthy targets, RDS without connections, NAT gateways without traffic, and what the
  bill alone shows for resources without metrics (low confidence). One finding per resource;
  window_cost is its EffectiveCost over the 30 days before --as-of (the table's cents add up to
  the total), monthly_saving its current hourly rate (its cost on the last complete day over
  24 h, so a resource run part of each day counts the hours it ran) × ${HOURS_PER_MONTH} h in cash; on an
  instance a Reserved Instance or Savings Plan with unused hours covered, the covered share of
  it frees commitment instead (frees_commitment, monthly_saving_commitment in CSV/JSON).
  A rule that reads metrics or the inventory and has none to read (on a store of the bill alone,
  or on Athena) is named under the table (on stderr with csv and json), with the resources of its
  kind billed in its look-back, which it could not judge.
  --as-of   look-back windows end at the start of this day (default: the day after the data
            horizon, the last complete day of the billing data; in a store without billing lines,
            the day after the latest metric day); the 30 days before it (or a longer rule window)
            must hold a day of the billing data, and its shortest rule window a complete day (the
            data horizon or before), else a usage error names the data's first and last day
  --detail  under the table, each finding's evidence (metric values and days), thresholds, money and action
${readerOptions(12, 'idle and aws.athena', { engine: 'the CUR table holds the bill alone: only the idle addresses and the bill-only rules run' })}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('idle', args, OPTIMISATION_FLAGS, false);
    const format = outputFormat(values.format);
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    // The as-of day and the data horizon come from the engine in use: on Athena, from the CUR table.
    const report = await withChosenEngine(values.engine, path, { config, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose }, async (engine) => {
      if (values['as-of'] !== undefined) {
        const checks = idleAsOfChecks(config.idle);
        await checkAsOfInData(engine, values['as-of'], checks);
      }
      const found = await findIdleResources(engine, config.idle, { asOf: values['as-of'], usageWithoutType: true, notRun: true });
      return { ...found, notJudged: format === 'table' && await idleJudgedNothing(engine, found) };
    });
    if (format === 'json') ctx.stdout.write(idleJson(report.findings));
    else if (format === 'csv') ctx.stdout.write(renderTable(findingsTable(report.findings), 'csv'));
    else ctx.stdout.write(terminalSafe(idleText(report, { width: tableWidth(ctx, values.wide), detail: values.detail, notJudged: report.notJudged })));
    if (format !== 'table') {
      for (const note of idleMetricsNotes(report)) ctx.stderr.write(`costlens: metrics: ${note}\n`);
      if (report.usageWithoutType) ctx.stderr.write(`costlens: not judged: ${idleUsageWithoutTypeNote(report.usageWithoutType)}\n`);
      for (const line of notRunText(report, true)) ctx.stderr.write(`${line}\n`);
    }
    return 0;
  },
};
