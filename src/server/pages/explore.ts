import { html } from 'hono/html';
import { tagKeyChoices, type TagValues } from '../../analyze/tag-values.ts';
import { CostlensError } from '../../errors.ts';
import { addDays } from '../../lib/calendar.ts';
import { formatDecimal, parseDecimal } from '../../lib/money.ts';
import { RAW_TAGS, rawTagsOf } from '../explore-view.ts';
import { isCalendarDate, paramRule } from '../params.ts';
import { count, day, money, percent } from './format.ts';
import { chartFigure, tableScroll } from './layout.ts';
import { one, records, type Page, type PageRequest } from './page.ts';

const DIMENSION_LABELS: Record<string, string> = {
  service: 'Service',
  account: 'Account',
  region: 'Region',
  usage_type: 'Usage type',
  tag: 'Tag',
};

/** The longest date range Explore accepts, in days (three years). */
export const MAX_RANGE_DAYS = 1096;

/** "No tag key" as the queries spell it. */
const NO_TAG = '-';

/**
 * Explore: spend over a date range grouped by service, account, region, usage type or the
 * value of a tag key, as a daily stacked chart, a bar chart and a table whose rows add up to
 * the total. A tag is read as attribution reads it (src/server/explore-view.ts), or raw with
 * `raw_tags=1`. Every filter lives in the URL (`?dimension=&tag_key=&start=&end=&cost=[&raw_tags=1]`,
 * end exclusive), so a link reproduces the view; a URL without them is redirected to one with the
 * defaults spelled out (the last 30 complete days up to the data horizon).
 */
export const explorePage: Page = {
  path: '/explore',
  title: 'Explore',
  shows: 'spend grouped by service, account, region, tag or any other dimension, day by day',
  async render(request: PageRequest) {
    const { query, context, analyses } = request;
    const filters = {
      dimension: one(query, 'dimension'),
      tag_key: one(query, 'tag_key'),
      start: one(query, 'start'),
      end: one(query, 'end'),
      cost: one(query, 'cost'),
    };
    const rawTags = rawTagsOf(query);
    if (!filters.dimension || !filters.start || !filters.end || !filters.cost) {
      const canonical = new URLSearchParams({
        dimension: filters.dimension ?? 'service',
        ...(filters.tag_key ? { tag_key: filters.tag_key } : {}),
        start: filters.start ?? context.last_30_start,
        end: filters.end ?? context.as_of_next,
        cost: filters.cost ?? 'billed',
        ...(rawTags ? { [RAW_TAGS]: '1' } : {}),
      });
      return { redirect: `/explore?${canonical}` };
    }
    const { dimension, start, end, cost } = filters;
    const tagKey = filters.tag_key ?? NO_TAG;
    checkRange(start, end);
    if (dimension === 'tag' && (tagKey === NO_TAG || tagKey.trim() === '')) {
      throw new CostlensError('usage', 'grouping by tag needs a tag key: choose one under "Tag key"', { hint: 'e.g. ?dimension=tag&tag_key=team' });
    }
    const params = { dimension, tag_key: tagKey, start, end, cost, ...(rawTags ? { [RAW_TAGS]: '1' } : {}) };
    const asFilters = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [v]]));
    const spend = await analyses.source('explore/spend_by', asFilters({ ...params, top: '25' }));
    const tags = await request.run('explore/tag_keys', { start, end, cost });
    const rows = records(spend.result);
    const rawKeys = records(tags).map((r) => r.tag_key ?? '');
    const tagKeys = rawTags ? rawKeys : tagKeyChoices(request.config.attribution, rawKeys);
    if (tagKey !== NO_TAG && !tagKeys.includes(tagKey)) tagKeys.unshift(tagKey);
    const reading = dimension === 'tag' ? await analyses.tagValues(tagKey, { chargeFrom: start, chargeTo: end }, rawTags) : undefined;
    const dimensionParam = request.describe('explore/spend_by').params.find((p) => p.name === 'dimension');
    const dimensions = (dimensionParam && paramRule(dimensionParam).oneOf) ?? Object.keys(DIMENSION_LABELS);
    const total = sumDecimals(rows.map((r) => r.cost));
    const lines = rows.reduce((n, r) => n + Number(r.lines ?? 0), 0);
    const groupLabel = dimension === 'tag' ? `Tag ${tagKey}` : DIMENSION_LABELS[dimension] ?? dimension;
    const csv = new URLSearchParams({ ...params, top: '500', format: 'csv' });
    const readAs = reading ? tagReadingText(reading) : '';
    const lastDay = addDays(end, -1);
    const body = html`
<h1>Explore</h1>
<form class="filters" id="filters" method="get" action="/explore" data-autosubmit>
  <label>Group by <select name="dimension">
    ${dimensions.map((d) => html`<option value="${d}"${d === dimension ? ' selected' : ''}>${DIMENSION_LABELS[d] ?? d}</option>`)}
  </select></label>
  <label>Tag key <select name="tag_key">
    <option value="${NO_TAG}"${tagKey === NO_TAG ? ' selected' : ''}>(none)</option>
    ${tagKeys.map((k) => html`<option value="${k}"${k === tagKey ? ' selected' : ''}>${k}</option>`)}
  </select></label>
  <label>From <input type="date" name="start" value="${start}" required></label>
  <label>To (exclusive) <input type="date" name="end" value="${end}" required></label>
  <label>Cost <select name="cost">
    <option value="billed"${cost === 'billed' ? ' selected' : ''}>billed</option>
    <option value="effective"${cost === 'effective' ? ' selected' : ''}>effective (amortised)</option>
  </select></label>
  <label title="Group by the tag exactly as ingested (each key spelling and value spelling apart), for tag hygiene"><input type="checkbox" name="${RAW_TAGS}" value="1"${rawTags ? ' checked' : ''}> Raw tags</label>
  <button type="submit">Apply</button>
</form>
<p class="summary" id="explore-summary">
  <span class="figure" id="explore-total" data-value="${total}">${money(total)}</span>
  ${cost} cost over ${count(String(lines))} line items, ${day(start)} – ${day(lastDay)}, by ${groupLabel.toLowerCase()}
  · <a href="/api/analyses/explore/spend_by?${csv}" download>CSV</a>
</p>
${readAs ? html`<p class="note" id="explore-tag-reading">${readAs}</p>` : ''}
${chartFigure('explore_daily', { ...params, top: '8' }, `Daily ${cost} cost by ${groupLabel.toLowerCase()}`)}
${chartFigure('explore_totals', { ...params, top: '12' }, `${cost === 'effective' ? 'Effective' : 'Billed'} cost by ${groupLabel.toLowerCase()}, ${day(start)} – ${day(lastDay)}`)}
${tableScroll(`Spend by ${groupLabel.toLowerCase()}`, html`<table class="numbers" id="explore-table">
  <thead><tr><th>${groupLabel}</th>${dimension === 'account' ? html`<th>Name</th>` : ''}<th>Cost</th><th>Share</th><th>Lines</th></tr></thead>
  <tbody>
    ${rows.map(
      (r) => html`<tr><td>${r.value}</td>${dimension === 'account' ? html`<td>${r.name ?? ''}</td>` : ''}<td data-value="${r.cost}">${money(r.cost)}</td><td>${percent(r.share_pct)}</td><td>${count(r.lines)}</td></tr>`,
    )}
  </tbody>
  <tfoot><tr><th>Total</th>${dimension === 'account' ? html`<td></td>` : ''}<td data-value="${total}">${money(total)}</td><td>${rows.length ? '100.00%' : '–'}</td><td>${count(String(lines))}</td></tr></tfoot>
