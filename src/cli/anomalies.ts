import { ANOMALY_DIMENSIONS, type AnomalyDimension, type AnomalyEvents, type AnomalyReport, COST_MEASURES, detectSpendAnomalies, DRIVER_LEVELS, findAnomalyEvents, unjudgedDays, unjudgedSeries } from '../analyze/anomalies/index.ts';
import { parseDay } from '../analyze/billing-calendar.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { closestMatch } from '../lib/suggest.ts';
import { loadConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import { withChosenEngine } from './engine-choice.ts';
import { resolveStorePath } from '../store/open.ts';
import { choice, integer } from './args.ts';
import type { Command } from './command.ts';
import { renderTable } from '../lib/table.ts';
import { anomalyNotes, anomalyTable, eventDriversTable, eventHeading, eventNotes, eventsCsvTable, eventsJson, eventStartNotes, eventsTable, noDayJudgedTitle } from './anomalies-output.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';
import { plural, pluralNoun } from '../lib/text.ts';
import { daySpan } from '../lib/calendar.ts';

export const anomaliesCommand: Command = {
  name: 'anomalies',
  summary: 'anomaly events: runs of days whose spend departs from the trailing median, each explained by its drivers',
  usage: `costlens anomalies [--as-of YYYY-MM-DD] [--days N] [--by service|account] [--cost billed|effective]
                   [--detail] [--top N] [--by-day] [--all] [--include-provisional]
                   [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Flags a day whose usage for a service or an account departs from the median of the trailing
  days by more than k × MAD and by more than a dollar minimum (config anomalies: trailingDays 28,
  madMultiplier 3, madScale 1 (raw MAD), minDollars 10, charges usage, provisionalDays 3). A day is
  judged only when all its trailing days have billing data. Fees, tax and credits post once a
  period and are left out (charges: all keeps them).
  Consecutive flagged days of one service or account are one event: its impact is the sum of
  actual − expected over its days (exact), "ongoing" when it is still flagged on the last day
  examined. An event flagged on the first day of the range is followed back, each earlier day
  judged by the same rule (at most trailingDays days), to the day it began, so its start, impact
  and id do not depend on --days; ≤ before a start: it may have begun earlier (the notes say why).
  Each event is explained like costlens explain: its days against the days whose
  spend was the expected one (each day's median day(s) of its trailing window), limited to its
  service or account; the drivers by usage type, resource and region split into volume, rate,
  new, gone and other and add up to the impact to the cent. Events whose |impact| is under the
  noise floor (anomalies.noiseFloor: max(minDollars 25, share 0.1 × the average daily spend × the
  event's days)) are left out and counted.
  --as-of   the last day of the range (default: the last complete day in the store)
  --days    how many days the range holds, ending at --as-of (default 14); its provisional days are not examined (below)
  --by      judge per service or per account only (default: both)
  --cost    billed (BilledCost, the invoice; default) or effective (EffectiveCost, amortized)
  --detail  each event's drivers by usage type, resource and region, with their parts (events only)
  --top     drivers listed per level before the rest (default 3; events only)
  --by-day  one row per flagged day instead of one per event (no explanation, no noise floor)
  --all     every examined day and value with its verdict, not only the flagged ones (day rows; implies --by-day)
  --include-provisional  also examine the last provisionalDays complete days (left out by default)
${readerOptions(12, 'anomalies and aws.athena')}`,
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
      detail: { type: 'boolean' },
      top: { type: 'string' },
    }, false);
    const format = outputFormat(values.format);
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const config = loaded.anomalies;
    const by = judgedDimensions(values.by);
    const options = {
      asOf: values['as-of'] === undefined ? undefined : parseDay('as-of', values['as-of']),
      days: integer('days', values.days, 14, 1),
      by,
      cost: choice('cost', values.cost, COST_MEASURES, 'billed'),
      includeProvisional: values['include-provisional'] ?? false,
    };
    // --all lists day rows, so it implies --by-day (both together are the same as --all).
    const byDay = values['by-day'] || values.all;
    const eventOnly = [values.detail && '--detail', values.top !== undefined && '--top'].filter(Boolean);
    if (byDay && eventOnly.length > 0) {
      throw new CostlensError('usage', `anomalies: ${eventOnly.join(' and ')} ${eventOnly.length > 1 ? 'describe' : 'describes'} events, not the day rows of ${values.all ? '--all' : '--by-day'}`, {
        hint: `drop --by-day and --all to list events with their drivers, or drop ${eventOnly.join(' and ')}`,
      });
    }
    const top = integer('top', values.top, 3, 1);
    const width = tableWidth(ctx, values.wide);
    const found = await withChosenEngine(values.engine, resolveStorePath(values.db, ctx.env, ctx.cwd), { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose },
      (engine): Promise<AnomalyEvents | { report: AnomalyReport }> => (byDay ? detectSpendAnomalies(engine, config, { ...options, followBack: false }).then((report) => ({ report })) : findAnomalyEvents(engine, { ...options, config, top })));
    const { report } = found;
    const notes = anomalyNotes(report);
    if (format === 'table' && report.examined === null) {
      // No day examined: no table of nothing, no range that ends before it starts.
      ctx.stdout.write(`${noDayTitle(report)}.\n${notes.filter((n) => !n.startsWith('Not examined:')).join('\n')}\n`);
      return 0;
    }
    const nothingJudged = format === 'table' ? noDayJudgedTitle(report) : undefined;
    if (nothingJudged !== undefined && !values.all) {
      // Days examined, none judged: said in the heading, not as "0 events" or an empty table (--all lists the days, with their status).
      ctx.stdout.write(`${nothingJudged}.\n${notes.join('\n')}\n`);
      return 0;
    }
    if (!('events' in found)) {
      const table = anomalyTable(report, values.all ?? false, format === 'table' ? 'shown' : 'exact');
      if (format === 'table') {
        const title = nothingJudged ?? `Spend anomalies ${daySpan(report.examined!.from, report.examined!.to)}: ${report.anomalies.length} flagged ${pluralNoun(report.anomalies.length, 'day')} in ${plural(report.runs.length, 'run')}`;
        ctx.stdout.write(`${title}\n${renderTable(table, 'table', { width })}\n${notes.join('\n')}\n`);
      } else {
        ctx.stdout.write(renderTable(table, format));
        ctx.stderr.write(notes.map((n) => `${n}\n`).join(''));
      }
      return 0;
    }
    const allNotes = [...eventStartNotes(found), ...eventNotes(found, report.rule.trailingDays), ...notes];
    if (format === 'json') {
      ctx.stdout.write(`${JSON.stringify({ ...eventsJson(found), unjudgedDays: unjudgedDays(report), unjudgedSeries: unjudgedSeries(report) }, null, 2)}\n`);
      ctx.stderr.write(allNotes.map((n) => `${n}\n`).join(''));
    } else if (format === 'csv') {
      ctx.stdout.write(renderTable(eventsCsvTable(found), 'csv'));
      ctx.stderr.write(allNotes.map((n) => `${n}\n`).join(''));
    } else {
      const n = found.events.length;
      const earlier = report.followedBack.length;
      const followed = earlier > 0 ? ` (and ${earlier} before ${report.from}, followed back)` : '';
      const title = `Spend anomalies ${daySpan(report.examined!.from, report.examined!.to)}: ${plural(n, 'event')} at or above the noise floor (${found.belowFloor.length} below it), from ${report.anomalies.length} flagged ${pluralNoun(report.anomalies.length, 'day')}${followed}`;
      ctx.stdout.write(`${title}\n${renderTable(eventsTable(found, { wholeResources: values.wide }), 'table', { width })}\n`);
      if (values.detail) {
        for (const e of found.events) {
          ctx.stdout.write(`\n${terminalSafe(eventHeading(e))}\n`);
          for (const level of DRIVER_LEVELS) ctx.stdout.write(renderTable(eventDriversTable(e, level, { wholeResources: values.wide }), 'table', { width }));
        }
        ctx.stdout.write('\n');
      }
      ctx.stdout.write(`${allNotes.join('\n')}\n`);
    }
    return 0;
  },
};

/**
 * The dimensions `--by` judges: one alone, or, left out, both; a wrong value's hint says so (the
 * shared choice() would offer service as "the default").
 */
function judgedDimensions(value: string | undefined): readonly AnomalyDimension[] {
  if (value === undefined) return ANOMALY_DIMENSIONS;
  const dimension = ANOMALY_DIMENSIONS.find((d) => d === value);
  if (dimension) return [dimension];
  const guess = closestMatch(value, ANOMALY_DIMENSIONS);
  throw new CostlensError('usage', `--by must be one of ${ANOMALY_DIMENSIONS.join(', ')}; got "${value}"`, {
    hint: guess ? `did you mean --by ${guess}?` : 'e.g. --by service, or leave --by out to judge both (the default)',
  });
}

/** The heading when no day was examined: none, and why (never a range ending before it starts). */
function noDayTitle(report: AnomalyReport): string {
  return `Spend anomalies: no day examined, ${report.noDayExamined}; --include-provisional examines ${report.skippedProvisional.length === 1 ? 'it' : 'them'}`;
}
