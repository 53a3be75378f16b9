import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { formatCall } from '../aws-client/call-log.ts';
import { awsConfigFrom } from '../aws-client/config.ts';
import { loadConfig } from '../config.ts';
import { isS3Uri } from '../ingest/s3/index.ts';
import { ingestPaths, type EmptyBillingFile, type IngestProgress, type IngestSummary, type RemovedUsage } from '../ingest/loader.ts';
import { resolveUnpackLimits } from '../ingest/unpack-limits.ts';
import { resolveStorePath } from '../store/open.ts';
import { CostlensError } from '../errors.ts';
import { choice, integer, parseCommandArgs } from './args.ts';
import type { Command, CommandContext } from './command.ts';
import { configOption, dbOption, wideOption } from './common-options.ts';
import { renderTable } from '../lib/table.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { plural, pluralNoun } from '../lib/text.ts';
import { dollarsOfDecimal, groupThousands, withoutTrailingZeros } from '../lib/money.ts';
import { PhaseTimer, formatPhaseTimes } from './phase-timer.ts';
import { ProgressReporter } from './progress.ts';
import { tableWidth } from './store-reader.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'load CUR, CUR 2.0, FOCUS, metrics and inventory files into the store',
  usage: `costlens ingest PATH|s3://bucket/prefix ... [--format auto|cur|cur2|focus] [--db FILE] [--wait SECONDS] [--json] [--wide] [--progress|--no-progress] [--verbose] [--config FILE]

  PATH      a file (.csv, .csv.gz, .zip, .parquet) or a folder: a legacy CUR report folder
            (only files in each period's current manifest count), a Data Exports folder
            (BILLING_PERIOD=YYYY-MM partitions and their manifests), or loose files.
            s3://bucket/prefix: the delivery is mirrored into aws.s3.cacheDir (default
            data/cache/s3) first, manifest-aware; only periods whose manifest or files
            changed are downloaded again, broken downloads resume, every file is verified.
  Each (source, billing period) in the input replaces what the store held for it, in one
  transaction: re-running an ingest never double-counts, and a failed one changes nothing.
  A billing .gz CSV is not unpacked: Node inflates it into a named pipe (FIFO) that DuckDB reads
  as it parses, so it takes no space in TMPDIR (it is unpacked as below where no FIFO can be
  made, with UV_THREADPOOL_SIZE=1, or to name the line of a value its load refuses). Every .zip,
  and every other .gz (metrics, inventory and business-metrics files), is unpacked in a stream
  into TMPDIR. Both are bounded: at most ingest.unpack.maxRatio (default 200) times the
  archive's size once past ratioFromBytes (100MiB), never past maxBytes (32GiB), and what is
  unpacked keeps minFreeBytes (256MiB) of TMPDIR free; env COSTLENS_UNPACK_MAX_RATIO,
  _MAX_BYTES, _RATIO_FROM, _MIN_FREE override the config.
  --format  restrict detection to one billing format (default auto)
  --wait    seconds to wait while another ingest writes the store (default 120); readers
            such as \`costlens serve\` never block an ingest: it writes a new generation of the
            file and swaps it in atomically, and they switch on their next open
${dbOption(12, 'what is ingested is loaded into it')}
  --json    print the summary as JSON on stdout
${wideOption(12)}
${configOption(12, 'aws (s3:// paths: aws.s3.cacheDir, credentials) and ingest.unpack')}
  --progress / --no-progress   progress on stderr (default: when stderr is a terminal): on a
            terminal a bar redrawn in place (phase unpack, map, parse, rollups or commit; file,
            share done, MB and MB/s, rows, seconds); otherwise a line per file loaded and a line
            every 10 s saying the phase
  --verbose  log every AWS call (service, operation, duration, retries) on stderr, and at the end
             the wall time of each phase (start, unpack, map, parse, rollups, commit)`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('ingest', args, {
      format: { type: 'string' },
      db: { type: 'string' },
      wait: { type: 'string' },
      json: { type: 'boolean' },
      progress: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      verbose: { type: 'boolean' },
      config: { type: 'string' },
      wide: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new CostlensError('usage', 'ingest: give at least one file or folder', { hint: 'costlens ingest data/demo/cur2' });
    const format = choice('format', values.format, ['auto', 'cur', 'cur2', 'focus'] as const, 'auto');
    const waitMs = integer('wait', values.wait, 120) * 1000;
    const showProgress = values['no-progress'] ? false : (values.progress ?? Boolean(ctx.stderr.isTTY));
    const store = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    const aws = positionals.some(isS3Uri) ? awsConfigFrom(config) : undefined;
    const progress = showProgress ? progressPrinter(ctx) : undefined;
    const timer = values.verbose ? new PhaseTimer() : undefined;
    const summary = await ingestPaths(store, positionals, {
      format,
      waitMs,
      unpackLimits: resolveUnpackLimits(config.ingest.unpack, ctx.env),
      onWait: (message) => ctx.stderr.write(`${message}\n`),
      onProgress: progress || timer ? (p) => {
        timer?.mark(p.phase);
        progress?.onProgress(p);
      } : undefined,
      s3: aws && {
        cacheDir: resolve(ctx.cwd, aws.s3.cacheDir),
        config: aws,
        env: ctx.env,
        onCall: values.verbose ? (call) => ctx.stderr.write(`${formatCall(call)}\n`) : undefined,
        onProgress: showProgress || values.verbose ? (message) => (progress ? progress.log(message) : ctx.stderr.write(`${message}\n`)) : undefined,
      },
    }).finally(() => progress?.finish());
    if (timer) ctx.stderr.write(`costlens ingest: ${formatPhaseTimes(timer.finish())}\n`);
    for (const removed of summary.usageRemoved) ctx.stderr.write(describeRemovedUsage(removed));
    if (values.json) ctx.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else ctx.stdout.write(renderSummary(summary, tableWidth(ctx, values.wide)));
    return 0;
  },
};

