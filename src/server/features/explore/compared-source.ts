/**
 * Explore's compare table as an analysis, `explore/spend_compared`: explore/spend_by over a range
 * and over its compared span (`compare=previous|last_month`, range.ts `comparedSpan`; in a store
 * without daily usage, whole bills), read as the page reads them (compared-spend.ts), with the
 * rows the page's table shows (compared-rows.ts): each value of the range (the largest `top`, then
 * "Other (N more)") with its cost in both spans (the compared span's values labelled as the range
 * labels them), its usage in both when spans of days compare usage alone, the change and the
 * change % of what is compared, then one row for the values billed only in the compared span, so
 * that each column adds up to its span's total exactly. The page's CSV link with a comparison reads
 * it. Money is exact (the store's decimals), as in every CSV; the page shows the same rows in cents.
 */
import { daysNotInStore, daysNotInStoreAre } from '../../../lib/store-days.ts';
import { parseTextList } from '../../../engine/duckdb.ts';
import type { NamedQuery, QueryParam } from '../../../engine/queries.ts';
import type { AnalysisSource, AnalysisTable, Analyses } from '../../analysis-service.ts';
import { reportContext, storeDaysOf, type ReportContext } from '../../context.ts';
import { FieldError } from '../../field-error.ts';
import type { Filters } from '../../filters.ts';
import { records } from '../../html/index.ts';
import { COMPARISON_NAMES, COMPARISONS, comparedSpan, type Comparison, type DayRange } from './range.ts';
import { comparedOn, comparedTable } from './compared-rows.ts';
import { comparedSpend } from './compared-spend.ts';
import { endedNotComparedWhy } from '../../../analyze/ended-comparison.ts';
import { exploreEnded } from './ended-comparison.ts';
import { exploreParams, RAW_TAGS, rawTagsOf, refuseUnknownParams, shownParams } from './view.ts';

/** The analysis's name: the URL of the page's CSV with a comparison. */
export const SPEND_COMPARED = 'explore/spend_compared';

const COLUMNS = ['value', 'name', 'cost', 'compared_cost', 'change', 'change_pct', 'share_pct', 'lines', 'rank', 'usage_cost', 'compared_usage_cost', 'compared_on'];
const TYPES = ['VARCHAR', 'VARCHAR', 'DECIMAL(38,10)', 'DECIMAL(38,10)', 'DECIMAL(38,10)', 'DOUBLE', 'DOUBLE', 'BIGINT', 'BIGINT', 'DECIMAL(38,10)', 'DECIMAL(38,10)', 'VARCHAR'];

/**
 * The compare table's analysis over explore/spend_by, with its parameters (`declared`, as
 * explore/spend_by's analysis has them) and `compare`; `clock` is the app's (createApp's `clock`),
 * today for the store's context as the pages read it.
 */
export function comparedSource(spendBy: NamedQuery, declared: readonly QueryParam[], clock: () => Date): AnalysisSource {
  const params: QueryParam[] = [
    ...declared,
    { name: 'compare', type: 'VARCHAR', description: `the span compared with: ${COMPARISON_NAMES.map((c) => `${c} (${COMPARISONS[c].toLowerCase()})`).join(', ')}`, rule: { oneOf: [...COMPARISON_NAMES] } },
  ];
  return {
    name: SPEND_COMPARED,
    description: `${spendBy.name} over start to end and over the span it is compared with (compare), one row per value of the range as Explore's compare table shows it: `
      + 'its cost in both spans, its usage in both (usage_cost, compared_usage_cost: the usage charge class), the change (exact) and the change % (rounded once), '
      + 'then the values billed only in the compared span as one row, so each column adds up to its total. Spans of days compare usage alone (compared_on usage): '
      + 'fees that post once a month are not daily spend, so a row whose spend in a span is only fees, tax or credits has no change % (compared_on posted); '
      + 'whole months against whole months compare every charge class (bill); charge classes selected without usage compare nothing (none: no change). '
      + 'In a store without daily usage (whole monthly bills), previous of whole months is as many whole months just before, bill against bill. '
      + 'A range or compared span with a day the store does not hold is not compared (400 naming compare). '
      + 'Beside a delivery that has ended, spans of days compare usage without its lines (usage_cost and compared_usage_cost leave them out) '
      + 'where the other deliveries\' data covers both spans, else they are not compared (400 naming compare).',
    params,
    returns: COLUMNS,
    compute: (analyses, filters) => compareAnalysis(analyses, spendBy, params, filters, clock),
  };
}

