import { html } from 'hono/html';
import { tagKeyChoices, type TagValues } from '../../../analyze/attribution/index.ts';
import { addDays, daySpan } from '../../../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreAre } from '../../../lib/store-days.ts';
import { type ReportContext, storeDaysOf } from '../../context.ts';
import { comparedSpan, type Preset, presetOf } from './range.ts';
import { presetNote } from './preset-note.ts';
import { EXPLORE_LIST_FILTERS, exploreQueryParams, RAW_TAGS, rangeHoldsData, readExploreView, refuseRangeOutsideData, type ExploreView } from './view.ts';
import { comparedSpend } from './compared-spend.ts';
import { paramRule } from '../../params.ts';
import { DIMENSION_LABELS, dimensionNoun, exploreForm, filterChips, NO_TAG, type Choice } from './form.ts';
import { drillTarget, exploreTable } from './table.ts';
import { sumDecimals } from './compared-sums.ts';
import { comparedOn, comparedTable, leavesUsageOut, selectsUsageAlone } from './compared-rows.ts';
import { compareHeadline } from './compare-headline.ts';
import { holdsUsage, noUsageNote, notInStoreNote, postedCharges, postingsNote } from './notes.ts';
import { SPEND_COMPARED } from './compared-source.ts';
import { endedNotComparedWhy } from '../../../analyze/ended-comparison.ts';
import { exploreEnded, exploreEndedSentence } from './ended-comparison.ts';
import { refusePresetCutInsideMonth } from './whole-bills-presets.ts';
import { refusePresetOutsideData } from './preset-days.ts';
import { chartFigure, count, daysSpan, money, type Page, type PageRequest, records } from '../../html/index.ts';

export { MAX_RANGE_DAYS } from './view.ts';
export { sumDecimals } from './compared-sums.ts';

/**
 * Explore: spend over a range of days grouped by service, account, region, usage type, resource
 * or the value of a tag key, as a stacked chart per day or per month, a bar chart and a table whose
 * rows add up to the total, optionally beside a compared span (the previous period of equal length,
 * or the same days of the month before: as many days, or whole months against the whole month
 * before; range.ts `comparedSpan`) with the change, a tag's values labelled alike in both spans:
 * of usage alone over spans of days, fees, tax and credits shown but not compared (compared-rows.ts).
 * Filters (account, service, region, usage type, charge class, tag value) narrow every figure; a value in the table or the charts drills to
 * the next level (service → usage type → resource → the resource page; account, region, tag value
 * → service). The URL is the view (form.ts lists its parameters); a URL
 * without a dimension, cost or range is redirected to one that spells out the defaults, the range as
 * a preset (`preset=last_30_days`: the last 30 complete days up to the data horizon), so the URL
 * keeps following the data, not its days (defaultPreset). A `preset` follows the data horizon: a link to "last 7
 * days" shows the latest seven complete days whenever it is opened. In a store without daily usage,
 * which has no data horizon, the default is the last complete bill, a preset is said as the whole
 * bills it covers, a preset or a range that cuts a month is refused (whole-bills-presets.ts, view.ts),
 * and a comparison is of whole bills, bill against bill. A view of usage alone that holds none says why.
 */
