import { html } from 'hono/html';
import { UNTAGGED } from '../../../analyze/attribution/index.ts';
import { formatThresholds } from '../../../analyze/findings.ts';
import { FINDINGS_NEED, lookbackRange, MONTHLY_COST_DAYS } from '../../../analyze/findings-window.ts';
import { addDays, HOURS_PER_MONTH } from '../../../lib/calendar.ts';
import { heldDaysFactor } from '../../../analyze/rightsizing/index.ts';
import { idleCostCents, type OptimisationTotals } from './totals.ts';
import { NO_OWNER_KEY, OPTIMISATION_RULES, readCheckedSelection, readOptimisationSelection, resolveOptimisation, type OptimisationSelection } from './selection.ts';
import { accountLabel, optimisationView, type FindingRow } from './view.ts';
import { chartFigure, count, day, daysSpan, filterForm, type Html, type Page, type PageRequest, resourceClass, tableScroll } from '../../html/index.ts';
import { centsOfUnits, formatUsd, fromUnits, MONEY_SCALE } from '../../../lib/money.ts';
import { plural, pluralNoun } from '../../../lib/text.ts';
import { analysisNotes } from './notes.ts';
import { evidenceFigures } from './evidence-figures.ts';
import { modernisationSection } from './modernisation-section.ts';
import { noFindingWhy, notJudgedFigure, notJudgedNames } from './not-judged.ts';
import { withoutDailyUsage } from '../../without-daily-usage.ts';
import { refusedWithForm } from '../../refused-with-form.ts';
import type { Analyses } from '../../analysis-service.ts';
import { defaultOwnerKey, ownerKeyChoices } from './owners.ts';

/** How many days before the as-of day a finding's resource view shows. */
export const RESOURCE_VIEW_DAYS = 60;

/**
 * Optimisation: idle resources (`costlens idle`) and rightsizing recommendations (`costlens
 * rightsize`) as of a day, each with the rule that fired, its evidence and thresholds and the money
 * it saves a month, and their total. Filters by account, rule and owner tag stay in the URL
 * (`?as_of=&account=&rule=&owner_key=&owner=`); a URL without an as-of day is redirected to one
 * with the analysers' default. Each finding links to its resource's view. A store without daily
 * usage has no finding: the page says so (withoutDailyUsage), as `costlens idle` and `rightsize` refuse it.
 * An as-of day the CLI refuses is refused alike (selection.ts, refuseAsOfOutsideData). Under the savings,
 * what idle and rightsizing could not judge, as `costlens idle` and `costlens rightsize` print it
 * under their headings (notes.ts): the EC2 and RDS instances without CPU metrics and the metrics that
 * left resources unusable (their `Metrics:` lines), the AWS usage lines without a usage type (a
 * FOCUS 1.0 export; their `Not judged:` lines), and idle's rules not run for want of metrics or
 * inventory (its `Not run:` lines), which the Idle card counts.
 */