/** Ingest progress on stderr: a bar redrawn in place on a TTY, else a line per file done and one every 10 s. */
function progressPrinter(ctx: CommandContext): { onProgress: (p: IngestProgress) => void; finish: () => void; log: (line: string) => void } {
  const reporter = new ProgressReporter(ctx.stderr, { tty: Boolean(ctx.stderr.isTTY), name: 'ingest', width: ctx.stderr.columns });
  let rows = 0;
  const onProgress = (p: IngestProgress) => {
    const item = p.file ? { item: basename(p.file), index: p.index, count: p.total, bytes: p.bytes } : {};
    if (p.rows !== undefined) {
      rows += p.rows;
      const mb = p.bytes / 1e6;
      const seconds = Math.max((p.elapsedMs ?? 0) / 1000, 0.001);
      reporter.log(`[${p.index}/${p.total}] ${terminalSafe(basename(p.file))}: ${p.rows.toLocaleString('en-US')} rows, ${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s`
        + ` (${(mb / seconds).toFixed(1)} MB/s, ${Math.round(p.rows / seconds).toLocaleString('en-US')} rows/s)`);
      reporter.update({ phase: p.phase, ...item, percent: 100, rows });
      return;
    }
    reporter.update({ phase: p.phase, ...item, percent: p.percent, rows: rows > 0 ? rows : undefined });
  };
  return { onProgress, finish: () => reporter.finish(), log: (line: string) => reporter.log(line) };
}