export const explorePage: Page = {
  path: '/explore',
  title: 'Explore',
  shows: 'spend grouped by service, account, region, tag or any other dimension, day by day',
  async render(request: PageRequest) {
    const { context, analyses, url } = request;
    const view = readExploreView(request.query, context);
    if (!view.dimension || !view.cost || !view.range) return { redirect: `/explore?${canonicalQuery(view, request)}` };
    const range = view.range;
    // A preset cutting a month in a store without daily usage is refused naming the preset, not the start and end it stands for.
    if (view.preset) await refusePresetCutInsideMonth(analyses, view.preset, context);
    // A preset none of whose days the store holds (Last month on a store of 1–13 Nov) is refused on the preset picked, with the presets that hold some.
    if (view.preset) await refusePresetOutsideData(analyses, view.preset, context);
    // A range holding no day of the billing data (a mistyped year) is refused, as on Attribution, not shown as $0.00.
    await refuseRangeOutsideData(analyses, range);
    const dimension = view.dimension;
    const params = exploreQueryParams(view, range);
    const asFilters = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [v]]));
    const wholeBills = context.whole_bills !== undefined;
    const comparison = view.compare ? comparedSpan(view.compare, range, wholeBills) : undefined;
    const compared = comparison?.range;
    // Equal spans of complete days only: either span with a day not in the store is not compared.
    const missing = compared ? daysNotInStore(compared.start, compared.end, storeDaysOf(context)) : null;
    const missingNow = daysNotInStore(range.start, range.end, storeDaysOf(context));
    const notIn = compared ? missing ?? missingNow : null;
    const onDays = compared && !notIn ? comparedOn(range, compared, view.filters.charge_class) : undefined;
    // Beside a delivery that has ended, usage is compared without its lines, or not at all (ended-comparison.ts).
    const ended = compared && onDays === 'usage' ? await exploreEnded(analyses, range, compared) : null;
    const on = ended?.notCompared ? undefined : onDays;
    // The view's own query first: its parameter checks name what is wrong before anything else runs.
    const spend = await analyses.source('explore/spend_by', asFilters({ ...params, top: '25' }));
    const rows = records(spend.result);
    const { [RAW_TAGS]: _raw, ...spendRequest } = params;
    const spans = compared ? { query: request.describe('explore/spend_by'), request: spendRequest, raw: view.rawTags, range, compared, chargeClasses: view.filters.charge_class, exclude: ended?.leftOut } : undefined;
    const [both, tags, choiceRows, tagValues, postings, comparedPostings] = await Promise.all([
      // The compared span's tag values labelled as the shown range labels them, so each value is one row.
      spans ? comparedSpend(analyses, spans, on, rows) : undefined,
      request.run('explore/tag_keys', { start: range.start, end: range.end, cost: params.cost }),
      request.run('explore/filter_choices', { start: range.start, end: range.end, cost: params.cost }),
      view.tagKey === NO_TAG ? undefined : analyses.tagValues(view.tagKey, { chargeFrom: range.start, chargeTo: range.end }, view.rawTags),
      postedCharges(analyses, view, range),
      // A compared span with no day of the billing data holds no posting (and its analysis would refuse it).
      compared && await rangeHoldsData(analyses, compared) ? postedCharges(analyses, view, compared) : undefined,
    ]);
    const rawKeys = records(tags).map((r) => r.tag_key ?? '');
    const tagKeys = view.rawTags ? rawKeys : tagKeyChoices(request.config.attribution, rawKeys);
    if (view.tagKey !== NO_TAG && !tagKeys.includes(view.tagKey)) tagKeys.unshift(view.tagKey);
    const dimensionParam = request.describe('explore/spend_by').params.find((p) => p.name === 'dimension');
    const dimensions = (dimensionParam && paramRule(dimensionParam).oneOf) ?? Object.keys(DIMENSION_LABELS);
    const total = sumDecimals(rows.map((r) => r.cost));
    const lines = rows.reduce((n, r) => n + Number(r.lines ?? 0), 0);
    const groupLabel = dimension === 'tag' ? `Tag ${view.tagKey}` : DIMENSION_LABELS[dimension] ?? dimension;
    const groupNoun = dimensionNoun(view);
    const readAs = dimension === 'tag' && tagValues ? tagReadingText(tagValues) : '';
    const lastDay = addDays(range.end, -1);
    const drill = drillTarget(dimension, url, range);
    const beforeRows = both?.compared ?? [];
    const beforeTotal = sumDecimals(beforeRows.map((r) => r.cost));
    const shownCompare = comparison && on ? { ...comparison, table: comparedTable({ on, rows, compared: beforeRows, usage: both?.usage, wholeUsage: both?.wholeUsage }) } : undefined;
    // The download is the table shown: with a comparison, the compare table's rows (explore/spend_compared).
    const csv = shownCompare
      ? `/api/analyses/${SPEND_COMPARED}?${new URLSearchParams({ ...params, compare: view.compare ?? '', top: '500', format: 'csv' })}`
      : `/api/analyses/explore/spend_by?${new URLSearchParams({ ...params, top: '500', format: 'csv' })}`;
    const compareLabel = comparison?.label ?? '';
    const onlyUsage = selectsUsageAlone(view.filters.charge_class);
    // The postings note links usage alone where the view's filters select some usage and either span holds it.
    const usageHeld = !leavesUsageOut(view.filters.charge_class) && (holdsUsage(postings) || holdsUsage(comparedPostings));
    const preset = view.preset ?? presetOf(range, context);
    const chart = view.grain === 'month' ? 'explore_monthly' : 'explore_daily';
    const drillData = drill ? { href: drill.href, param: drill.param } : undefined;
    const body = html`
<h1>Explore</h1>
${exploreForm({ view, range, horizon: context, dimensions, tagKeys, choices: filterChoices(records(choiceRows), tagValues) })}
${filterChips(view, url)}
<p class="summary" id="explore-summary">
  <span class="figure" id="explore-total" data-value="${total}">${money(total)}</span>
  ${params.cost} cost over ${count(String(lines))} line items, ${daysSpan(range.start, lastDay)}, by ${groupNoun}
  ${preset ? html`<span class="note" id="explore-preset">(${presetNote(preset, range, context)})</span>` : ''}
  ${missingNow ? notInStoreNote(missingNow) : ''}
  · <a href="${csv}" id="explore-csv" download title="${shownCompare ? 'The table with the compared span, the change and the change %: exact amounts' : 'The table: exact amounts'}">CSV</a>
</p>
${onlyUsage && lines === 0 ? noUsageNote(context.whole_bills?.bills, `/explore?${withoutChargeClass(url.searchParams)}`) : ''}
${compared ? html`<p class="summary compare" id="explore-compare">
  <span>${compareLabel}:</span> ${missing?.all
    ? html`<span class="figure" data-value="">no data</span>
  <span class="change-line">not compared: ${missing.why}</span>`
    : notIn
    ? html`<span class="figure" data-value="${beforeTotal}">${money(beforeTotal)}</span>
  <span class="change-line">not compared</span>
  <span class="note" id="explore-compare-partial">(${notIn.why}: ${daysNotInStoreAre(notIn)} not in it, and a day not in the store is not a day of no spend)</span>`
    : ended?.notCompared
    ? html`<span class="figure" data-value="${beforeTotal}">${money(beforeTotal)}</span>
  <span class="change-line">not compared</span>
  <span class="note" id="explore-ended">(usage is not compared: ${endedNotComparedWhy(ended)})</span>`
    : html`<span class="figure" data-value="${beforeTotal}">${money(beforeTotal)}</span>
  ${shownCompare ? compareHeadline(shownCompare.table, view.filters.charge_class, wholeBills) : ''}
  ${ended && shownCompare?.table.leftOut ? html`<span class="note" id="explore-ended">${exploreEndedSentence(ended, range, shownCompare.range, shownCompare.table.leftOut)}</span>` : ''}`}
