/**
 * Explore's tables as analyses: the queries explore/spend_by and explore/daily_spend_by, with a
 * tag dimension read as attribution reads it (src/analyze/attribution/tag-values.ts: every spelling of the
 * key, value aliases, case folded and spaces at the ends trimmed, so "payments " and "payments" are one row), or
 * raw with `raw_tags=1` (the key as spelled, values as ingested: for tag hygiene); sources.ts
 * serves them. The Explore page, its charts and its CSV download read them; `/api/queries/explore/…`
 * stays the plain query.
 */
import { tagValueParams, type TagValues } from '../../../analyze/attribution/index.ts';
import { selectionDays } from '../../../analyze/selection.ts';
import { listParam, parseTextList, type RawParams } from '../../../engine/duckdb.ts';
import type { NamedQuery, QueryParam } from '../../../engine/queries.ts';
import { CostlensError } from '../../../errors.ts';
import type { AnalysisTable, Analyses } from '../../analysis-service.ts';
import { COMPARISON_NAMES, PRESET_NAMES, presetRange, type Comparison, type DayRange, type Preset, type PresetHorizon } from './range.ts';
import { FieldError, FilterReader, type Filters } from '../../filters.ts';
import { refuseRangeCutInsideMonth } from '../../whole-bills-days.ts';
import { validateParams } from '../../params.ts';
import { refuseDaysOutsideData } from '../../data-days.ts';
import { billingDataDays, outsideBillingData } from '../../../analyze/billing-calendar.ts';
import { addDays, daySpan } from '../../../lib/calendar.ts';

/** The query parameters that carry the normalisation: the analysis fills them in, a request may not. */
export const NORMALISATION_PARAMS = ['tag_keys', 'tag_raw_values', 'tag_values'];

/** "Read the tag raw" as the URL spells it. */
export const RAW_TAGS = 'raw_tags';

/** "No tag key" as the explore queries spell it. */
const NO_TAG = '-';

/** Whether a request asks for raw tags (`raw_tags=1`; absent or `0`: normalised). */
export function rawTagsOf(filters: Filters): boolean {
  const values = filters[RAW_TAGS] ?? [];
  if (values.length > 1) throw new FieldError(RAW_TAGS, `"${RAW_TAGS}" is given ${values.length} times; give it once`);
  const value = values[0] ?? '';
  if (!['', '0', '1'].includes(value)) throw new FieldError(RAW_TAGS, `"${RAW_TAGS}" must be 1 (raw tags) or 0 (normalised); got "${value.slice(0, 40)}"`);
  return value === '1';
}

/** Refuses (400) a request parameter the analysis `name` does not declare, naming it and listing the declared ones. */
export function refuseUnknownParams(name: string, declared: readonly QueryParam[], filters: Filters): void {
  for (const param of Object.keys(filters)) {
    if (!declared.some((p) => p.name === param)) {
      throw new CostlensError('usage', `analysis ${name} has no parameter "${param.slice(0, 40)}"`, { hint: `its parameters: ${declared.map((p) => p.name).join(', ')}` });
    }
  }
}

/** A query run's parameters as an analysis reports them: without the normalisation lists it filled in. */
export function shownParams(params: RawParams): RawParams {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !NORMALISATION_PARAMS.includes(k)));
}

/** An explore query as its analysis answers it: the request checked, a tag read as attribution reads it (or raw), the normalisation lists left out of the parameters shown. */
export async function exploreTable(analyses: Analyses, query: NamedQuery, declared: QueryParam[], filters: Filters): Promise<AnalysisTable> {
  refuseUnknownParams(query.name, declared, filters);
  const raw = rawTagsOf(filters);
  const request = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== RAW_TAGS));
  const params = await exploreParams(analyses, query, request, raw);
  const result = await analyses.runDerived(query.name, params);
  return { params: { ...shownParams(result.params), [RAW_TAGS]: raw ? '1' : '0' }, columns: result.columns, types: result.types, rows: result.rows };
}

/**
 * The explore query's parameters for a request: checked as the query API checks them (a tag
 * dimension or filter without a tag key refused by the header's `@requires`), plus, when grouping
 * by or filtering on a tag, the normalisation of its key over the request's days.
 * With `labelsOver` (Explore's compared span: the shown range), a value is labelled as those days
 * label it ({@link labelledAs}), so both spans of a comparison name one value alike.
 */
