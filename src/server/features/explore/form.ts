/**
 * Explore's filter form and its active-filter chips. Every field is a GET parameter, so the URL
 * is the view: `preset` (or `start`/`end`), `compare`, `grain`, `dimension`, `tag_key`, `cost`,
 * `raw_tags`, and the repeatable filters `account`, `service`, `region`, `usage_type`,
 * `charge_class`, `tag_value`.
 */
import { html } from 'hono/html';
import { addDays, daySpan } from '../../../lib/calendar.ts';
import { COMPARISONS, offeredPresets, presetChoice, presetRange, presetShown, type DayRange, type PresetHorizon } from './range.ts';
import { CHARGE_CLASS_NAMES, RAW_TAGS, type ExploreListFilter, type ExploreView } from './view.ts';
import { filterForm, type Html } from '../../html/index.ts';

/** What each dimension (and filter of the same name) is called on the page. */
export const DIMENSION_LABELS: Record<string, string> = {
  service: 'Service',
  account: 'Account',
  region: 'Region',
  usage_type: 'Usage type',
  tag: 'Tag',
  resource: 'Resource',
};

/** The dimension in a sentence: lower case, but a tag key as the bill spells it (`tag CostCenter`). */
export function dimensionNoun(view: Pick<ExploreView, 'dimension' | 'tagKey'>): string {
  if (view.dimension === 'tag') return `tag ${view.tagKey}`;
  return (DIMENSION_LABELS[view.dimension ?? 'service'] ?? view.dimension ?? '').toLowerCase();
}

/** What each list filter is called on the page. */
export const FILTER_LABELS: Record<ExploreListFilter, string> = {
  account: 'Account',
  service: 'Service',
  region: 'Region',
  usage_type: 'Usage type',
  charge_class: 'Charge class',
  tag_value: 'Tag value',
};

/** "No tag key" as the queries spell it. */
export const NO_TAG = '-';

/** The choices a filter offers: value and label. */
export type Choice = { value: string; label: string };

export interface ExploreFormInput {
  view: ExploreView;
  range: DayRange;
  /** The data horizon and the last complete month: the presets' days (on their options, for app.js to show in From and To) follow them. */
  horizon: PresetHorizon;
  dimensions: string[];
  tagKeys: string[];
  choices: Record<'account' | 'service' | 'region' | 'tag_value', Choice[]>;
}

/**
 * The form: a preset picks its days (each option carries them, so app.js shows them in From/To as
 * soon as it is picked; they are not sent with it: app.js leaves them out), editing From or To
 * clears the preset; like every field, nothing applies until Apply (Cost Explorer's date picker
 * applies a relative range the same way);
 * filters list the values the range holds. A filter given several times in the URL (a link can
 * carry several) shows as a multiple choice; usage type, which only drill-down sets, is carried
 * as hidden fields and shown as a chip.
 */
