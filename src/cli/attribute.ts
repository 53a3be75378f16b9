import { allocationTable, attributeSpendByTag, type Attribution, COST_MEASURES, type CostMeasure, COVERAGE_DIMENSIONS, coverageTable, detailTable, formatExact, type ResolvedKey, suggestValueAliases, tagCoverage } from '../analyze/attribution/index.ts';
import { attributedDaysNotes, type AttributedPeriodDays, flagWords, readAttributedDays, withCoveredDays, withPostedFees } from '../analyze/attributed-days.ts';
import { checkSelectionDays } from '../analyze/billing-calendar.ts';
import type { DefiniteSelection, Selection } from '../analyze/selection.ts';
import { readDefaultBillPeriod } from '../analyze/whole-bills-period.ts';
import { formatCents } from '../lib/money.ts';
import { plural } from '../lib/text.ts';
import { loadConfig } from '../config.ts';
import { withChosenEngine } from './engine-choice.ts';
import { CostlensError } from '../errors.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { resolveStorePath } from '../store/open.ts';
import { choice } from './args.ts';
import { readerOptions } from './common-options.ts';
import { type AbsentKeys, absentKeys, warnOfAbsentKeys } from './attribute-absent.ts';
import { aliasJson, aliasSnippet, aliasTable } from './attribute-suggest.ts';
import { parseRange, resolveRange } from './range.ts';
import type { Command } from './command.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';