export async function exploreParams(analyses: Analyses, query: NamedQuery, request: Record<string, string | string[] | undefined>, raw: boolean, labelsOver?: DayRange): Promise<RawParams> {
  const checked = validateParams(query, request);
  if (!labelsOver && checked.start && checked.end) {
    const range = { start: String(checked.start), end: String(checked.end) };
    // The shown range, cut inside a month in a store without daily usage, would take whole monthly bills as its days.
    await refuseRangeCutInsideMonth(analyses, range);
    await refuseRangeOutsideData(analyses, range);
  }
  const filtersTag = (parseTextList(String(checked.tag_filter ?? '[]')) ?? []).length > 0;
  if (checked.dimension !== 'tag' && !filtersTag) return checked;
  const tagKey = checked.tag_key ?? NO_TAG;
  const values = await analyses.tagValues(tagKey, { chargeFrom: checked.start, chargeTo: checked.end }, raw);
  if (!labelsOver) return { ...checked, ...tagValueParams(values) };
  const labels = await analyses.tagValues(tagKey, { chargeFrom: labelsOver.start, chargeTo: labelsOver.end }, raw);
  return { ...checked, ...tagValueParams(labelledAs(values, labels)) };
}

/**
 * Refuses (400 naming `start`) a range that holds no day of the billing data (a mistyped year),
 * as Attribution refuses it, rather than answering it with no row: the Explore page and its
 * analyses (`/api/analyses/explore/…`) alike.
 */
export async function refuseRangeOutsideData(analyses: Analyses, range: DayRange): Promise<void> {
  await refuseDaysOutsideData(analyses, {
    param: 'start',
    given: `the range start ${range.start}, end ${range.end} (${daySpan(range.start, addDays(range.end, -1))})`,
    days: range,
    hint: (data) => `give days from ${data.first} to ${data.last} (end is exclusive: at most ${addDays(data.last, 1)}), or pick a preset range`,
  });
}

/** Whether a range holds some day of the billing data (a store without billing lines: every range does), as {@link refuseRangeOutsideData} judges it. */
export async function rangeHoldsData(analyses: Analyses, range: DayRange): Promise<boolean> {
  const span = await analyses.billingSpan();
  return !span || outsideBillingData({ given: '', ...range }, billingDataDays(span)) === null;
}

/**
 * A key's values over one span, each labelled as another span labels it. Normalising labels an
 * unconfigured value by its most common spelling in the days read, so two spans can name one value
 * differently (`Identity` over 18 Oct – 14 Nov 2026 on the demo, `identity` over the 28 days
 * before); a comparison that matched its rows by label would show it twice, once as new and once
 * as gone. Here each value keeps its canonical value but takes the label `labels` gives that
 * value (the same one, or an alias or case-folded spelling of it); a value `labels` never saw
 * keeps its own. The raw view labels nothing, so it is returned as it is.
 */
export function labelledAs(values: TagValues, labels: TagValues): TagValues {
  if (values.raw) return values;
  const relabel = (value: string) => labels.resolve(value) ?? value;
  return {
    ...values,
    resolve: (raw) => {
      const value = values.resolve(raw);
      return value === null ? null : relabel(value);
    },
    values: values.values.map((v) => ({ ...v, value: relabel(v.value) })),
  };
}

/** Whether a tag key is given: not "-" (none), not blank. The page and the analyses refuse a tag dimension or filter without one. */
function hasTagKey(tagKey: string): boolean {
  return tagKey !== NO_TAG && tagKey.trim() !== '';
}

/** The filters Explore takes from the URL besides the dimension, range and cost; each may repeat. */
export const EXPLORE_LIST_FILTERS = {
  account: 'accounts',
  service: 'services',
  region: 'regions',
  usage_type: 'usage_types',
  charge_class: 'charge_classes',
  tag_value: 'tag_filter',
} as const;

export type ExploreListFilter = keyof typeof EXPLORE_LIST_FILTERS;

/** Every URL parameter of the Explore page. */
export const EXPLORE_PARAMS = ['dimension', 'tag_key', 'preset', 'start', 'end', 'compare', 'grain', 'cost', RAW_TAGS, ...Object.keys(EXPLORE_LIST_FILTERS)];