</p>` : ''}
${readAs ? html`<p class="note" id="explore-tag-reading">${readAs}</p>` : ''}
${drillData ? html`<p class="note" id="explore-drill-hint">Select ${dimension === 'tag' ? `a value of tag ${view.tagKey}` : `${dimension === 'account' ? 'an' : 'a'} ${groupNoun}`} in a chart, its legend or the table to see ${drillHint(dimension)}.</p>` : ''}
<div class="drill-chart" ${drillData ? html`data-drill-href="${drillData.href}" data-drill-param="${drillData.param}"` : ''}>
${chartFigure(chart, { ...params, top: '8' }, view.grain === 'month' ? `Monthly ${params.cost} cost by ${groupNoun}. Lighter bars: months the range holds only part of.` : `Daily ${params.cost} cost by ${groupNoun}`)}
</div>
${onlyUsage ? '' : postingsNote({
  shown: view.grain === 'day' ? postings : undefined,
  shownDays: daySpan(range.start, lastDay),
  compared: shownCompare ? { label: compareLabel, days: daySpan(shownCompare.range.start, addDays(shownCompare.range.end, -1)), postings: comparedPostings, on: shownCompare.table.on } : undefined,
  usageOnlyHref: usageHeld ? `/explore?${withUsageOnly(url.searchParams)}` : null,
})}
<div class="drill-chart" ${drillData ? html`data-drill-href="${drillData.href}" data-drill-param="${drillData.param}"` : ''}>
${chartFigure('explore_totals', { ...params, top: '12' }, `${params.cost === 'effective' ? 'Effective' : 'Billed'} cost by ${groupNoun}, ${daysSpan(range.start, lastDay)}`)}
</div>
${exploreTable({ dimension, groupLabel, rows, total, lines, drill, compare: shownCompare ? { table: shownCompare.table, label: compareLabel } : undefined })}`;
    return { title: 'Explore', body };
  },
};

