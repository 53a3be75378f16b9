import { formatThresholds } from '../analyze/findings.ts';
import {
  findModernisation, idleAndRightsizing, leftOutCount, MODERNISE_RULES, type ModerniseReport, type ModerniseRuleId, moderniseTable, moderniseUsageWithoutTypeNote,
  nothingToSaveSummary, SUPERSEDED_WHY, type SupersededFinding,
} from '../analyze/modernise/index.ts';
import { aboveZero } from '../analyze/saves-nothing.ts';
import { rangeDays } from '../analyze/findings-window.ts';
import { moderniseNotJudged, withoutTypeCount } from '../analyze/not-judged.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { HOURS_PER_MONTH, shortDay } from '../lib/calendar.ts';
import { dollarsOfDecimal, formatDollars } from '../lib/money.ts';
import { renderTable } from '../lib/table.ts';
import { plural } from '../lib/text.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { jsonDocument } from '../lib/json-rows.ts';
import { COVERAGE_MONEY_FIELDS } from '../analyze/instance-commitments.ts';
import { OPTIMISATION_FLAGS } from './idle.ts';
import { outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

/**
 * The findings idle or rightsizing supersede, one line each under a heading that says why; then what
 * was not looked for and why (on Athena: rightsizing and idle's rules that read metrics or the inventory).
 */
export function supersededText(report: ModerniseReport): string[] {
  const notChecked = report.notChecked === null ? [] : ['', `Idle and rightsizing: ${report.notChecked}.`];
  const group = (items: SupersededFinding[], why: string) => (items.length === 0 ? [] : ['', `${leftOutCount(items.length)} (not in the figures above): ${why}`,
    ...items.map((f) => `  ${f.resourceId} ${f.rule}: ${f.current} → ${f.target ?? 'delete'}${f.platformChange ? ' (arm64)' : ''}, ${dollarsOrNa(f.monthlySaving)} a month;`
      + ` ${f.supersededBy.rule}${f.supersededBy.alsoMatched.length ? ` (also ${f.supersededBy.alsoMatched.join(', ')})` : ''}`
      + `${f.supersededBy.target ? ` → ${f.supersededBy.target}` : ''}: ${f.supersededBy.action}`)]);
  return [...group(report.supersededByIdle, SUPERSEDED_WHY.idle), ...group(report.supersededByRightsizing, SUPERSEDED_WHY.rightsize), ...notChecked];
}

/** The findings whose move saves nothing on the bill, one line each with the reason. */
export function nothingToSaveText(report: ModerniseReport): string[] {
  if (report.nothingToSave.length === 0) return [];
  return ['', `${leftOutCount(report.nothingToSave.length)} (not in the figures above): the move saves nothing on the bill`,
    ...report.nothingToSave.map((f) => `  ${f.resourceId} ${f.rule}: ${f.current} → ${f.target ?? 'delete'}${f.platformChange ? ' (arm64)' : ''}`
      + `${f.region ? ` in ${f.region}` : ''}: ${f.reason}`)];
}

/** The summary's clause on left-out findings (empty when there are none). */
function supersededClause(report: ModerniseReport): string {
  const parts = [
    report.nothingToSave.length > 0 ? nothingToSaveSummary(report.nothingToSave) : null,
    report.supersededByIdle.length > 0 ? `${leftOutCount(report.supersededByIdle.length)}: the resource is idle (costlens idle)` : null,
    report.supersededByRightsizing.length > 0 ? `${leftOutCount(report.supersededByRightsizing.length)}: rightsizing recommends another type (costlens rightsize)` : null,
  ].filter(Boolean);
  return parts.length ? `; ${parts.join('; ')} (listed below, not in these figures)` : '';
}

/** A month's money for the detail lines: `$0.88`; `n/a` when unpriced. */
function dollarsOrNa(value: string | null): string {
  return value === null ? 'n/a' : formatDollars(value);
}

/** The human-readable report: a summary, a table, then each finding's evidence, price source and action. */
export function moderniseText(report: ModerniseReport, options: { width?: number; detail?: boolean } = {}): string {
  const counts = Object.entries(report.countsByRule).map(([rule, n]) => `${rule} ${n}`).join(', ');
  const freeing = report.findings.filter((f) => aboveZero(f.monthlySavingCommitment)).length;
  const waiting = report.findings.filter((f) => aboveZero(f.monthlySavingDeferred)).length;
  const heading = `Modernisation as of ${shortDay(report.asOf, true)} (rates and sizes from ${shortDay(report.day, true)}, the last day before it):`;
  const lines = [report.usageWithoutType && moderniseNotJudged(report) ? `${heading} not judged: ${withoutTypeCount(report.usageWithoutType)} (below)`
    : `${heading} ${report.findings.length} found`
      + (counts ? ` (${counts})` : '')
      + `; they cost ${formatDollars(report.totalMonthlyCost)} a month (hourly rate × ${HOURS_PER_MONTH} h) and moving them saves ${formatDollars(report.totalMonthlySaving)} a month in cash at their own rates`
      + ` (${formatDollars(report.totalListMonthlySaving)} at list prices; unpriced findings excluded)`
      + (freeing > 0 ? `; ${formatDollars(report.totalMonthlySavingCommitment)} more frees commitment, not cash (${freeing} covered by a Compute Savings Plan with commitment unused that day)` : '')
      + (waiting > 0 ? `; the hours a reservation or EC2 Instance Savings Plan covered (${waiting} findings; it does not follow a change of instance family)`
        + ` save ${formatDollars(report.totalMonthlySavingDeferred)} more at list prices once other usage takes it up or it ends` : '')
      + supersededClause(report),
  ];
  if (report.usageWithoutType) lines.push(`Not judged: ${moderniseUsageWithoutTypeNote(report.usageWithoutType)}.`);
  if (report.findings.length > 0) {
    lines.push('', renderTable({
      columns: ['#', 'rule', 'resource', 'current', 'target', 'monthly_saving', 'frees_commitment', 'after_commitment', 'monthly_cost', 'list_saving',
        'confidence', 'account_id', 'region'],
      rows: report.findings.map((f, i) => [String(i + 1), f.rule, f.resourceId, f.current,
        f.target === null ? '(delete)' : `${f.target}${f.platformChange ? ' (arm64)' : ''}`, f.monthlySaving ?? 'n/a', f.monthlySavingCommitment ?? 'n/a',
        f.monthlySavingDeferred ?? 'n/a', f.monthlyCost, f.listMonthlySaving ?? 'n/a', f.confidence, f.accountId, f.region]),
      money: ['monthly_cost', 'monthly_saving', 'frees_commitment', 'after_commitment', 'list_saving'],
      optional: ['region', 'account_id', 'confidence', 'list_saving', 'monthly_cost', 'after_commitment', 'frees_commitment'],
    }, 'table', { width: options.width }));
    if (!options.detail) lines.push('(--detail: the evidence, money, prices, thresholds and action of each finding)');
    if (options.detail) report.findings.forEach((f, i) => {
      lines.push(`${i + 1}. ${f.rule} ${f.resourceId}: ${f.current} → ${f.target ?? 'delete'}${f.platformChange ? ' (platform change: arm64)' : ''}`);
      lines.push(`   evidence:  ${f.explanation}`);
      // Money in dollars (the rate and the window's cost with their exact digits) and the day in the house style, as the heading writes them
      // (it read `0.0116000000 an hour on 2018-11-30 × 730 h = 8.47 a month; saving 0.88 …`); the JSON and CSV keep their values.
      lines.push(`   money:     ${dollarsOfDecimal(f.hourlyRate)} an hour on ${shortDay(f.day, true)} × ${HOURS_PER_MONTH} h = ${formatDollars(f.monthlyCost)} a month;`
        + ` saving ${dollarsOrNa(f.monthlySaving)} in cash at its own rate`
        + (aboveZero(f.monthlySavingCommitment) ? ` and ${dollarsOrNa(f.monthlySavingCommitment)} of commitment freed` : '')
        + (aboveZero(f.monthlySavingDeferred) ? ` (${dollarsOrNa(f.monthlySavingDeferred)} more at list prices once a commitment is taken up or ends)` : '')
        + `, ${dollarsOrNa(f.listMonthlySaving)} at list prices; ${dollarsOfDecimal(f.windowCost)} over ${rangeDays(f.costWindow)}`);
      lines.push(`   prices:    ${f.priceSource}`);
      if (Object.keys(f.thresholds).length) lines.push(`   thresholds: ${formatThresholds(f.thresholds)}`);
      for (const a of f.alternatives) {
        const freed = (aboveZero(a.monthlySavingCommitment) ? `, ${dollarsOrNa(a.monthlySavingCommitment)} of commitment freed` : '')
          + (aboveZero(a.monthlySavingDeferred) ? `, ${dollarsOrNa(a.monthlySavingDeferred)} once a commitment is taken up or ends` : '');
        lines.push(`   or:        ${a.target}${a.platformChange ? ' (platform change: arm64)' : ''}: saving ${dollarsOrNa(a.monthlySaving)}${freed} (list ${dollarsOrNa(a.listMonthlySaving)}); ${a.note}`);
      }
      lines.push(`   action:    ${f.action}`);
    });
  }
  lines.push(...nothingToSaveText(report));
  lines.push(...supersededText(report));
  if (report.skipped.length > 0) {
    lines.push('', `Not priced (${report.skipped.length}):`);
    for (const s of report.skipped) lines.push(`  ${s.resourceId} ${s.current} ${s.region ?? ''}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Evidence prices the analysis keeps as numbers, and its commitment coverage's money in units: decimal strings in JSON, as all money is. */
const MONEY_FIELDS = ['catalogueRatePerHour', 'targetCatalogueRatePerHour', 'billedRatePerGbMonth', 'gp2PricePerGbMonth', 'gp3PricePerGbMonth',
  'io1PricePerGbMonth', 'io1PricePerIopsMonth', 'targetMonthlyListCost', ...COVERAGE_MONEY_FIELDS];

/**
 * What each rule of `costlens modernise` looks for, one entry per rule the command can emit: typed
 * by the rule registry (MODERNISE_RULES), so a rule added there without a line here does not compile.
 */
export const MODERNISE_RULE_HELP: Record<ModerniseRuleId, string> = {
  'ebs-gp2-to-gp3': 'gp2 volume → gp3 at gp2\'s performance (IOPS 3/GB, 250 MiB/s above 170 GB)',
  'ebs-io1-to-gp3': 'io1 volume → gp3 (≤ 16,000 IOPS and ≤ 500 IOPS/GB) or io2, the cheaper',
  'ebs-io1-to-io2': 'io1 volume → io2, when io2 is the cheaper of the two (gp3 the alternative)',
  'ec2-older-generation': 'Linux instance whose newer same-size family is cheaper (t2 → t3, m4 → m6i …),\n  with the AMD and Graviton twins as alternatives',
  'ec2-graviton-twin': 'x86 Linux instance whose same-size Graviton type is cheaper (platform change;\n  off with modernise.graviton.enabled: false)',
  'rds-previous-generation': 'DB instance of a previous-generation class (db.t2, db.m4, db.r4 …; not priced)',
  'ebs-old-snapshot': 'snapshot first billed ≥ modernise.snapshots.minAgeDays (90) days before --as-of',
  's3-standard-cold': 'S3 bucket in Standard on each of the last modernise.s3.minDays (30) days with at most\n  modernise.s3.maxRequestsPerGbMonth (10) requests per GB-month → Standard-IA',
  'nat-low-processing': 'NAT gateway whose data processing costs ≤ modernise.network.natMaxProcessingPercent (10) %\n  of its hours: share it or use VPC gateway endpoints; the saving is its hours\' cost',
  'inter-az-hotspot': 'resource whose inter-AZ transfer costs ≥ modernise.network.interAzMinMonthlyCost (10) a month:\n  keep the traffic in one Availability Zone (an upper bound)',
};

/** The rule list of the help, in registry order, each description aligned after its id. */
function ruleHelp(): string {
  const width = Math.max(...MODERNISE_RULES.map((rule) => rule.length)) + 2;
  return MODERNISE_RULES.map((rule) => {
    const [first, ...rest] = MODERNISE_RULE_HELP[rule].split('\n');
    return [`  ${rule.padEnd(width)}${first}`, ...rest.map((line) => `  ${' '.repeat(width)}${line.trimStart()}`)].join('\n');
  }).join('\n');
}

export const moderniseCommand: Command = {
  name: 'modernise',
  summary: 'modernisation findings from the bill: gp2/io1 volumes, older-generation and Graviton-twin instances, old RDS classes, old snapshots, cold S3 buckets, NAT gateways and inter-AZ transfer',
  usage: `costlens modernise [--as-of YYYY-MM-DD] [--detail] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  From the bill alone, for each resource charged on the last day before --as-of:
${ruleHelp()}
  monthly_cost is the resource's hourly EffectiveCost on that day × ${HOURS_PER_MONTH} h; the saving scales it by
  the catalogue price ratio (data/ebs/volume-prices.csv, data/ec2/instance-types.csv). Where a
  commitment covered an instance that day, every move here changes its family: a Compute Savings
  Plan's share frees commitment, not cash, when the plan's commitment was not all used that day
  (frees_commitment); the hours a Reserved Instance or EC2 Instance Savings Plan covered are left
  out of the cash and save at list prices once other usage of the family takes the commitment up
  or it ends (after_commitment); monthly_saving is the cash.
  list_monthly_saving is the catalogue price difference for the size the bill shows.
  A finding is left out of the list and its totals (and listed under it) when costlens idle flags
  the resource at the same as-of (delete, stop or release it: the move is moot), or when costlens
  rightsize recommends another type for the instance or terminating it (one type change: its
  recommendation weighs the Graviton and AMD families at the size the metrics support). Both run
  with this config's idle: and rightsizing: sections; without metrics or inventory only idle's
  bill-only rules apply. With --engine athena only those run (rightsizing and idle's rules that
  read metrics or the inventory are not run; the report says so). A finding whose move saves 0.00
  a month on the bill (cash, commitment freed and after commitments; e.g. a free-tier volume
  billed 0.00) is left out of the list and its totals too, and listed with why.
  --as-of   the day after the last day looked at (default: the day after the data horizon)
  --detail  under the table, each finding's evidence, money, price source, thresholds and action
${readerOptions(12, 'modernise, idle, rightsizing and aws.athena')}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('modernise', args, { ...OPTIMISATION_FLAGS, verbose: { type: 'boolean' } }, false);
    const format = outputFormat(values.format);
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const report = await withChosenEngine(values.engine, path, { config, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose },
      (engine) => findModernisation(engine, config.modernise, { asOf: values['as-of'], superseding: idleAndRightsizing(engine, config) }));
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(jsonDocument(report, { money: MONEY_FIELDS, timestamps: ['observedAt'] }), null, 2)}\n`);
    else if (format === 'csv') ctx.stdout.write(renderTable(moderniseTable(report.findings), 'csv'));
    else ctx.stdout.write(terminalSafe(moderniseText(report, { width: tableWidth(ctx, values.wide), detail: values.detail })));
    if (format === 'csv' && report.usageWithoutType) ctx.stderr.write(`costlens: not judged: ${moderniseUsageWithoutTypeNote(report.usageWithoutType)}\n`);
    if (format === 'csv' && report.skipped.length > 0) {
      ctx.stderr.write(`costlens: ${plural(report.skipped.length, 'resource')} not priced (run with --format table or json to see why)\n`);
    }
    if (format === 'csv' && report.nothingToSave.length > 0) {
      ctx.stderr.write(`costlens: ${nothingToSaveSummary(report.nothingToSave)} (run with --format table or json to see them)\n`);
    }
    const superseded = report.supersededByIdle.length + report.supersededByRightsizing.length;
    if (format === 'csv' && superseded > 0) {
      ctx.stderr.write(`costlens: ${leftOutCount(superseded)}: idle or rightsizing supersedes them (run with --format table or json to see them)\n`);
    }
    if (format === 'csv' && report.notChecked !== null) ctx.stderr.write(`costlens: idle and rightsizing: ${report.notChecked}\n`);
    return 0;
  },
};