export const optimisationPage: Page = {
  path: '/optimisation',
  title: 'Optimisation',
  shows: 'idle resources and rightsizing recommendations with their evidence and the money each saves',
  async render(request: PageRequest) {
    const { analyses, query } = request;
    const whole = request.context.whole_bills;
    if (whole) {
      readOptimisationSelection(query, 'the Optimisation page');
      return { title: 'Optimisation', body: withoutDailyUsage(whole, {
        title: 'Optimisation', section: { id: 'worklist', heading: 'Worklist' }, needs: FINDINGS_NEED, hintFor: 'To find idle resources, rightsizing and modernisation',
      }) };
    }
    const given = await refusedWithForm(() => readCheckedSelection(analyses, query, 'the Optimisation page'), () => refusalForm(analyses));
    if (!given.asOf || !given.ownerKey) {
      const resolved = await resolveOptimisation(analyses, given);
      const canonical = new URLSearchParams({ as_of: resolved.asOf });
      if (given.account) canonical.set('account', given.account);
      if (given.rule) canonical.set('rule', given.rule);
      canonical.set('owner_key', resolved.ownerKey);
      if (given.owner) canonical.set('owner', given.owner);
      return { redirect: `/optimisation?${canonical}` };
    }
    const view = await optimisationView(analyses, given);
    const ownerKey = given.ownerKey;
    const params: Record<string, string> = { as_of: view.asOf, account: given.account ?? '', rule: given.rule ?? '', owner_key: ownerKey, owner: given.owner ?? '' };
    const accounts = given.account && !view.accounts.includes(given.account) ? [given.account, ...view.accounts] : view.accounts;
    const owners = given.owner && !view.owners.includes(given.owner) ? [given.owner, ...view.owners] : view.owners;
    const ownerKeys = ownerKey !== NO_OWNER_KEY && !view.ownerKeys.includes(ownerKey) ? [ownerKey, ...view.ownerKeys] : view.ownerKeys;
    const idle = view.shown.filter((r) => r.kind === 'idle');
    const rightsizing = view.shown.filter((r) => r.kind === 'rightsizing');
    const filtered = view.shown.length !== view.rows.length;
    const totals = view.totals;
    // The idle rows' costs as the total's cents split by largest remainder, so they add up to the cost the Idle resources card gives.
    const idleCents = idleCostCents(idle);
    const costCents = new Map<FindingRow, bigint>(idle.map((r, i) => [r, idleCents[i]]));
    const held = view.costWindowHeld;
    const anyFilter = Boolean(given.account || given.rule || given.owner);
    const notJudged = notJudgedNames(view.notJudged);
    const nothingJudged = view.notJudged.idle && view.notJudged.rightsizing;
    const body = html`
<h1>Optimisation</h1>
${optimisationForm({
    asOf: view.asOf, ownerKey, accounts, ownerKeys, owners, given,
    accountName: (a) => view.rows.find((r) => r.accountId === a)?.accountName ?? null,
  })}
<section class="kpis" aria-label="Savings">
  <div class="kpi" id="optimisation-saving">
    <h2>Savings waiting, a month</h2>
    ${nothingJudged ? html`<p class="figure" data-value="">not judged</p>
    <p class="range">idle and rightsizing judged none of the AWS usage lines: they carry no usage type (the notes below)</p>`
    : html`<p class="figure" data-value="${fromUnits(totals.saving)}">${usd(totals.saving)}</p>
    <p class="range">${findingsCounted(totals)}${filtered ? ` (the filters keep ${count(String(view.shown.length))} of the ${count(String(view.rows.length))} findings)` : ''}${notJudged ? `; ${notJudged} not judged (the notes below)` : ''}</p>`}
  </div>
  <div class="kpi" id="optimisation-idle">
    <h2>Idle resources, a month</h2>
    ${view.notJudged.idle && view.usageWithoutType.idle ? notJudgedFigure(view.usageWithoutType.idle, ', and no metrics or inventory to read') : html`<p class="figure" data-value="${fromUnits(totals.idleSaving, 2)}">${usd(totals.idleSaving)}</p>
    <p class="range">${count(String(idle.length))} ${pluralNoun(idle.length, 'resource')} at ${pluralNoun(idle.length, 'its current hourly rate', 'their current hourly rates')} × ${HOURS_PER_MONTH} h${freedApart(totals.idleSavingCommitment)}; ${pluralNoun(idle.length, 'it costs', 'they cost')}
      <span id="optimisation-idle-cost" data-value="${fromUnits(totals.idleWindowCost)}">${usd(totals.idleWindowCost)}</span> (EffectiveCost ${daysSpan(view.costWindow.start, addDays(view.costWindow.end, -1))})${view.idleNotRun.length > 0
    ? html`; <span id="optimisation-idle-not-run">${count(String(view.idleNotRun.length))} ${pluralNoun(view.idleNotRun.length, 'rule')} not run for want of metrics or inventory (below)</span>` : ''}</p>`}
  </div>
  <div class="kpi" id="optimisation-rightsizing">
    <h2>Rightsizing, a month</h2>
    ${view.notJudged.rightsizing && view.usageWithoutType.rightsizing ? notJudgedFigure(view.usageWithoutType.rightsizing) : html`<p class="figure" data-value="${fromUnits(totals.rightsizingSaving, 2)}">${usd(totals.rightsizingSaving)}</p>
    <p class="range">${count(String(rightsizing.length))} ${pluralNoun(rightsizing.length, 'recommendation')}, saving priced from the bill${held.days > 0 && held.days < held.of
    ? html`<span id="rightsizing-held-days"> of the ${held.days} of the last ${held.of} days the store holds, ${heldDaysFactor(held)} (${held.missing})</span>` : ''}${freedApart(totals.rightsizingSavingCommitment)}${view.rightsizingNothingToSave.length > 0
    ? html`; <span id="rightsizing-left-out">${count(String(view.rightsizingNothingToSave.length))} more left out: the move saves nothing on the bill (below)</span>` : ''}</p>`}
  </div>
</section>
${analysisNotes(view, anyFilter)}
${view.shown.length > 0
    ? chartFigure('optimisation_savings', params, `Monthly savings by rule and account, as of ${day(view.asOf)}${filtered ? ' (filtered)' : ''}.`)
    : html`<p class="note" id="no-findings">${noFindingWhy(view, view.asOf)}.</p>`}
<section class="top-table" id="worklist" aria-labelledby="worklist-title">
  <h2 id="worklist-title">Worklist · largest saving first
    <span class="note">· download every finding as of ${day(view.asOf)}, as the CLI prints it:
      <a id="idle-csv" href="/optimisation/idle.csv?as_of=${view.asOf}" download>idle CSV</a>,
      <a id="idle-json" href="/optimisation/idle.json?as_of=${view.asOf}" download>idle JSON</a>,
      <a id="rightsize-csv" href="/optimisation/rightsize.csv?as_of=${view.asOf}" download>rightsize CSV</a>,
      <a id="rightsize-json" href="/optimisation/rightsize.json?as_of=${view.asOf}" download>rightsize JSON</a>
      (<code>costlens idle|rightsize --as-of ${view.asOf} --format csv|json</code>)</span></h2>
  ${tableScroll('Findings', html`<table class="numbers findings stack" id="findings" data-sortable>
  <thead><tr><th scope="col" data-sort="text">Resource</th><th scope="col" data-sort="number" aria-sort="descending">Monthly saving</th><th scope="col" class="text" data-sort="text">Action and evidence</th><th scope="col" class="text" data-sort="confidence">Confidence</th><th scope="col" class="text" data-sort="text">Owner${view.ownerKey ? ` (${view.ownerKey})` : ''}</th><th scope="col" class="text" data-sort="text">Account</th><th scope="col" class="text" data-sort="text">Rule</th><th scope="col" class="text" data-sort="text">Region</th><th scope="col" data-sort="number">Cost, last ${MONTHLY_COST_DAYS} days</th></tr></thead>
  <tbody>
    ${view.shown.length === 0 ? html`<tr><td colspan="9">${noFindingWhy(view, view.asOf)}.</td></tr>` : ''}
    ${view.shown.map((r) => findingRow(r, view.asOf, costCents.get(r) ?? centsOfUnits(r.monthlyCost)))}
  </tbody>
  <tfoot><tr><th scope="row">Total</th>${nothingJudged ? html`<td data-value="">not judged</td><td class="text" colspan="7">nothing judged (the notes above)</td>`
    : html`${findingSavingCell(totals.saving, totals.savingCommitment, MONEY_SCALE)}<td class="text" colspan="7">${count(String(view.shown.length))} ${pluralNoun(view.shown.length, 'finding')}, each resource counted once</td>`}</tr></tfoot>
</table>`)}
</section>
<p class="note">Cost, last ${MONTHLY_COST_DAYS} days: the resource's EffectiveCost over the ${MONTHLY_COST_DAYS} days before the as-of day (the idle rows' cents add up to what the Idle resources card says they cost). An idle resource saves its run-rate
  (its latest hourly rate × ${HOURS_PER_MONTH} h, a month of ${HOURS_PER_MONTH} hours, so a little more than 30 days of its cost; a charge priced by the GB-month, its latest day's cost × the days of that day's month; nothing for a resource the bill stopped charging); a rightsizing saves its cost as a month of ${HOURS_PER_MONTH} hours (× ${HOURS_PER_MONTH}/${MONTHLY_COST_DAYS * 24}, the hours of its ${MONTHLY_COST_DAYS} days; × ${HOURS_PER_MONTH} ÷ the hours of the days the store holds when it holds fewer) × (1 − new price ÷ old price).
  Either is cash, less the share a Reserved Instance or Savings Plan that had unused hours covered: that frees commitment instead (shown under the saving, never in the cash totals).
  Thresholds come from <code>idle:</code> and <code>rightsizing:</code> in costlens.config.yaml.
  ${view.ownerKey ? `Owners: the ${view.ownerKey} tag (raw keys ${view.ownerRawKeys.join(', ') || 'none found'}) on the resource's line items of those days, the value with most of its cost; else its inventory tags; else the key's account default; normalised as attribution normalises it.` : ''}</p>
${view.skipped.length > 0
    ? html`<details id="skipped"><summary>${plural(view.skipped.length, 'instance or function was', 'instances or functions were')} not judged for rightsizing</summary>
  <ul>${view.skipped.map((s) => html`<li><a href="${resourceLink(s.resourceId, view.asOf)}">${s.resourceId}</a>: ${s.reason}</li>`)}</ul></details>`
    : ''}
${await modernisationSection(analyses, view.asOf)}`;
    return { title: 'Optimisation', body };
  },
};

