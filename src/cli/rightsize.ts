import {
  recommendRightsizing, rightsizingMetricsNotes, rightsizingNothingToSaveSummary, rightsizingNotRunNote, rightsizingTable, rightsizingText,
  rightsizingUsageWithoutTypeNote, withoutCpuMetricsNote,
} from '../analyze/rightsizing/index.ts';
import { loadInstanceCatalogue } from '../catalogue/ec2.ts';
import { checkAsOfInData, MONTHLY_COST_DAYS } from '../analyze/findings-window.ts';
import { rightsizingAsOfChecks } from '../analyze/rule-lookbacks.ts';
import { loadConfig } from '../config.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { rightsizingJson } from '../analyze/optimisation-json.ts';
import { withChosenEngine } from './engine-choice.ts';
import { OPTIMISATION_FLAGS } from './idle.ts';
import { renderTable } from '../lib/table.ts';
import { outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';
import { plural } from '../lib/text.ts';
import { HOURS_PER_MONTH } from '../lib/calendar.ts';

/** The factor that takes the whole cost window to a month, as the help writes it: `730/720`. */
const WINDOW_TO_MONTH = `${HOURS_PER_MONTH}/${MONTHLY_COST_DAYS * 24}`;

export const rightsizeCommand: Command = {
  name: 'rightsize',
  summary: 'EC2/RDS rightsizing and Lambda memory recommendations priced from the bill',
  usage: `costlens rightsize [--as-of YYYY-MM-DD] [--detail] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  For each EC2 and RDS instance with CPU metrics on every day of the look-back (rows at 60, 300,
  3600 or 86400 s, turned into daily figures per statistic): terminate when its maximum CPU stays
  at or below rightsizing.terminateMaxCpuPercent; otherwise the smallest size of its family whose
  projected CPU (and memory: the CloudWatch agent on EC2, FreeableMemory on RDS) stays within
  100 − rightsizing.headroomPercent, plus a cheaper newer-generation or Graviton family when there
  is one (a platform change). Without memory figures, when no size keeps the memory per vCPU, the
  next smaller size with the same vCPU (confidence low: check memory before resizing). A
  fixed-performance EC2 instance with no such size may move to a cheaper t3/t3a size
  (rightsize-burstable) when its average CPU, on that size's vCPUs, stays within
  rightsizing.burstable.baselineUsePercent % of the size's baseline over the look-back and on
  its busiest day (CPU credits pay for the peaks); beside a same-family move it is the
  alternative when cheapest. When CPU
  metrics exist but none is usable, a line says why, with counts. Savings: the instance's EffectiveCost over the
  30 days before --as-of as a month of ${HOURS_PER_MONTH} h (× ${WINDOW_TO_MONTH}; × ${HOURS_PER_MONTH} ÷ the hours of the days the store
  holds when it holds fewer) × (1 − new price / old price), at most that cost; the part priced on
  Reserved Instance or Savings Plan hours whose commitment had unused hours frees commitment, not
  cash, and is shown apart (monthly_saving_commitment). At list prices: the price difference ×
  ${HOURS_PER_MONTH} h and × the hours the instance ran in those 30 days.
  Lambda (rightsizing.lambda): functions invoked at least minInvocations times in the look-back,
  configured with at most maxMemoryMb: with Lambda Insights memory, the smallest multiple of 64 MB
  keeping the highest memory used within 100 − headroomPercent (confidence medium); without it,
  half the memory for functions of at least unmeasuredMinMemoryMb (confidence low); never so small
  that the p99 duration stretched by old/new memory passes the timeout less the headroom. Saving:
  the function's Lambda-GB-Second EffectiveCost over the 30 days × ${WINDOW_TO_MONTH} × (1 − new / old memory),
  assuming the duration stays the same.
  --as-of   the look-back ends at the start of this day (default: the day after the data
            horizon, the last complete day of the billing data; in a store without billing lines,
            the day after the latest metric day); the 30 days before it (or a longer look-back)
            must hold a day of the billing data, and the look-back a complete day (the data horizon
            or before), else a usage error names the data's first and last day
  --detail  under the table, each recommendation's evidence, thresholds, pricing, commitment and alternative
${readerOptions(12, 'rightsizing and aws.athena', { engine: 'the CUR table holds the bill alone and metrics decide every recommendation, so none is made there, and a line says so with the EC2 and RDS instances billed in the look-back' })}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('rightsize', args, OPTIMISATION_FLAGS, false);
    const format = outputFormat(values.format);
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    const catalogue = loadInstanceCatalogue();
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    // The as-of day and the data horizon come from the engine in use: on Athena, from the CUR table.
    const report = await withChosenEngine(values.engine, path, { config, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose }, async (engine) => {
      // The look-back and the 30-day cost window: an --as-of must leave a day of the bill in the longer, and a complete day in the look-back.
      if (values['as-of'] !== undefined) {
        const checks = rightsizingAsOfChecks(config.rightsizing);
        await checkAsOfInData(engine, values['as-of'], checks);
      }
      return recommendRightsizing(engine, catalogue, config.rightsizing, { asOf: values['as-of'], usageWithoutType: true });
    });
    if (format === 'json') ctx.stdout.write(rightsizingJson(report.recommendations));
    else if (format === 'csv') ctx.stdout.write(renderTable(rightsizingTable(report), 'csv'));
    else ctx.stdout.write(terminalSafe(rightsizingText(report, { width: tableWidth(ctx, values.wide), detail: values.detail })));
    const notRun = rightsizingNotRunNote(report.notRun);
    if (format !== 'table' && notRun) ctx.stderr.write(`costlens: not run: ${notRun}\n`);
    const unmeasured = withoutCpuMetricsNote(report.withoutCpuMetrics);
    if (format !== 'table' && unmeasured) ctx.stderr.write(`costlens: metrics: ${unmeasured}\n`);
    if (format !== 'table' && report.usageWithoutType) ctx.stderr.write(`costlens: not judged: ${rightsizingUsageWithoutTypeNote(report.usageWithoutType)}\n`);
    if (format !== 'table') for (const note of rightsizingMetricsNotes(report)) ctx.stderr.write(`costlens: metrics: ${note}\n`);
    if (format !== 'table' && report.nothingToSave.length > 0) {
      ctx.stderr.write(`costlens: ${rightsizingNothingToSaveSummary(report.nothingToSave)} (run with --format table to see them)\n`);
    }
    if (format !== 'table' && report.skipped.length > 0) {
      ctx.stderr.write(`costlens: ${plural(report.skipped.length, 'instance or function', 'instances or functions')} not judged (run with --format table to see why)\n`);
    }
    return 0;
  },
};
