/**
 * explore/spend_by over the spans of a comparison, asked one way by the Explore page and by the
 * analysis explore/spend_compared (its CSV and JSON): the compared span's rows, every value, its tag
 * values labelled as the shown range labels them (view.ts `labelledAs`), and, when spans of days
 * compare usage (compared-rows.ts), the usage lines alone of both spans. A view of usage alone
 * already holds those lines in its own rows, so they serve as they are and nothing runs twice.
 * Beside a delivery that has ended (ended-comparison.ts), usage is compared without its lines
 * (`exclude`), read whole too for what they leave out.
 */
import { listParam } from '../../../engine/duckdb.ts';
import type { NamedQuery } from '../../../engine/queries.ts';
import type { Analyses } from '../../analysis-service.ts';
import { records } from '../../html/index.ts';
import { selectsUsageAlone, USAGE_CLASS, type ComparedInput, type ComparedOn } from './compared-rows.ts';
import type { SpendRow } from './compared-sums.ts';
import type { DayRange } from './range.ts';
import { exploreParams } from './view.ts';

/** Every value of a span: the most explore/spend_by lists before "Other". */
const EVERY_VALUE = '500';

/** A view's explore/spend_by request over its shown range, and the span it is compared with. */
export interface SpendSpans {
  /** explore/spend_by: the query run. */
  query: NamedQuery;
  /** The query as a refusal names it (explore/spend_compared names itself); `query` when left out. */
  checkedAs?: NamedQuery;
  /** explore/spend_by's parameters over `range` as a request gives them, `raw_tags` left out. */
  request: Readonly<Record<string, string | string[] | undefined>>;
  /** Whether a tag is read raw (as ingested) rather than as attribution reads it. */
  raw: boolean;
  range: DayRange;
  compared: DayRange;
  /** The charge classes the view selects (empty: every class). */
  chargeClasses: readonly string[];
  /** The sources (x_Source) whose lines each span's usage is compared without (a delivery that has ended); none when left out. */
  exclude?: { old: readonly string[]; new: readonly string[] };
}

/** What a comparison reads beside the shown rows: the compared span's rows and, when usage is compared, the usage of both spans. */
type ComparedSpend = Pick<ComparedInput, 'compared' | 'usage' | 'wholeUsage'>;

/**
 * The compared span's rows and, when the comparison compares usage (`on`), each span's usage lines
 * alone (every value, the view's other filters kept); `shown`, the view's rows over its range, are
 * those usage lines when the view selects usage alone, and the compared span's rows are too.
 */
export async function comparedSpend(analyses: Analyses, spans: SpendSpans, on: ComparedOn | undefined, shown: SpendRow[] | PromiseLike<SpendRow[]>): Promise<ComparedSpend> {
  const usageAlone = selectsUsageAlone(spans.chargeClasses);
  const usageRun = on === 'usage' && !usageAlone;
  const [compared, usage, rows] = await Promise.all([
    spendOver(analyses, spans, 'compared', {}),
    usageRun ? usageOfBothSpans(analyses, spans) : undefined,
    shown,
  ]);
  if (on !== 'usage') return { compared };
  const whole = usage ?? { rows, compared };
  const exclude = spans.exclude;
  if (!exclude || (exclude.old.length === 0 && exclude.new.length === 0)) return { compared, usage: whole };
  // Usage compared without the lines of a delivery that has ended; read whole too, for what they leave out.
  const without = (span: 'range' | 'compared', sources: readonly string[]) => spendOver(analyses, spans, span, { charge_classes: listParam([USAGE_CLASS]), exclude_sources: listParam([...sources]) });
  const [nowWithout, thenWithout] = await Promise.all([without('range', exclude.new), without('compared', exclude.old)]);
  return { compared, usage: { rows: nowWithout, compared: thenWithout }, wholeUsage: whole };
}

/** explore/spend_by over the usage lines alone of the shown range and of its compared span. */
async function usageOfBothSpans(analyses: Analyses, spans: SpendSpans): Promise<{ rows: SpendRow[]; compared: SpendRow[] }> {
  const usage = { charge_classes: listParam([USAGE_CLASS]) };
  const [rows, compared] = await Promise.all([spendOver(analyses, spans, 'range', usage), spendOver(analyses, spans, 'compared', usage)]);
  return { rows, compared };
}

/** explore/spend_by of the view's request over one span, every value; over the compared span, its tag values labelled as over the shown range. */
async function spendOver(analyses: Analyses, spans: SpendSpans, span: 'range' | 'compared', overrides: Record<string, string>): Promise<SpendRow[]> {
  const days = spans[span];
  const request = { ...spans.request, ...overrides, start: days.start, end: days.end, top: EVERY_VALUE };
  const params = await exploreParams(analyses, spans.checkedAs ?? spans.query, request, spans.raw, span === 'compared' ? spans.range : undefined);
  return records(await analyses.runDerived(spans.query.name, params));
}
