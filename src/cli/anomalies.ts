import { ANOMALY_DIMENSIONS, COST_COLUMN, COST_MEASURES, detectSpendAnomalies, type AnomalyEvent, type AnomalyReport, type JudgedSpend } from '../analyze/anomalies.ts';
import { addDays, formatMoney, parseDay } from '../analyze/forecast-calendar.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { resolveStorePath } from '../store/open.ts';
import { choice, integer } from './args.ts';
import type { Command } from './command.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

const COLUMNS = ['day', 'dimension', 'value', 'name', 'status', 'actual', 'expected', 'mad', 'low', 'high', 'delta', 'direction', 'provisional', 'rule'];

/** The report as a table: one row per flagged day (or every examined day with `all`). */
export function anomalyTable(report: AnomalyReport, all: boolean, withRule = true): TextTable {
  const columns = withRule ? COLUMNS : COLUMNS.filter((c) => c !== 'rule');
  const cell = (r: JudgedSpend): Record<string, string | null> => ({
    day: r.day,
    dimension: r.dimension,
    value: r.value,
    name: r.name,
    status: r.status,
    actual: formatMoney(r.actual),
    expected: r.verdict ? formatMoney(r.verdict.expected) : null,
    mad: r.verdict ? formatMoney(r.verdict.mad) : null,
    low: r.verdict ? formatMoney(r.verdict.low) : null,
    high: r.verdict ? formatMoney(r.verdict.high) : null,
    delta: r.verdict ? formatMoney(r.verdict.delta) : null,
    direction: r.verdict ? (r.verdict.delta > 0 ? 'spike' : r.verdict.delta < 0 ? 'drop' : 'none') : null,
    provisional: r.provisional ? 'yes' : 'no',
    rule: r.rule,
  });
  return {
    columns,
    rows: (all ? report.rows : report.anomalies).map((r) => columns.map((c) => cell(r)[c])),
    money: ['actual', 'expected', 'mad', 'low', 'high', 'delta'],
    optional: ['rule', 'provisional', 'mad', 'name', 'low', 'high', 'direction', 'dimension'],
  };
}

const EVENT_COLUMNS = ['start', 'end', 'days', 'ongoing', 'dimension', 'value', 'name', 'direction', 'impact', 'actual', 'expected', 'peak_day', 'peak_delta', 'provisional'];

/** The events: consecutive flagged days of one service or account, one row each. */
export function eventTable(report: AnomalyReport): TextTable {
  const cell = (e: AnomalyEvent): (string | null)[] => [
    e.start, e.end, String(e.days), e.ongoing ? 'yes' : 'no', e.dimension, e.value, e.name, e.direction,
    formatMoney(e.impact), formatMoney(e.actual), formatMoney(e.expected), e.peakDay, formatMoney(e.peakDelta), e.provisional ? 'yes' : 'no',
  ];
  return {
    columns: EVENT_COLUMNS,
    rows: report.events.map(cell),
    money: ['impact', 'actual', 'expected', 'peak_delta'],
    optional: ['provisional', 'ongoing', 'peak_delta', 'peak_day', 'name', 'days', 'actual', 'dimension'],
  };
}

/** What the table does not show: the rule, the days not judged, the provisional days. */
export function anomalyNotes(report: AnomalyReport): string[] {
  const { rule } = report;
  const scale = rule.madScale === 1 ? 'raw MAD, unscaled' : `MAD = raw MAD × ${rule.madScale}`;
  const notes = [
    `Rule: |actual − median| > ${rule.madMultiplier} × MAD and > ${formatMoney(rule.minDollars)}; median and MAD (${scale}) of the trailing ${rule.trailingDays} days; range = median ± ${rule.madMultiplier} × MAD.`,
    `Spend: daily ${COST_COLUMN[report.cost]} of ${rule.charges === 'all' ? 'every charge class' : 'usage (the usage charge class; recurring fees, one-time charges, tax and credits left out)'}, per UTC day of ChargePeriodStart.`,
  ];
  if (report.skippedProvisional.length > 0) {
    const days = report.skippedProvisional;
    notes.push(`Not examined: ${days[0] === days.at(-1) ? days[0] : `${days[0]} to ${days.at(-1)}`}, provisional (the last ${rule.provisionalDays} complete days, which AWS may still restate); --include-provisional examines them.`);
  }
  for (const run of runsOf(report.notJudged)) {
    notes.push(`Not judged: ${run.from === run.to ? run.from : `${run.from} to ${run.to}`} (${run.reason}).`);
  }
  if (report.skippedProvisional.length === 0 && report.firstProvisionalDay && report.firstProvisionalDay <= report.asOf) {
    notes.push(`Provisional: ${report.firstProvisionalDay} to ${report.lastBillingDay}, the last ${rule.provisionalDays} days of billing data (AWS may still restate them).`);
  }
  return notes;
}