function renderSummary(summary: IngestSummary, width: number | undefined): string {
  const out: string[] = [];
  // Tables print money with $: name another billing currency above them, as `costlens status` does.
  const currency = summary.billingCurrency;
  if (summary.periods.length > 0 && currency !== null && currency !== 'USD') out.push(`billing currency ${currency}: amounts shown with $ are ${currency}\n`);
  if (summary.periods.length > 0) {
    out.push(renderTable({
      columns: ['source', 'format', 'billing_period', 'rows', 'billed_cost', 'effective_cost', 'replaced_rows'],
      rows: summary.periods.map((p) => [p.source, p.format, p.billingPeriod, String(p.rows), p.billedCost, p.effectiveCost, String(p.replacedRows)]),
      money: ['billed_cost', 'effective_cost'],
      optional: ['replaced_rows', 'format'],
    }, 'table', { width }));
  }
  for (const t of summary.telemetry) {
    const repeats = t.duplicates > 0 ? `; ${t.duplicates.toLocaleString('en-US')} ${pluralNoun(t.duplicates, 'exact repeat')} loaded once` : '';
    out.push(`${t.format}: ${t.rows.toLocaleString('en-US')} rows into ${t.table} (${plural(t.files.length, 'file')}${repeats})\n`);
  }
  if (summary.ignoredFiles.length > 0) {
    out.push(`ignored ${plural(summary.ignoredFiles.length, 'file')}:\n${summary.ignoredFiles.map((f) => `  ${f}`).join('\n')}\n`);
  }
  const ignoredColumns = Object.entries(summary.ignoredColumns).filter(([, cols]) => cols.length > 0);
  for (const [format, cols] of ignoredColumns) out.push(`${format}: ${plural(cols.length, 'source column')} not mapped (listed in the ingests table)\n`);
  if (summary.emptyFiles.length > 0) out.push(describeEmptyFiles(summary.emptyFiles));
  out.push(summary.committed ? `ingest ${summary.ingestId} committed to ${summary.store}\n` : describeNothingLoaded(summary.store));
  return out.join('');
}

/**
 * The warning for a period whose usage lines the ingest replaced with lines of none (a fees-only
 * file ingested alone): the replacement stands, so it says what went and how to get it back.
 */
export function describeRemovedUsage(removed: RemovedUsage): string {
  const lines = (n: number) => `${groupThousands(String(n))} ${pluralNoun(n, 'line')}`;
  const dollars = (cost: string) => dollarsOfDecimal(withoutTrailingZeros(cost, 2));
  return `costlens ingest: warning: ${terminalSafe(removed.source)} ${removed.billingPeriod}: replaced ${lines(removed.rowsBefore)} (BilledCost ${dollars(removed.billedCostBefore)})`
    + ` with ${lines(removed.rowsAfter)} (BilledCost ${dollars(removed.billedCostAfter)}) that hold no usage: the period's ${groupThousands(String(removed.usageLines))} usage ${pluralNoun(removed.usageLines, 'line is', 'lines are')} no longer in the store\n`
    + `  each (source, billing period) an ingest brings replaces what the store held for it: to get them back, ingest all of the period's files together in one run (its usage and its fees)\n`;
}

/** The billing files of a header only, each with the source and period its manifest names, or that it cannot tell them. */
function describeEmptyFiles(files: EmptyBillingFile[]): string {
  const lines = files.map((f) => {
    const source = f.source ?? 'source unknown';
    const period = f.billingPeriod === null ? 'billing period unknown' : `billing period ${f.billingPeriod}`;
    const told = f.source === null && f.billingPeriod === null ? 'an empty file names neither' : 'as its manifest names them';
    return `  ${terminalSafe(f.file)}: ${f.format}, ${source}, ${period} (${told})\n`;
  });
  const count = files.length === 1 ? '1 billing file holds' : `${files.length} billing files hold`;
  return `${count} 0 line items (a header and no rows): loaded nothing, replaced nothing\n${lines.join('')}`;
}

/** The last line of an ingest that loaded nothing: the store as it was, or none made. */
export function describeNothingLoaded(store: string): string {
  return existsSync(store)
    ? `0 line items loaded: nothing was written; the store ${store} and its totals are unchanged\n`
    : `0 line items loaded: nothing was written; no store was created at ${store}\n`;
}