export function exploreForm(input: ExploreFormInput): Html {
  const { view, range, horizon, dimensions, tagKeys, choices } = input;
  const selected = (on: boolean) => (on ? ' selected' : '');
  const label = (name: ExploreListFilter) => (name === 'tag_value' ? `Tag ${view.tagKey}` : FILTER_LABELS[name]);
  const active = (Object.keys(FILTER_LABELS) as ExploreListFilter[]).flatMap((name) => view.filters[name].map((value) => `${label(name)}: ${value}`));
  const by = dimensionNoun(view);
  // The preset as the Range field shows it chosen (month to date over the whole last complete month is Last month), in the field's words.
  const shownPreset = view.preset && presetShown(view.preset, horizon);
  const days = shownPreset ? presetChoice(shownPreset, horizon) : daySpan(range.start, addDays(range.end, -1));
  const settings = [`by ${by}`, days, view.cost === 'effective' ? 'effective cost' : 'billed cost', view.grain === 'month' ? 'monthly' : 'daily',
    ...(view.compare ? [`compared with ${COMPARISONS[view.compare].toLowerCase()}`] : []), ...(view.rawTags ? ['raw tags'] : [])];
  return filterForm({ action: '/explore', settings, active, fields: html`<label>Group by <select name="dimension">
    ${dimensions.map((d) => html`<option value="${d}"${selected(d === view.dimension)}>${DIMENSION_LABELS[d] ?? d}</option>`)}
  </select></label>
  <label>Tag key <select name="tag_key">
    <option value="${NO_TAG}"${selected(view.tagKey === NO_TAG)}>(none)</option>
    ${tagKeys.map((k) => html`<option value="${k}"${selected(k === view.tagKey)}>${k}</option>`)}
  </select></label>
  <label>Range <select name="preset" data-clears="start end">
    <option value=""${selected(!view.preset)}>Custom range</option>
    ${offeredPresets(horizon).map((p) => {
      const days = presetRange(p, horizon);
      return html`<option value="${p}" data-start="${days.start}" data-end="${days.end}"${selected(shownPreset === p)}>${presetChoice(p, horizon)}</option>`;
    })}
  </select></label>
  <label>From <input type="date" name="start" value="${range.start}" data-clears="preset" data-needs="end"></label>
  <label>To (exclusive) <input type="date" name="end" value="${range.end}" data-clears="preset" data-needs="start"></label>
  <label>Cost <select name="cost">
    <option value="billed"${selected(view.cost === 'billed')}>billed</option>
    <option value="effective"${selected(view.cost === 'effective')}>effective (amortised)</option>
  </select></label>
  <label>Compare with <select name="compare">
    <option value=""${selected(!view.compare)}>Nothing</option>
    ${Object.entries(COMPARISONS).map(([c, label]) => html`<option value="${c}"${selected(view.compare === c)}>${label}</option>`)}
  </select></label>
  <label>Grain <select name="grain">
    <option value=""${selected(view.grain === 'day')}>Daily</option>
    <option value="month"${selected(view.grain === 'month')}>Monthly</option>
  </select></label>
  ${filterSelect('account', view.filters.account, choices.account)}
  ${filterSelect('service', view.filters.service, choices.service)}
  ${filterSelect('region', view.filters.region, choices.region)}
  ${filterSelect('charge_class', view.filters.charge_class, CHARGE_CLASS_NAMES.map((c) => ({ value: c, label: c })))}
  ${view.tagKey === NO_TAG ? '' : filterSelect('tag_value', view.filters.tag_value, choices.tag_value, `${view.tagKey} value`)}
  ${view.filters.usage_type.map((u) => html`<input type="hidden" name="usage_type" value="${u}">`)}
  <label title="Group by the tag exactly as ingested (each key spelling and value spelling apart), for tag hygiene"><input type="checkbox" name="${RAW_TAGS}" value="1"${view.rawTags ? ' checked' : ''}> Raw tags</label>`,
  });
}

/** One list filter: "(all)" and the range's values; the URL's values kept even when the range lacks them. */
function filterSelect(name: ExploreListFilter, chosen: string[], offered: Choice[], label = FILTER_LABELS[name]): Html {
  const known = new Set(offered.map((c) => c.value));
  const options = [...offered, ...chosen.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
  const multiple = chosen.length > 1;
  return html`<label>${label} <select name="${name}"${multiple ? html` multiple size="${Math.min(4, options.length)}"` : ''}>
    ${multiple ? '' : html`<option value=""${chosen.length === 0 ? ' selected' : ''}>(all)</option>`}
    ${options.map((c) => html`<option value="${c.value}"${chosen.includes(c.value) ? ' selected' : ''}>${c.label}</option>`)}
  </select></label>`;
}

/**
 * The filters in force, each a chip whose × link is the same view without it (links, so the
 * keyboard reaches them); drill-downs add to this list.
 */
export function filterChips(view: ExploreView, url: URL): Html {
  const active = (Object.keys(FILTER_LABELS) as ExploreListFilter[]).flatMap((name) => view.filters[name].map((value) => ({ name, value })));
  if (active.length === 0) return html``;
  const without = (name: string, value: string): string => {
    const params = new URLSearchParams(url.search);
    const kept = params.getAll(name).filter((v) => v !== value);
    params.delete(name);
    for (const v of kept) params.append(name, v);
    return `/explore?${params}`;
  };
  const label = (name: ExploreListFilter) => (name === 'tag_value' ? `Tag ${view.tagKey}` : FILTER_LABELS[name]);
  return html`<ul class="chips" id="explore-filters" aria-label="Filters in force">
  ${active.map(({ name, value }) => html`<li class="chip" data-filter="${name}">${label(name)}: <strong>${value}</strong>
    <a href="${without(name, value)}" aria-label="Remove the filter ${label(name)}: ${value}">×</a></li>`)}
</ul>`;
}