</table>`)}`;
    return { title: 'Explore', body };
  },
};

/** How the page read the tag: normalised (its raw keys and how many raw values made how many values) or raw. */
function tagReadingText(reading: TagValues): string {
  if (reading.raw) return `Raw tags: the key ${reading.key.name} exactly as spelled, each value exactly as ingested.`;
  const values = new Set(reading.values.map((v) => v.value)).size;
  const keys = reading.key.rawKeys.length ? reading.key.rawKeys.join(', ') : 'none in this range';
  return `Tags read as attribution reads them: raw keys ${keys}; ${reading.values.length} raw values folded into ${values} (aliases, case and spaces). Tick "Raw tags" to see them as ingested.`;
}

/** Dates must exist, start before end, and the range at most MAX_RANGE_DAYS long. */
function checkRange(start: string, end: string): void {
  for (const [name, value] of [['start', start], ['end', end]]) {
    if (!isCalendarDate(value)) throw new CostlensError('usage', `${name} must be a date YYYY-MM-DD; got "${value.slice(0, 40)}"`);
  }
  if (start >= end) throw new CostlensError('usage', `start (${start}) must be before end (${end}); end is exclusive`);
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
  if (days > MAX_RANGE_DAYS) throw new CostlensError('usage', `the range is ${days} days; Explore shows at most ${MAX_RANGE_DAYS}`);
}

/** Adds decimal texts exactly (no floating point), keeping the most decimals any of them has. */
export function sumDecimals(values: (string | null)[]): string {
  const present = values.filter((v): v is string => v !== null && /^-?\d+(\.\d+)?$/.test(v));
  const scale = Math.max(0, ...present.map((v) => (v.split('.')[1] ?? '').length));
  return formatDecimal(present.reduce((total, v) => total + parseDecimal(v, scale), 0n), scale);
}
