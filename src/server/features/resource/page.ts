import { html } from 'hono/html';
import { addDays, daySpan, isIsoDay } from '../../../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreAre } from '../../../lib/store-days.ts';
import { capitalised } from '../../../lib/text.ts';
import { storeDaysOf } from '../../context.ts';
import { refuseDaysOutsideData } from '../../data-days.ts';
import { MONTHLY_COST_DAYS } from '../../../analyze/findings-window.ts';
import { noDailyUsageError } from '../../../analyze/monthly-bills.ts';
import { FieldError, FilterReader } from '../../filters.ts';
import { refusedWithForm } from '../../refused-with-form.ts';
import { findingsOf, optimisationDayFor, resolveOptimisation } from '../optimisation/index.ts';
import { chartFigure, count, day, daysSpan, filterForm, type Html, money, type Page, type PageRequest, records, tableScroll } from '../../html/index.ts';
import { MAX_RANGE_DAYS } from '../explore/index.ts';
import { evidenceCell, findingSavingCell, RESOURCE_VIEW_DAYS } from '../optimisation/index.ts';
import { centsOfUnits, formatUsd, fromUnits } from '../../../lib/money.ts';
import type { RightsizingNothingToSave } from '../../../analyze/rightsizing/index.ts';
import { modernisationOf, modernisationSection } from './modernisation.ts';

/** The filters of the resource view. */
export const RESOURCE_FILTERS = ['id', 'start', 'end'] as const;

/** What the resource view needs, in its refusal of a store without daily usage (noDailyUsageError's `needs`). */
export const RESOURCE_NEED = "the resource view reads a resource's cost from its daily usage lines, and its findings as of a day, so it needs";

/**
 * One resource: what the bill, the inventory and the metrics say about it, its daily cost
 * (EffectiveCost of the line items with its ResourceId) and its metrics per day as charts, its tags,
 * and the findings about it as of the end of the range: idle and rightsizing (each saving in cash, with the commitment it frees
 * instead under it, as the Optimisation page shows them), then modernisation (with those `costlens modernise` leaves out because idle or rightsizing supersedes them, each with its note). `?id=&start=&end=` (end exclusive); without
 * a range it shows the RESOURCE_VIEW_DAYS days before the analysers' as-of day. A missing or unknown id, or a range holding no
 * day of the billing data, is a 400 with the form (the id field, or start, marked); a range partly outside it names the days
 * the store does not hold. Its idle and rightsizing findings, and its link to all the findings, are as of the range's end,
 * or as of the Optimisation page's default when that page refuses the end (optimisationDayFor: its rules would look back on
 * days past the data horizon only), which a note says; so the link never answers 400. A store without daily usage (a monthly CUR, fees only) has no day to show
 * or to find from: the view says so in its own words ({@link RESOURCE_NEED}), whatever the range.
 */