export const attributeCommand: Command = {
  name: 'attribute',
  summary: 'attribute spend by a cost-allocation tag, with untagged and shared costs split by rule',
  usage: `costlens attribute --tag KEY [--period YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD]
                   [--cost billed|effective] [--by KEY2] [--detail | --coverage period|account|service | --suggest-aliases]
                   [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  One row per billing period and value of the tag KEY (plus "(untagged)"), with BilledCost and
  EffectiveCost each split into direct and shared cents, the methods that attributed it
  (tag, alias, account-default, untagged, shared:<rule>) and its share of the period's total.
  Rows add up to each period's total to the cent (largest-remainder rounding), and columns to
  theirs: a shared-cost pool's shares add up to the pool, --by rows to their value's row without
  --by, --coverage's accounts or services to --coverage period (controlled rounding). --format csv
  is the chargeback export: a header and one row per value, money in cents; each measure's shared
  costs are split by that measure (billed_shared_by_billed, effective_shared_by_effective).

  --tag       the tag key; its aliases, value aliases, account defaults and the shared-cost rules
              come from "attribution:" in costlens.config.yaml (see README, Configuration)
  --period    a billing period (default: the last complete month up to the last complete day in the store, said on stderr;
              in a store without daily usage, a CUR at monthly time granularity or fees only: its last complete bill)
  --from/--to charges from --from up to, not including, --to (rows still per billing period);
              the days each period's rows cover, and the fees posted in them for a charge period longer
              than a day (the month's RI fee dated the 1st), which the rows include, with the values whose
              rows hold them (not with --coverage), are said under the table (on stderr with csv or json),
              as is a month the data horizon cuts short;
              a --period or range holding no day of the billing data is a usage error naming the data's days
              (its hint: the billing periods held); so is a range cut inside a month in a store without
              daily usage (its lines are dated to the 1st)
  --cost      billed (default) or effective: the measure the rows are sorted by; it changes no
              figure of the allocation (each measure is split by itself), but --coverage counts
              coverage in it alone: its columns are billed_* or effective_*
  --by        break each value down by a second tag key (shared amounts follow each value's spend)
  --detail    one row per value and method instead of per value
  --coverage  tag coverage instead of the allocation: tagged, shared, account-default and
              untagged money and tagged/total per period, or per period and account or service;
              a line a shared-cost rule takes is shared even when it carries the tag (its tag
              does not attribute it: the rule splits it), as the allocation's shared columns count it
  --suggest-aliases  tag hygiene: near-duplicate values of KEY (case, spaces, separators, edit
              distance ≤ 2) as value aliases with the money each would move, printed as a
              config snippet to paste (csv: one row per alias; json: both)
${readerOptions(14, 'attribution and aws.athena', { format: 'a table has totals and the raw keys read; csv is the chargeback export above; json names the values tagValue/byTagValue, money as decimal strings in cents plus billedExact and effectiveExact (each row\'s unrounded amount, 10 decimals), shares as numbers, postedFeesBilled and postedFeesEffective (the cents of the row that are those posted fees, 0.00 in a whole bill, not with --detail), from, to and covers (the days of the row\'s period it covers, both included, and in words)' })}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('attribute', args, {
      ...READER_FLAGS,
      tag: { type: 'string' },
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      cost: { type: 'string' },
      by: { type: 'string' },
      detail: { type: 'boolean' },
      coverage: { type: 'string' },
      'suggest-aliases': { type: 'boolean' },
      config: { type: 'string' },
      engine: { type: 'string' },
      verbose: { type: 'boolean' },
    }, false);
    if (!values.tag) throw new CostlensError('usage', 'attribute: give the tag key to attribute by with --tag KEY', { hint: 'e.g. costlens attribute --tag team --period 2026-10' });
    const format = outputFormat(values.format);
    const cost = choice('cost', values.cost, COST_MEASURES, 'billed');
    const coverage = values.coverage === undefined ? undefined : choice('coverage', values.coverage, COVERAGE_DIMENSIONS, 'period');
    if (coverage && (values.detail || values.by)) throw new CostlensError('usage', 'attribute: --coverage cannot be combined with --detail or --by');
    if (values['suggest-aliases'] && (coverage || values.detail || values.by)) throw new CostlensError('usage', 'attribute: --suggest-aliases cannot be combined with --coverage, --detail or --by');
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const config = loaded.attribution;
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const tagKey = values.tag;
    const requested = parseRange('attribute', values);
    const width = tableWidth(ctx, values.wide);
    return withChosenEngine(values.engine, storePath, { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose }, async (engine) => {
      const bills = await readDefaultBillPeriod(engine);
      const { range, label } = await resolveRange(requested, engine, ctx.stderr, bills);
      const selection: DefiniteSelection = requested.kind === 'default' ? { kind: 'period', period: label } : requested;
      /** The days each period of the rows covers: notes under a table (on stderr with csv or json), and JSON columns. */
      const coveredDays = async (periods: readonly string[], attribution?: Attribution) => {
        const days = await readAttributedDays(engine, range, selection, bills.span, periods, attribution);
        // The default period says its days already, but not whose data a month is judged on beside a delivery that has ended inside it.
        const notes = attributedDaysNotes(requested.kind === 'default' ? days.filter((p) => p.days.ended !== undefined) : days, flagWords(selection));
        if (notes.length > 0 && format !== 'table') ctx.stderr.write(terminalSafe(`${notes.join('\n')}\n`));
        return { days, notes: format === 'table' && notes.length > 0 ? `\n${notes.join('\n')}\n` : '' };
      };
      if (values['suggest-aliases']) {
        const suggestions = await suggestValueAliases(engine, config, tagKey, range);
        if (suggestions.groups.length === 0) refuseRangeOutsideData(bills, requested);
        if (format === 'json') ctx.stdout.write(`${JSON.stringify(aliasJson(suggestions, label), null, 2)}\n`);
        else if (format === 'csv') ctx.stdout.write(renderTable(aliasTable(suggestions), 'csv'));
        else ctx.stdout.write(aliasSnippet(suggestions, label));
        return 0;
      }
      if (coverage) {
        const result = await tagCoverage(engine, config, { tagKey, range, cost, by: coverage });
        if (result.rows.length === 0) refuseRangeOutsideData(bills, requested);
        const { days, notes } = await coveredDays([...new Set(result.rows.map((r) => r.period))]);
        const absent = await absentKeys(engine, config, range, label, result.rows.length > 0, [['tag', result.key]]);
        ctx.stdout.write(renderTable(format === 'json' ? jsonTable(coverageTable(result), 0, days) : coverageTable(result), format, { width }));
        if (format === 'table') ctx.stdout.write(terminalSafe(`${describeKeys(result.key, absent.get('tag'))}\n${notes}`));
        else warnOfAbsentKeys(absent, ctx.stderr);
        return 0;
      }
      const result = await attributeSpendByTag(engine, config, { tagKey, byKey: values.by, range, cost, postedFees: requested.kind === 'days' });
      const hasLines = result.periods.some((p) => p.lines > 0);
      if (!hasLines) refuseRangeOutsideData(bills, requested);
      const { days, notes } = await coveredDays(result.periods.map((p) => p.period), result);
      const absent = await absentKeys(engine, config, range, label, hasLines, [['tag', result.key], ...(result.byKey ? [['by', result.byKey] as const] : [])]);
      const table = values.detail ? detailTable(result) : format === 'json' ? withPostedFees(allocationTable(result, true), result) : allocationTable(result);
      ctx.stdout.write(renderTable(format === 'json' ? jsonTable(table, result.byKey ? 2 : 1, days) : table, format, { width }));
      if (format === 'table') ctx.stdout.write(terminalSafe(`${summaryText(result, absent)}${notes}`));
      else warnOfAbsentKeys(absent, ctx.stderr);
      return 0;
    });
  },
};

/**
 * Refuses a --period or --from/--to that holds no day of the billing data in the store (a
 * mistyped year would print an empty chargeback with exit 0): a usage error naming the flag, its
 * value and the data's first and last day, in the words anomalies and forecast use for --as-of
 * (src/analyze/billing-calendar.ts, resolveAsOf; the last day is the latest holding any line), and
 * a hint of the billing periods the store holds (a period whose lines are all charged in the month
 * before included: attribute selects a --period's lines by billing period).
 * Called only when the range found nothing; a range inside the data that finds nothing (a month
 * no file covered) still prints its empty result. The data's days are those of its whole bills in
 * a store without daily usage (billSpan: a monthly CUR attributes by billing period).
 */
function refuseRangeOutsideData({ span, chosen }: Awaited<ReturnType<typeof readDefaultBillPeriod>>, selection: Selection): void {
  if (selection.kind === 'default') return;
  const { outside, hint } = checkSelectionDays(selection, span, chosen.period, true);
  if (outside) throw new CostlensError('usage', outside, { hint });
}

/** Columns holding a percentage (hundredths): JSON numbers. */
const PERCENT_COLUMNS = ['billed_share_pct', 'effective_share_pct', 'coverage_pct'];

/**
 * A table in its JSON form: the tag value columns (named after the user's tag keys in a table or
 * CSV) become `tagValue` and `byTagValue`, so that a JSON key never depends on data; shares are
 * numbers; each row ends with the days its period covers (`from`, `to`, `covers`). The allocation
 * comes with each row's posted fees before them (withPostedFees).
 */
function jsonTable(table: TextTable, valueColumns: 0 | 1 | 2, days: readonly AttributedPeriodDays[]): TextTable {
  const names = ['tag_value', 'by_tag_value'];
  const dated = withCoveredDays(table, days);
  return {
    ...dated,
    columns: dated.columns.map((c, i) => (i >= 1 && i <= valueColumns ? names[i - 1] : c)),
    kinds: Object.fromEntries(PERCENT_COLUMNS.map((c) => [c, 'number'])),
  };
}

/** The line under a table naming the raw keys read for `key`; for a key no line item carries, what {@link absentKeys} says of it (`absent`). */
function describeKeys(key: ResolvedKey, absent: string | undefined): string {
  if (absent !== undefined) return absent;
  return key.rawKeys.length > 0 ? `raw keys read for ${key.name}, in pick order: ${key.rawKeys.join(', ')}` : `no line item in the range carries ${key.name} under any spelling`;
}

function summaryText(result: Attribution, absent: AbsentKeys): string {
  const lines = ['', describeKeys(result.key, absent.get('tag'))];
  if (result.byKey) lines.push(describeKeys(result.byKey, absent.get('by')));
  const measure = (c: CostMeasure) => (c === 'billed' ? 'BilledCost' : 'EffectiveCost');
  for (const p of result.periods) {
    lines.push(`${p.period}: ${plural(p.lines, 'line item')}, ${measure('billed')} ${formatCents(p.total.billedCents)} (${formatExact(p.total.billed)}), `
      + `${measure('effective')} ${formatCents(p.total.effectiveCents)} (${formatExact(p.total.effective)}); the rows add up to both to the cent`);
    for (const pool of p.pools) {
      const to = (c: CostMeasure) => pool.recipients[c].join(', ');
      const recipients = to('billed') === to('effective') ? to('billed') : `${to('billed')} (${measure('billed')}); ${to('effective')} (${measure('effective')})`;
      lines.push(`  shared:${pool.rule} (${pool.split}): ${plural(pool.lines, 'line item')}, ${measure('billed')} ${formatCents(pool.billedCents)} (${formatExact(pool.billed)}), `
        + `${measure('effective')} ${formatCents(pool.effectiveCents)} (${formatExact(pool.effective)}) → ${recipients}; its shares add up to it`);
    }
  }
  return `${lines.join('\n')}\n`;
}