/**
 * How many findings the Savings waiting figure counts, as the weekly e-mail counts them: those
 * saving cash (or nothing), and apart those freeing commitment instead of cash, with what they free
 * (`28 findings save this in cash, each resource counted once, and 4 free $185.48 a month of …`).
 */
function findingsCounted(totals: OptimisationTotals): Html {
  const cash = totals.cashFindings;
  const freeing = totals.freeingFindings;
  const commitment = html`<span id="optimisation-commitment" data-value="${fromUnits(totals.savingCommitment, 2)}">${usd(totals.savingCommitment)}</span>`;
  const apart = freeing > 0
    ? html`<span id="optimisation-freeing-findings" data-count="${freeing}">${count(String(freeing))}</span> ${pluralNoun(freeing, 'frees', 'free')} ${commitment} a month of a Reserved Instance or Savings Plan with unused hours instead of cash (not in the total)`
    : '';
  if (cash === 0) return freeing > 0 ? html`No finding saves cash; ${apart}` : html`No finding`;
  return html`<span id="optimisation-cash-findings" data-count="${cash}">${count(String(cash))}</span> ${pluralNoun(cash, 'finding saves', 'findings save')} this in cash, each resource counted once${freeing > 0 ? html`, and ${apart}` : ''}`;
}

/** `, and $x more frees commitment, not cash`, as the CLI's headlines say it, or nothing; `commitment` in units (whole cents). */
function freedApart(commitment: bigint): Html | string {
  return commitment > 0n ? html`, and <span class="freed" data-value="${fromUnits(commitment, 2)}">${usd(commitment)}</span> more frees commitment, not cash` : '';
}

