import { type Compared, DEFAULT_DIMENSIONS, type DriverSet, EXPLAIN_COSTS, explainChange, parseDimensions } from '../analyze/explain/index.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { hiddenColumns, renderTable, type TextTable } from '../lib/table.ts';
import { resolveStorePath } from '../store/open.ts';
import { choice, integer } from './args.ts';
import type { Command } from './command.ts';
import { classesTable, driversTable, explanationJson, headline, hiddenPartsNote, postedLine, postedTable } from './explain-output.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'why cost moved between two equal spans: drivers by service, usage type and resource, split into volume, rate, new and gone, to the cent',
  usage: `costlens explain [--from SPAN] [--to SPAN] [--by ${DEFAULT_DIMENSIONS.join(',')}|account|region|team] [--team-key KEY] [--cost billed|effective] [--top N] [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Decomposes the change in cost from --from (the baseline) to --to into drivers: one per charge
  class (usage, recurring, one-time, tax, credit: credits, refunds, discounts and adjustments,
  which invoice lists as credits, refunds, discounts and adjustments) and value of the --by dimensions,
  ranked by the size of their change; the rest are summed in one line, then the total (csv: the drivers
  alone, one row each; the rest and the total are the table's and json's). Each driver's change splits into
  volume (quantity change at the old rate), rate (unit-price change at the new quantity), new
  (absent from --from), gone (absent from --to) and other (present in both without a usage
  quantity: fees, tax, credits). In cents the parts add up to the total change exactly.
  Two months compare their whole bills. Day spans compare usage only: fees, tax and credits are
  posted once a month, not spent by the day, so those posted in the spans are listed apart with
  their cost in each span, not compared. The output says which it does.
  SPAN        YYYY-MM (a month: its full bill), YYYY-Www (an ISO week), YYYY-MM-DD or
              YYYY-MM-DD..YYYY-MM-DD (charge days, both included), or mtd (the data horizon's
              month to date). Two months compare their full bills even when their lengths
              differ; day spans must have as many days; months and days do not mix; every day
              of both spans must be in the store (a month's too: its bill is compared whole).
  --to        default: the last complete month up to the data horizon (mtd when none is complete)
  --from      default: the span just before --to with as many days (mtd: the same days of the month before)
              With both left out and the two months not wholly in the store: month to date
              against the same days of the month before, said in the output
              A store without daily usage (a CUR at monthly time granularity, or fees only)
              compares whole months only: --to defaults to its last complete bill (the latest
              once invoiced: its lines carry an InvoiceId), --from to the month before
  --by        comma-separated, in hierarchy order, from service, usage_type, resource, account,
              region, team (default ${DEFAULT_DIMENSIONS.join(',')}); json also lists the drivers
              at each leading part of the hierarchy
  --team-key  the tag the team dimension reads, normalised as attribution reads it (default:
              commitments.teamTagKey, else report.ownerTagKey, else team)
  --cost      billed (BilledCost, default) or effective (EffectiveCost, amortised)
  --top       drivers listed before the rest (default 10)
${readerOptions(14, 'attribution, commitments.teamTagKey, report.ownerTagKey and aws.athena')}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('explain', args, {
      ...READER_FLAGS, from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, 'team-key': { type: 'string' }, cost: { type: 'string' }, top: { type: 'string' },
      config: { type: 'string' }, engine: { type: 'string' }, verbose: { type: 'boolean' },
    }, false);
    const format = outputFormat(values.format);
    const dimensions = parseDimensions(values.by);
    const cost = choice('cost', values.cost, EXPLAIN_COSTS, 'billed');
    const top = integer('top', values.top, 10, 1);
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const tagKey = values['team-key'] ?? loaded.commitments.teamTagKey ?? loaded.report.ownerTagKey;
    const options = { from: values.from, to: values.to, dimensions, cost, team: { attribution: loaded.attribution, tagKey }, leaveOutEnded: true };
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    return withChosenEngine(values.engine, storePath, { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose }, async (engine) => {
      const explanation = await explainChange(engine, options);
      const finest = explanation.levels[explanation.levels.length - 1];
      if (format === 'json') {
        ctx.stdout.write(`${JSON.stringify(explanationJson(explanation, top), null, 2)}\n`);
      } else if (format === 'csv') {
        const posted = explanation.compared === 'usage' ? `\n${postedLine(explanation)}` : '';
        const listed = `${topOf(finest, top, explanation.compared)} on stdout (the rest and the total: --format table or json)`;
        ctx.stderr.write(`${terminalSafe(`${headline(explanation)}${posted}\n${listed}`)}\n`);
        ctx.stdout.write(renderTable(driversTable(finest, top, { driversOnly: true }), 'csv'));
      } else {
        const width = { width: tableWidth(ctx, values.wide) };
        // A drivers table, and what the parts a narrow terminal leaves out of it move.
        const drivers = (table: TextTable) => {
          const note = hiddenPartsNote(table, hiddenColumns(table, width.width));
          return `${renderTable(table, 'table', width)}${note ? `${terminalSafe(note)}\n` : ''}`;
        };
        const apart = explanation.compared === 'bill'
          ? `By charge class\n${drivers(classesTable(explanation.classes))}`
          : explanation.posted.length ? `Posted in the spans, not compared\n${renderTable(postedTable(explanation), 'table', width)}` : `${postedLine(explanation)}\n`;
        ctx.stdout.write(`${terminalSafe(headline(explanation))}\n\n${apart}\n`);
        ctx.stdout.write(`${topOf(finest, top, explanation.compared)}\n${drivers(driversTable(finest, top, { shortResources: values.wide !== true }))}`);
      }
      return 0;
    });
  },
};

/** `Top 3 of 1551 drivers by charge class, service › usage_type › resource`: the drivers a table or csv lists. */
function topOf(finest: DriverSet, top: number, compared: Compared): string {
  const which = compared === 'bill' ? 'drivers by charge class' : 'drivers of usage';
  return `Top ${Math.min(top, finest.drivers.length)} of ${finest.drivers.length} ${which}, ${finest.dimensions.join(' › ')}`;
}
