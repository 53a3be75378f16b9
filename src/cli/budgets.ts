import { BUDGET_PERIOD_FORMS, budgetPeriodOf, budgetsJson, budgetsNotes, budgetsTable, evaluateBudgets, measuredPeriodsWords } from '../analyze/budgets/index.ts';
import { parseDay } from '../analyze/billing-calendar.ts';
import { CostlensError } from '../errors.ts';
import { CLI_SELECTION, parseSelection, type SelectionVocabulary } from '../analyze/selection.ts';
import { loadConfig } from '../config.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { shortDay } from '../lib/calendar.ts';
import { renderTable } from '../lib/table.ts';
import { resolveStorePath } from '../store/open.ts';
import type { Command } from './command.ts';
import { withChosenEngine } from './engine-choice.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

/** How to add a budget, said when none is configured (never an error). */
const NO_BUDGETS = 'No budget is configured. Add one under budgets: in costlens.config.yaml, e.g.\n'
  + 'budgets:\n  - name: platform\n    amount: 25000\n    period: monthly        # monthly, quarterly or annual\n    cost: billed           # billed, effective or net\n'
  + '    scope: { accounts: ["123456789012"] }   # or services, tag: {key, values}, costCategory: {name, values}\n'
  + 'Thresholds default to 50, 80 and 100 % of the actual and 100 % of the forecast (README, "Budgets").';

/** The CLI's words for a selection, with the hint for the periods budgets take. */
const BUDGET_SELECTION: SelectionVocabulary = {
  ...CLI_SELECTION,
  hints: {
    day: CLI_SELECTION.hints!.day,
    period: 'e.g. --period 2026-11, --period 2026-Q4 or --period 2026; each budget is measured over its own period (month, quarter, year) holding the last day of it',
  },
};

export const budgetsCommand: Command = {
  name: 'budgets',
  summary: 'each budget of the config: actual to date, forecast for the period end, share, thresholds crossed and since when',
  usage: `costlens budgets [--period YYYY-MM|YYYY-Qn|YYYY | --as-of YYYY-MM-DD] [--format table|json|csv] [--wide] [--config FILE] [--db FILE] [--engine duckdb|athena] [--verbose]

  Every budget of budgets: in the config, measured over its own period (a month, quarter or year)
  that holds the as-of day: the data horizon (the last complete day in the store), or the last
  day of --period when that is earlier; in a store of several deliveries a --period is judged on
  the data of the delivery holding it, as invoice judges a billing period (the legacy CUR's 2023-11
  as of 13 Nov 2023, where its data ends, beside later data). Per budget: the actual to date
  (complete charge days in scope, exact), the forecast for the period's end (as costlens forecast makes it: usage run-rate
  plus the recurring fees and tax still expected), the share of the amount, and each threshold
  crossed with the first day of the run of days it has stood crossed. A charge posted for a month
  (RI and Support fees, tax: dated the 1st, restated as the month goes) counts in the actual, in
  full (postings in JSON), but is not spend of the 1st: "since" counts it on the last day of its
  charge period or on as-of, and the run-rate reads usage only. A period with days up to
  as-of that the store does not hold (before its first charge day, or in a gap) is not judged:
  those days are missing data, not $0 of spend, so its actual covers the days in the store (a
  note under the table names them and why), with no forecast and no threshold crossed or not.
  A store without daily usage (a monthly CUR or Cost Explorer pull, fees only) is judged on whole
  monthly bills: a period once every bill of it is complete, its actual the bills' spend in scope,
  with no forecast; a period with a bill not in the store or not complete yet (a quarter missing a
  month, the latest bill not invoiced) is not judged, and a note names those bills, in month order;
  the latest bill not invoiced yet counts in its actual as it stands so far once as-of reaches it,
  marked so; on whole bills the days column counts bills (2/3 bills).
  --period    YYYY-MM, YYYY-Qn or YYYY (default: the periods holding the data horizon; without daily usage, the last complete bill)
  --as-of     measure each budget over its own period that holds this day, up to it, as the
              Overview's ?as_of= does (default: the data horizon); a day outside the data or after
              the data horizon is refused as costlens forecast refuses it; not with --period
${readerOptions(14, 'budgets and aws.athena', { format: "table money as $1,234.56; csv and json money as decimal strings: the actual and its postings exact; the amount, the thresholds' amounts and the forecast in cents, the forecast rounded once to the cent, so a complete period's is its actual to the cent" })}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('budgets', args, {
      ...READER_FLAGS, period: { type: 'string' }, 'as-of': { type: 'string' }, config: { type: 'string' }, engine: { type: 'string' }, verbose: { type: 'boolean' },
    }, false);
    const format = outputFormat(values.format);
    const asOf = values['as-of'] === undefined ? undefined : parseDay('as-of', values['as-of']);
    if (asOf !== undefined && values.period !== undefined) {
      throw new CostlensError('usage', 'budgets: --as-of cannot be combined with --period', { hint: 'give --period for the periods holding its last day, or --as-of for those holding that day' });
    }
    const selection = parseSelection({ period: values.period?.trim() }, BUDGET_SELECTION, { subject: 'budgets', periodForms: BUDGET_PERIOD_FORMS });
    const period = selection.kind === 'period' ? budgetPeriodOf(selection.period) : undefined;
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    if (loaded.budgets.length === 0) {
      if (format === 'json') ctx.stdout.write(`${JSON.stringify({ asOf: null, budgets: [], hint: NO_BUDGETS }, null, 2)}\n`);
      else if (format === 'csv') ctx.stdout.write(renderTable(budgetsTable({ asOf: '', asOfReason: '', horizon: '', statuses: [], wholeBills: null }), 'csv'));
      if (format !== 'json') ctx.stderr.write(`${NO_BUDGETS}\n`);
      return 0;
    }
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    return withChosenEngine(values.engine, storePath, { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose }, async (engine) => {
      const report = await evaluateBudgets(engine, loaded, { period, asOf, asOfGiven: asOf !== undefined });
      if (format === 'json') {
        ctx.stdout.write(`${JSON.stringify(budgetsJson(report), null, 2)}\n`);
        return 0;
      }
      const asOfDay = shortDay(report.asOf, true);
      const measured = period && measuredPeriodsWords(period, asOfDay, report.statuses);
      const headline = `Budgets as of ${asOfDay}, ${report.asOfReason}${measured ? `\n  ${measured}` : ''}`;
      const notes = budgetsNotes(report).map((n) => `${n}\n`).join('');
      if (format === 'csv') {
        ctx.stderr.write(`${headline}\n${notes}`);
        ctx.stdout.write(renderTable(budgetsTable(report), 'csv'));
      } else {
        ctx.stdout.write(`${terminalSafe(headline)}\n${renderTable(budgetsTable(report), 'table', { width: tableWidth(ctx, values.wide) })}${terminalSafe(notes)}`);
      }
      return 0;
    });
  },
};