async function compareAnalysis(analyses: Analyses, spendBy: NamedQuery, declared: QueryParam[], filters: Filters, clock: () => Date): Promise<AnalysisTable> {
  refuseUnknownParams(SPEND_COMPARED, declared, filters);
  const compare = comparisonOf(filters.compare);
  const raw = rawTagsOf(filters);
  const request = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== RAW_TAGS && k !== 'compare'));
  // Checked as this analysis (its name in every message), run as explore/spend_by.
  const checkedAs = { ...spendBy, name: SPEND_COMPARED };
  const nowParams = await exploreParams(analyses, checkedAs, request, raw);
  const range: DayRange = { start: String(nowParams.start), end: String(nowParams.end) };
  const context = await reportContext(analyses, clock());
  const span = comparedSpan(compare, range, context.whole_bills !== undefined);
  refuseDaysNotInStore(context, range, span.range, span.label, spendBy.name);
  const chargeClasses = parseTextList(String(nowParams.charge_classes ?? '[]')) ?? [];
  const on = comparedOn(range, span.range, chargeClasses);
  // Beside a delivery that has ended, usage is compared without its lines, or the request is refused as not compared (ended-comparison.ts).
  const ended = on === 'usage' ? await exploreEnded(analyses, range, span.range) : null;
  if (ended?.notCompared) {
    throw new FieldError('compare', `not compared: ${endedNotComparedWhy(ended)}`, { hint: `compare days the other deliveries' data covers on both spans, or ask ${spendBy.name} without compare for what it holds` });
  }
  const now = analyses.runDerived(spendBy.name, nowParams);
  const spans = { query: spendBy, checkedAs, request, raw, range, compared: span.range, chargeClasses, exclude: ended?.leftOut };
  const [shown, both] = await Promise.all([now, comparedSpend(analyses, spans, on, now.then(records))]);
  const table = comparedTable({ on, rows: records(shown), ...both });
  return {
    params: { ...shownParams(shown.params), [RAW_TAGS]: raw ? '1' : '0', compare, compared_start: span.range.start, compared_end: span.range.end, compared_on: table.on },
    columns: COLUMNS,
    types: TYPES,
    rows: table.rows.map((r) => [
      r.value, r.source?.name ?? null, r.cost, r.compared, r.change, r.pct,
      r.source ? r.source.share_pct : null, r.source ? r.source.lines : '0', r.source ? r.source.rank : null,
      r.usage, r.comparedUsage, r.on,
    ]),
  };
}

/** The one comparison a request names (400 naming `compare` when it names none, several or another). */
function comparisonOf(given: string[] | undefined): Comparison {
  const values = given ?? [];
  if (values.length === 0) throw new FieldError('compare', `analysis ${SPEND_COMPARED} needs parameter "compare"`, { hint: `one of ${COMPARISON_NAMES.join(', ')}` });
  if (values.length > 1) throw new FieldError('compare', `parameter "compare" of ${SPEND_COMPARED} is given ${values.length} times; give it once`);
  const value = values[0];
  if (!(COMPARISON_NAMES as string[]).includes(value)) {
    throw new FieldError('compare', `parameter "compare" of ${SPEND_COMPARED} must be one of ${COMPARISON_NAMES.join(', ')}; got "${value.slice(0, 40)}"`);
  }
  return value as Comparison;
}

/**
 * Equal spans of days the store holds only, as the page compares them: a day of either span that
 * the store does not hold (before its data, in a gap, after its data horizon) is not a day of no
 * spend, so the request is refused naming `compare`.
 */
function refuseDaysNotInStore(context: ReportContext, range: DayRange, compared: DayRange, label: string, uncompared: string): void {
  const store = storeDaysOf(context);
  for (const [what, days] of [['the range', range], [label, compared]] as const) {
    const missing = daysNotInStore(days.start, days.end, store);
    if (missing) {
      throw new FieldError('compare', `not compared: ${missing.why}, so ${daysNotInStoreAre(missing)} not in it (${what}), and a day not in the store is not a day of no spend`, {
        hint: `compare days the store holds, or ask ${uncompared} without compare for what it holds`,
      });
    }
  }
}