export const resourcePage: Page = {
  path: '/resource',
  title: 'Resource',
  navPath: '/optimisation',
  shows: "one resource's daily cost, metrics, tags and findings",
  async render(request: PageRequest) {
    const { analyses, context } = request;
    const form = () => resourceForm(request.query);
    const { id, days } = await refusedWithForm(() => {
      const f = new FilterReader(request.query, 'the resource view', RESOURCE_FILTERS);
      return { id: resourceId(f), days: f.selection({ maxDays: MAX_RANGE_DAYS }) };
    }, form);
    if (context.whole_bills) throw noDailyUsageError(context.whole_bills.bills, RESOURCE_NEED);
    const start = days.kind === 'days' ? days.from : undefined;
    const end = days.kind === 'days' ? days.to : undefined;
    if (!start || !end) {
      const asOf = end ?? (await analyses.defaultAsOf());
      return { redirect: `/resource?${new URLSearchParams({ id, start: start ?? addDays(asOf, -RESOURCE_VIEW_DAYS), end: asOf })}` };
    }
    // A range holding no day of the billing data is refused, as on Explore and Optimisation, not shown as $0.00 and "no finding".
    await refusedWithForm(() => refuseDaysOutsideData(analyses, {
      param: 'start',
      given: `the range start ${start}, end ${end} (${daySpan(start, addDays(end, -1))})`,
      days: { start, end },
      hint: (data) => `give days from ${data.first} to ${data.last} (end is exclusive: at most ${addDays(data.last, 1)})`,
    }), form);
    const params = { id, start, end };
    const [summaryResult, tagsResult] = await Promise.all([analyses.run('resource/summary', params), analyses.run('resource/tags', { id })]);
    const s = records(summaryResult)[0];
    const known = Number(s.lines_all) > 0 || Number(s.metric_points_all) > 0 || s.observed_at !== null;
    if (!known) {
      throw new FieldError('id', `the store knows no resource "${id.length > 80 ? `${id.slice(0, 77)}…` : id}": no line item, metric or inventory entry has that id`, {
        hint: 'resource ids are as the bill spells them (ResourceId), e.g. i-…, vol-…, or an ARN',
        form: String(await resourceForm(request.query)),
      });
    }
    const notInStore = daysNotInStore(start, end, storeDaysOf(context));
    // Idle and rightsizing as of the range's end, or as of the Optimisation page's default when that page refuses the end (its look-back past the data).
    const findingsDay = await optimisationDayFor(analyses, end);
    const { ownerKey } = await resolveOptimisation(analyses, { asOf: findingsDay.asOf });
    const view = await findingsOf(analyses, findingsDay.asOf, ownerKey);
    const findings = view.rows.filter((r) => r.resourceId === id);
    const leftOut = view.rightsizingNothingToSave.filter((r) => r.resourceId === id);
    const modern = await modernisationOf(analyses, end, id);
    const tags = records(tagsResult);
    const facts: [string, string | null][] = [
      ['Account', s.account_id ?? s.inventory_account_id ? `${s.account_id ?? s.inventory_account_id}${s.account_name ? ` (${s.account_name})` : ''}` : null],
      ['Region', s.region ?? s.inventory_region],
      ['Service', s.service_name ?? s.inventory_service],
      ['Type', s.instance_type ?? s.inventory_resource_type ?? s.resource_type],
      ['State', s.state ? `${s.state}${s.attached_to ? `, attached to ${s.attached_to}` : ''} (inventory of ${day(s.observed_at)})` : null],
      ['Billed', Number(s.lines_all) > 0 ? `${daysSpan(s.first_day, s.last_day)}, ${count(s.lines_all)} line items` : 'not in the bill'],
      ['Metrics', Number(s.metric_points_all) > 0 ? `${s.metric_series} series, ${daysSpan(s.metric_first_day, s.metric_last_day)}` : 'none'],
    ];
    const body = html`
<h1>Resource <code id="resource-id">${id}</code></h1>
${resourceForm({ id: [id], start: [start], end: [end] })}
${notInStore ? html`<p class="note" id="resource-not-in-store">${capitalised(notInStore.why)}: ${daysNotInStoreAre(notInStore)} not in it, so the cost below is of the days it holds (a day not in the store is not a day of no spend).</p>` : ''}
<section class="kpis" aria-label="Cost in the range">
  <div class="kpi" id="resource-effective">
    <h2>Effective cost</h2>
    <p class="figure" data-value="${s.effective_cost}">${money(s.effective_cost)}</p>
    <p class="range">${daysSpan(start, addDays(end, -1))}, ${count(s.lines)} line items</p>
  </div>
  <div class="kpi" id="resource-billed">
    <h2>Billed cost</h2>
    <p class="figure" data-value="${s.billed_cost}">${money(s.billed_cost)}</p>
    <p class="range">same days</p>
  </div>
  <div class="kpi" id="resource-facts">
    <dl class="facts">${facts.filter(([, v]) => v !== null).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
  </div>
</section>
<section class="top-table" id="resource-findings">
  <h2>Findings as of ${day(findingsDay.asOf)}</h2>
  ${findingsDay.refused
    ? html`<p class="note" id="resource-findings-day">Not as of ${day(end)}, the end of the range: as of the Optimisation page's default, the day after the data horizon, since the page refuses the end (${findingsDay.refused}).</p>` : ''}
  ${findings.length === 0
    ? html`<p class="note" id="resource-no-finding">${noFindingSentence(day(findingsDay.asOf), leftOut.length)}</p>`
    : tableScroll('Findings', html`<table class="numbers findings stack"><thead><tr><th>Rule</th><th class="text">What</th><th class="text">Evidence</th><th>Cost, last ${MONTHLY_COST_DAYS} days</th><th>Monthly saving</th></tr></thead><tbody>
      ${findings.map((r) => html`<tr data-rule="${r.rule}"><td>${r.rule}</td><td class="text">${r.what}</td><td class="evidence">${evidenceCell(r)}</td><td data-value="${fromUnits(r.monthlyCost)}">${formatUsd(centsOfUnits(r.monthlyCost))}</td>${findingSavingCell(r.monthlySaving, r.monthlySavingCommitment)}</tr>`)}
    </tbody></table>`)}
  ${findings.some((r) => r.monthlySavingCommitment > 0n)
    ? html`<p class="note" id="resource-commitment-note">Monthly saving is cash; the part a Reserved Instance or Savings Plan with unused hours covered frees that commitment instead (under it), and the bill falls only when other usage takes it up or it ends.</p>`
    : ''}
  ${leftOut.map(leftOutNote)}
</section>
${modernisationSection(modern, end)}
${Number(s.lines) > 0
    ? chartFigure('resource_daily_cost', params, `Daily EffectiveCost of ${id} by usage type, ${daysSpan(start, addDays(end, -1))}.`)
    : html`<p class="note" id="no-cost">No line item with this ResourceId in the range.</p>`}
${Number(s.metric_points) > 0
    ? chartFigure('resource_metrics', params, `CloudWatch metrics of ${id} per day, ${daysSpan(start, addDays(end, -1))}: one panel per metric and statistic.`)
    : html`<p class="note" id="no-metrics">No metrics for this resource in the range.</p>`}
<section class="top-table" id="resource-tags">
  <h2>Tags</h2>
  ${tags.length === 0
    ? html`<p class="note">Neither the inventory nor the bill carries tags for it.</p>`
    : tableScroll('Tags', html`<table class="numbers"><thead><tr><th>Key</th><th class="text">Value</th><th class="text">Source</th></tr></thead><tbody>
      ${tags.map((t) => html`<tr><td>${t.tag_key}</td><td class="text">${t.tag_value ?? ''}</td><td class="text">${t.source === 'bill' ? 'bill (latest line item)' : 'inventory'}</td></tr>`)}
    </tbody></table>`)}
</section>
<p><a id="resource-all-findings" href="/optimisation?${new URLSearchParams({ as_of: findingsDay.asOf })}">All findings as of ${day(findingsDay.asOf)}</a></p>`;
    return { title: `Resource ${id}`, body };
  },
};

/**
 * What the findings section says when the resource has no finding as of `asOf`: that no rule fires, or, when rightsizing judged a move
 * and left it out as saving nothing on the bill (`leftOut` of them, each said below by {@link leftOutNote}), that it did, not that no rule fired.
 */
function noFindingSentence(asOf: string, leftOut: number): string {
  return leftOut === 0 ? `No idle or rightsizing rule fires for this resource as of ${asOf}.`
    : `No idle or rightsizing finding for this resource as of ${asOf}: rightsizing judged a move and left it out (below).`;
}

/**
 * A rightsizing move left out as saving nothing on the bill, in `costlens rightsize`'s words (rightsizingNothingToSaveLines), saying so once
 * (the sentence above it does not): `Rightsizing left out rightsize-burstable, m5.large → t3a.large (or m6g.medium), as the move saves nothing
 * on the bill: a commitment that does not follow the move … (t3a.large about $54.14 over the window).`
 */
function leftOutNote(r: RightsizingNothingToSave): Html {
  return html`<p class="note rightsizing-nothing-to-save" data-rule="${r.rule}">Rightsizing left out ${r.rule}, ${r.instanceType} → ${r.recommendedType ?? 'terminate'}${r.alternativeType ? ` (or ${r.alternativeType})` : ''}, as the move saves nothing on the bill: ${r.reason}.</p>`;
}

/**
 * The resource view's form: the resource id and the range (From, To exclusive), with the values of
 * `query` (what the page shows, or what a refused request gave).
 */
function resourceForm(query: Record<string, string[]>): Html {
  const [id, start, end] = RESOURCE_FILTERS.map((name) => query[name]?.[0] ?? '');
  const dates = isIsoDay(start) && isIsoDay(end);
  return filterForm({
    action: '/resource',
    settings: dates ? [daysSpan(start, addDays(end, -1))] : [],
    fields: html`<label>Resource id <input type="text" name="id" value="${id}" required spellcheck="false" autocomplete="off" class="id-field"></label>
  <label>From <input type="date" name="start" value="${start}"${dates ? ' required' : html` data-needs="end"`}></label>
  <label>To (exclusive) <input type="date" name="end" value="${end}"${dates ? ' required' : html` data-needs="start"`}></label>`,
  });
}

/**
 * The resource id the request names; a missing one is a 400 about `id` (the page cannot be
 * rendered without an id, so its caller gives the view's form with it).
 */
function resourceId(f: FilterReader): string {
  const id = f.text('id');
  if (id === undefined) throw new FieldError('id', 'which resource? give its id: /resource?id=…', { hint: 'an id as the bill spells it, e.g. i-…, vol-… or an ARN; the Optimisation page links every finding to its resource page' });
  return id;
}