/** Units as the page shows money: `$1,234.57`, rounded once to the cent. */
function usd(units: bigint): string {
  return formatUsd(centsOfUnits(units));
}

/** The resource view of a finding: the RESOURCE_VIEW_DAYS days before the as-of day. */
export function resourceLink(id: string, asOf: string): string {
  return `/resource?${new URLSearchParams({ id, start: addDays(asOf, -RESOURCE_VIEW_DAYS), end: asOf })}`;
}

/** What the filter form offers and shows selected. */
interface FormChoices {
  asOf: string;
  ownerKey: string;
  accounts: string[];
  ownerKeys: string[];
  owners: string[];
  given: OptimisationSelection;
  accountName(accountId: string): string | null;
}

/** The page's filter form: as-of day, account, rule, owner tag and owner. */
function optimisationForm({ asOf, ownerKey, accounts, ownerKeys, owners, given, accountName }: FormChoices): Html {
  return filterForm({
    action: '/optimisation',
    settings: [`as of ${day(asOf)} (days up to ${day(addDays(asOf, -1))})`, ownerKey === NO_OWNER_KEY ? 'no owner tag' : `owner tag ${ownerKey}`],
    active: [
      ...(given.account ? [`Account: ${given.account}`] : []),
      ...(given.rule ? [`Rule: ${given.rule}`] : []),
      ...(given.owner ? [`Owner: ${given.owner}`] : []),
    ],
    fields: html`<label>As of <input type="date" name="as_of" value="${asOf}" required></label>
  <label>Account <select name="account">
    <option value="">(all)</option>
    ${accounts.map((a) => option(a, given.account, accountLabel(a, accountName(a))))}
  </select></label>
  <label>Rule <select name="rule">
    <option value="">(all)</option>
    ${OPTIMISATION_RULES.map((r) => option(r, given.rule))}
  </select></label>
  <label>Owner tag <select name="owner_key" data-clears="owner">
    <option value="${NO_OWNER_KEY}"${ownerKey === NO_OWNER_KEY ? ' selected' : ''}>(none)</option>
    ${ownerKeys.map((k) => option(k, ownerKey))}
  </select></label>
  <label>Owner <select name="owner" data-follows="owner_key"${ownerKey === NO_OWNER_KEY ? ' disabled' : ''}>
    <option value="">(all)</option>
    ${owners.map((o) => option(o, given.owner))}
  </select></label>`,
  });
}