/** The charge classes of src/store/charge-class.ts, as the charge class filter offers them. */
export const CHARGE_CLASS_NAMES = ['usage', 'recurring', 'one-time', 'tax', 'credit'] as const;

/** The longest date range Explore accepts, in days (three years). */
export const MAX_RANGE_DAYS = 1096;

/** One Explore view as its URL states it (dimension and cost are checked by the queries). */
export interface ExploreView {
  dimension?: string;
  /** The tag key, or "-" for none. */
  tagKey: string;
  preset?: Preset;
  /** The days shown: the preset's (from the data horizon) or the URL's. */
  range?: DayRange;
  compare?: Comparison;
  grain: 'day' | 'month';
  cost?: string;
  rawTags: boolean;
  /** Each list filter's values (empty: all). */
  filters: Record<ExploreListFilter, string[]>;
}

/**
 * Reads Explore's URL strictly (each problem a FieldError naming its field): a preset or a
 * start/end pair (not both), real dates in order and at most MAX_RANGE_DAYS apart, a known
 * comparison, grain and charge class, a tag key for grouping by or filtering on a tag.
 */
export function readExploreView(query: Filters, horizon: PresetHorizon): ExploreView {
  const f = new FilterReader(query, 'the Explore page', EXPLORE_PARAMS);
  const preset = f.choice('preset', PRESET_NAMES);
  if (preset && (f.one('start') !== undefined || f.one('end') !== undefined)) {
    throw new FieldError('preset', 'give a preset or a From/To range, not both', { hint: 'choose "Custom range" to set the days yourself' });
  }
  const days = f.selection({ bothEnds: true, maxDays: MAX_RANGE_DAYS });
  const filters = Object.fromEntries(Object.keys(EXPLORE_LIST_FILTERS).map((name) => [name, f.many(name)])) as Record<ExploreListFilter, string[]>;
  const tagKey = f.one('tag_key') ?? NO_TAG;
  const view: ExploreView = {
    dimension: f.one('dimension'),
    tagKey,
    preset,
    compare: f.choice('compare', COMPARISON_NAMES),
    grain: f.choice('grain', ['day', 'month'] as const) ?? 'day',
    cost: f.one('cost'),
    rawTags: rawTagsOf(query),
    filters,
  };
  for (const value of filters.charge_class) {
    if (!(CHARGE_CLASS_NAMES as readonly string[]).includes(value)) throw new FieldError('charge_class', `charge_class must be one of ${CHARGE_CLASS_NAMES.join(', ')}; got "${value.slice(0, 40)}"`);
  }
  view.range = preset ? presetRange(preset, horizon) : days.kind === 'days' ? selectionDays(days) : undefined;
  if (view.dimension === 'tag' && !hasTagKey(tagKey)) {
    throw new FieldError('tag_key', 'grouping by tag needs a tag key: choose one under "Tag key"', { hint: 'e.g. ?dimension=tag&tag_key=team' });
  }
  if (filters.tag_value.length > 0 && !hasTagKey(tagKey)) {
    throw new FieldError('tag_value', 'a tag value filter needs a tag key: choose one under "Tag key"', { hint: 'e.g. ?tag_key=team&tag_value=payments' });
  }
  return view;
}

/**
 * The explore queries' parameters for a view over `range` (the view's, or its comparison's): the
 * URL's filters as JSON lists; empty filters and the defaults (daily grain, normalised tags) left
 * out, so the parameters read as the URL does.
 */
export function exploreQueryParams(view: ExploreView, range: DayRange): Record<string, string> {
  const lists = Object.entries(EXPLORE_LIST_FILTERS)
    .filter(([name]) => view.filters[name as ExploreListFilter].length > 0)
    .map(([name, param]) => [param, listParam(view.filters[name as ExploreListFilter])]);
  return {
    dimension: view.dimension ?? 'service',
    tag_key: view.tagKey,
    start: range.start,
    end: range.end,
    cost: view.cost ?? 'billed',
    ...(view.rawTags ? { [RAW_TAGS]: '1' } : {}),
    ...Object.fromEntries(lists),
  };
}