/**
 * The URL with the defaults spelled out: service, billed, and the range given (a preset, or the
 * days of a start/end); without one, the default range as a preset, so that the URL (bookmarked,
 * shared) keeps following the data horizon, as a picked preset does: `last_30_days`; in a store
 * without daily usage, `last_month`, its last complete bill (30 days would cut a month of 31).
 */
function canonicalQuery(view: ExploreView, request: PageRequest): URLSearchParams {
  const canonical = new URLSearchParams({ dimension: view.dimension ?? 'service' });
  const givenKey = request.query.tag_key?.[0];
  if (givenKey) canonical.set('tag_key', givenKey);
  if (view.preset) canonical.set('preset', view.preset);
  else if (view.range) {
    canonical.set('start', view.range.start);
    canonical.set('end', view.range.end);
  } else canonical.set('preset', defaultPreset(request.context));
  canonical.set('cost', view.cost ?? 'billed');
  if (view.rawTags) canonical.set(RAW_TAGS, '1');
  if (view.compare) canonical.set('compare', view.compare);
  if (view.grain !== 'day') canonical.set('grain', view.grain);
  for (const name of Object.keys(EXPLORE_LIST_FILTERS) as (keyof typeof EXPLORE_LIST_FILTERS)[]) {
    for (const value of view.filters[name]) canonical.append(name, value);
  }
  return canonical;
}

/**
 * The range Explore opens on, as a preset: the last 30 complete days up to the data horizon; in a
 * store without daily usage (whose as-of is the last day of its last complete bill), last month,
 * that bill.
 */
function defaultPreset(context: Pick<ReportContext, 'whole_bills'>): Preset {
  return context.whole_bills ? 'last_month' : 'last_30_days';
}

/** The filter choices: accounts as "name (id)", services and regions by cost, the tag key's values. */
function filterChoices(rows: Record<string, string | null>[], tagValues: TagValues | undefined): Record<'account' | 'service' | 'region' | 'tag_value', Choice[]> {
  const of = (filter: string) => rows.filter((r) => r.filter === filter);
  const values = tagValues ? [...new Set(tagValues.values.map((v) => v.value))].sort() : [];
  return {
    account: of('account').map((r) => ({ value: r.value ?? '', label: r.name ? `${r.name} (${r.value})` : r.value ?? '' })),
    service: of('service').map((r) => ({ value: r.value ?? '', label: r.value ?? '' })),
    region: of('region').map((r) => ({ value: r.value ?? '', label: r.value ?? '' })),
    tag_value: [...values.map((v) => ({ value: v, label: v })), { value: '(untagged)', label: '(untagged)' }],
  };
}

function drillHint(dimension: string): string {
  if (dimension === 'resource') return 'its own page (daily cost, metrics, findings)';
  if (dimension === 'usage_type') return 'its resources';
  if (dimension === 'service') return 'its usage types';
  return 'its services';
}

/** How the page read the tag: normalised (its raw keys and how many raw values made how many values) or raw. */
function tagReadingText(reading: TagValues): string {
  if (reading.raw) return `Raw tags: the key ${reading.key.name} exactly as spelled, each value exactly as ingested.`;
  const values = new Set(reading.values.map((v) => v.value)).size;
  const keys = reading.key.rawKeys.length ? reading.key.rawKeys.join(', ') : 'none in this range';
  return `Tags read as attribution reads them: raw keys ${keys}; ${reading.values.length} raw values folded into ${values} (aliases, case and spaces). Tick "Raw tags" to see them as ingested.`;
}

/** The same view with the charge-class filter set to usage alone. */
function withUsageOnly(query: URLSearchParams): URLSearchParams {
  const next = withoutChargeClass(query);
  next.append('charge_class', 'usage');
  return next;
}

/** The same view of every charge class. */
function withoutChargeClass(query: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(query);
  next.delete('charge_class');
  return next;
}