/**
 * The form of a refused request, without the findings: the default as-of day and owner tag and the
 * tag keys to choose from (the store's calendar and tag keys); no account or owner is offered (the
 * findings name them; the request's own values are put back into the form).
 */
async function refusalForm(analyses: Analyses): Promise<Html> {
  const asOf = await analyses.defaultAsOf();
  const ownerKey = (await defaultOwnerKey(analyses, asOf)) ?? NO_OWNER_KEY;
  const ownerKeys = await ownerKeyChoices(analyses, lookbackRange(asOf, MONTHLY_COST_DAYS));
  return optimisationForm({ asOf, ownerKey, accounts: [], ownerKeys: ownerKey === NO_OWNER_KEY || ownerKeys.includes(ownerKey) ? ownerKeys : [ownerKey, ...ownerKeys], owners: [], given: {}, accountName: () => null });
}

function option(value: string, selected: string | undefined, label = value): Html {
  return html`<option value="${value}"${value === selected ? ' selected' : ''}>${label}</option>`;
}

/**
 * A finding's saving cell, on the Optimisation page and the resource view: the cash (data-value,
 * with `cashPlaces` decimals: a finding's, to the cent, 2; the worklist's total, 10, as the Savings
 * card gives it), and under it the commitment it frees instead, if any ("+ $x of commitment freed").
 * Both in units (src/lib/money.ts), each formatted here, once.
 */
export function findingSavingCell(cash: bigint, commitment: bigint, cashPlaces = 2): Html {
  return html`<td data-value="${fromUnits(cash, cashPlaces)}">${usd(cash)}${commitment > 0n
    ? html`<span class="note freed" data-value="${fromUnits(commitment, 2)}">+ ${usd(commitment)} of commitment freed</span>` : ''}</td>`;
}

/** One finding as a worklist row: what to do and what it saves, with the why in an expander; `costCents` is its window cost in the cents shown. */
function findingRow(r: FindingRow, asOf: string, costCents: bigint): Html {
  const resource = r.resourceId
    ? html`<a class="${resourceClass(r.resourceId)}" href="${resourceLink(r.resourceId, asOf)}">${r.resourceId}</a>`
    : html`<span class="resource named">(no resource id) ${r.usageType ?? ''}</span>`;
  return html`<tr data-rule="${r.rule}" data-resource="${r.resourceId ?? ''}">
    <td data-value="${r.resourceId ?? `(no resource id) ${r.usageType ?? ''}`}">${resource}<span class="what">${r.what}</span></td>
    ${findingSavingCell(r.monthlySaving, r.monthlySavingCommitment)}
    <td class="text action">${r.action}${evidenceCell(r)}</td>
    <td class="text" data-sort-value="${CONFIDENCE_ORDER[r.confidence] ?? 0}">${r.confidence}</td>
    <td class="text${r.owner === UNTAGGED ? ' untagged' : ''}">${r.owner ?? '–'}</td>
    <td class="text breakable" data-value="${r.accountId ?? ''}" data-sort-value="${accountLabel(r.accountId, r.accountName)}">${r.accountName ? html`${r.accountName}<span class="note"> ${r.accountId}</span>` : r.accountId ?? '–'}</td>
    <td class="text breakable">${r.rule}${r.alsoMatched.length ? html`<span class="note"> also ${r.alsoMatched.join(', ')}</span>` : ''}</td>
    <td class="text">${r.region ?? ''}</td>
    <td data-value="${fromUnits(r.monthlyCost)}">${formatUsd(costCents)}</td>
  </tr>`;
}

/** Confidence sorts high before medium before low. */
const CONFIDENCE_ORDER: Record<string, number> = { high: 3, medium: 2, low: 1 };

/** The finding's sentence, action and confidence, with its thresholds and evidence figures on demand. */
export function evidenceCell(r: FindingRow): Html {
  return html`<details class="evidence"><summary>Why: ${r.rule}, ${r.confidence} confidence</summary>
      <p>${r.explanation}</p>
      <p class="note">${r.action} · ${r.confidence} confidence · look-back ${daysSpan(r.lookback.start, addDays(r.lookback.end, -1))}</p>
      <p class="note">Thresholds: ${formatThresholds(r.thresholds)}</p>
      ${evidenceFigures(r.evidence)}
    </details>`;
}