function runsOf(days: { day: string; reason: string }[]): { from: string; to: string; reason: string }[] {
  const runs: { from: string; to: string; reason: string }[] = [];
  for (const { day, reason } of days) {
    const last = runs.at(-1);
    if (last && last.reason === reason && addDays(last.to, 1) === day) last.to = day;
    else runs.push({ from: day, to: day, reason });
  }
  return runs;
}

export const anomaliesCommand: Command = {
  name: 'anomalies',
  summary: 'days whose spend departs from the trailing median',
  usage: `costlens anomalies [--as-of YYYY-MM-DD] [--days N] [--by service|account] [--cost billed|effective]
                   [--by-day | --all] [--include-provisional]
                   [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Flags a day whose usage for a service or an account departs from the median of the trailing
  days by more than k × MAD and by more than a dollar minimum (config anomalies: trailingDays 28,
  madMultiplier 3, madScale 1 (raw MAD), minDollars 10, charges usage, provisionalDays 3), and
  groups consecutive flagged days of one service or account into one event with its dollar
  impact (sum of actual − expected). A day is judged only when all its trailing days have
  billing data. Fees, tax and credits post once a period and are left out (charges: all keeps them).
  --as-of   the last day examined (default: the last complete day in the store)
  --days    how many days, ending at --as-of, are examined (default 14)
  --by      judge per service or per account only (default: both)
  --cost    billed (BilledCost, the invoice; default) or effective (EffectiveCost, amortized)
  --by-day  one row per flagged day instead of one per event
  --all     list every examined day and value with its verdict, not only the anomalies
  --include-provisional  also examine the last provisionalDays complete days (left out by default)
  --engine  duckdb (the local store, default) or athena (aws.athena: the CUR table in Athena; prints the data scanned and its cost)
  --verbose with --engine athena: log every AWS call on stderr`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('anomalies', args, {
      ...READER_FLAGS,
      config: { type: 'string' },
      'as-of': { type: 'string' },
      days: { type: 'string' },
      by: { type: 'string' },
      cost: { type: 'string' },
      all: { type: 'boolean' },
      'by-day': { type: 'boolean' },
      'include-provisional': { type: 'boolean' },
      engine: { type: 'string' },
      verbose: { type: 'boolean' },
    }, false);
    const format = outputFormat(values.format);
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const config = loaded.anomalies;
    const by = values.by === undefined ? ANOMALY_DIMENSIONS : [choice('by', values.by, ANOMALY_DIMENSIONS, 'service')];
    const options = {
      asOf: values['as-of'] === undefined ? undefined : parseDay('as-of', values['as-of']),
      days: integer('days', values.days, 14, 1),
      by,
      cost: choice('cost', values.cost, COST_MEASURES, 'billed'),
      includeProvisional: values['include-provisional'] ?? false,
    };
    const byDay = values['by-day'] || values.all;
    const report = await withChosenEngine(values.engine, resolveStorePath(values.db, ctx.env, ctx.cwd), { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose },
      (engine) => detectSpendAnomalies(engine, config, options));
    const notes = anomalyNotes(report);
    const table = byDay ? anomalyTable(report, values.all ?? false, format !== 'table') : eventTable(report);
    if (format === 'table') {
      const last = report.skippedProvisional.length > 0 ? addDays(report.skippedProvisional[0], -1) : report.asOf;
      const title = `Spend anomalies ${report.from} to ${last}: ${report.events.length} event${report.events.length === 1 ? '' : 's'} over ${report.anomalies.length} flagged day${report.anomalies.length === 1 ? '' : 's'}`;
      ctx.stdout.write(`${title}\n${renderTable(table, 'table', { width: tableWidth(ctx, values.wide) })}\n${notes.join('\n')}\n`);
    } else {
      ctx.stdout.write(renderTable(table, format));
      ctx.stderr.write(notes.map((n) => `${n}\n`).join(''));
    }
    return 0;
  },
};
