import { html } from 'hono/html';
import { allocationTable, type AttributionRange, type CoverageRow, foldKey, formatExact, isKeyAbsent, likelyTagKey, rangeParams, UNALLOCATED, UNTAGGED } from '../../../analyze/attribution/index.ts';
import { divideRounded, formatCents } from '../../../lib/money.ts';
import { attributedDaysNotes, readAttributedDays } from '../../../analyze/attributed-days.ts';
import { heldBackWords } from '../../../analyze/billing-calendar.ts';
import { runQuery } from '../../../engine/query-types.ts';
import { addDays, daySpan, monthEnd, monthLabel, shortDay } from '../../../lib/calendar.ts';
import type { Analyses } from '../../analysis-service.ts';
import {
  attributionOptions, cliFlags, COVERAGE_TREND_PERIODS, coverageRangeOf, definiteOf, heldPeriodsOf, lastPeriodOf, pageWords, rangeOf, readAttributionSelection, resolveSelection, selectionParams,
  sharedSplit,
} from './view.ts';
import { valueShareHundredths } from './untagged-share.ts';
import { chartFigure, count, daysSpan, filterForm, type Html, money, type Page, type PageRequest, percent, tableScroll, withBreaks } from '../../html/index.ts';
import { chargebackHeading } from './chargeback-headings.ts';
import { capitalised, plural } from '../../../lib/text.ts';
import { codePointOrder } from '../../../lib/order.ts';
import { quotedWhenUnclear } from '../../../lib/control-chars.ts';

/** Raw keys that make a sensible default when the config names none, in order of preference (folded). */
const LIKELY_KEYS = ['team', 'owner', 'costcenter', 'project', 'application', 'app', 'service'];

/**
 * Attribution: spend by the values of a cost-allocation tag key, with `(untagged)` and the
 * shared-cost split shown, tag coverage per billing period, and the chargeback table with its CSV
 * download (`/attribution.csv`, byte for byte `costlens attribute --format csv`) with the CLI's
 * notes of the days each period covers (analyze/attributed-days.ts). Filters live in
 * the URL (`?tag=&period=&cost=`, or `start`/`end` days instead of a period); a URL without them
 * is redirected to one that spells out the defaults (the first configured key, the latest period).
 */
export const attributionPage: Page = {
  path: '/attribution',
  title: 'Attribution',
  shows: 'spend by cost-allocation tag, with untagged and shared costs and the chargeback table',
  async render(request: PageRequest) {
    const { analyses } = request;
    const given = readAttributionSelection(request.query, 'the Attribution page');
    if (!given.tag || !given.cost || (!given.period && !given.start)) {
      const resolved = await resolveSelection(analyses, { ...given, tag: given.tag ?? UNTAGGED, cost: given.cost ?? 'billed' });
      const tag = given.tag ?? (await defaultTag(analyses, rangeOf(resolved)));
      return { redirect: `/attribution?${new URLSearchParams(selectionParams({ ...resolved, tag }))}` };
    }
    const selection = await resolveSelection(analyses, given);
    const range = rangeOf(selection);
    const held = heldPeriodsOf(analyses);
    const [result, coverage, trend, rawKeys, periods, span] = await Promise.all([
      analyses.attribution(attributionOptions(selection)),
      analyses.coverage({ tagKey: selection.tag, range, cost: selection.cost, by: 'period' }),
      held.then((periods) => analyses.coverage({ tagKey: selection.tag, range: coverageRangeOf(selection, periods), cost: selection.cost, by: 'period' })),
      analyses.tagKeys(range),
      held,
      analyses.billingSpan(),
    ]);
    const daysNotes = span ? attributedDaysNotes(await readAttributedDays(analyses.engine, range, definiteOf(selection), span, result.periods.map((p) => p.period), result), pageWords(selection)) : [];
    const measure = selection.cost;
    const table = allocationTable(result);
    const params = selectionParams(selection);
    const totalCents = result.periods.reduce((s, p) => s + (measure === 'billed' ? p.total.billedCents : p.total.effectiveCents), 0n);
    const lines = result.periods.reduce((n, p) => n + p.lines, 0);
    const untaggedCents = result.periods.flatMap((p) => p.rows).filter((r) => r.value === UNTAGGED).reduce((s, r) => s + r[measure].total, 0n);
    const sharedCents = result.periods.flatMap((p) => p.rows).reduce((s, r) => s + r[measure].shared, 0n);
    const covered = coverageOf(coverage.rows);
    const shares = sharedSplit(result);
    const pools = result.periods.flatMap((p) => p.pools.map((pool) => ({ period: p.period, ...pool })));
    const configured = Object.keys(analyses.config.attribution.tags);
    // The most used first (readTagKeys' order), as the CLI's hint lists them.
    const raw = rawKeys.filter((k) => !configured.includes(k));
    if (!configured.includes(selection.tag) && !raw.includes(selection.tag)) raw.unshift(selection.tag);
    const periodChoices = [...periods].reverse();
    if (selection.period && !periodChoices.includes(selection.period)) periodChoices.unshift(selection.period);
    const keyColumn = table.columns[1];
    const label = measure === 'effective' ? 'effective (amortised) cost' : 'billed cost';
    const rangeText = selection.period ? `billing period ${selection.period}` : `charges ${daysSpan(selection.start, addDays(selection.end!, -1))}`;
    const csvLink = `/attribution.csv?${new URLSearchParams(params)}`;
    const body = html`
<h1>Attribution</h1>
${periodNote(request, selection, params)}
${lines > 0 && isKeyAbsent(result.key, rawKeys) ? absentKeyNote(selection.tag, rangeText, rawKeys, params) : ''}
${filterForm({
    action: '/attribution',
    settings: [`tag ${quotedWhenUnclear(selection.tag)}`, rangeText, label],
    fields: html`<label>Tag key <select name="tag">
    ${configured.length ? html`<optgroup label="configured (normalised)">${configured.map((k) => option(k, selection.tag, quotedWhenUnclear(k)))}</optgroup>` : ''}
    <optgroup label="raw keys in the data">${raw.map((k) => option(k, selection.tag, quotedWhenUnclear(k)))}</optgroup>
  </select></label>
  <label>Billing period <select name="period" data-clears="start end">
    <option value=""${selection.period ? '' : ' selected'}>(date range)</option>
    ${periodChoices.map((p) => option(p, selection.period))}
  </select></label>
  <label>From <input type="date" name="start" value="${selection.start ?? ''}" data-clears="period" data-needs="end"></label>
  <label>To (exclusive) <input type="date" name="end" value="${selection.end ?? ''}" data-clears="period" data-needs="start"></label>
  <label>Cost <select name="cost">
    <option value="billed"${measure === 'billed' ? ' selected' : ''}>billed</option>
    <option value="effective"${measure === 'effective' ? ' selected' : ''}>effective (amortised)</option>
  </select></label>`,
  })}
<section class="kpis" aria-label="Attribution summary">
  <div class="kpi" id="attribution-total">
    <h2>Total ${label}</h2>
    <p class="figure" data-value="${formatCents(totalCents)}">${money(formatCents(totalCents))}</p>
    <p class="range">${count(String(lines))} line items, ${rangeText}</p>
  </div>
  <div class="kpi" id="attribution-untagged">
    <h2>${UNTAGGED}</h2>
    <p class="figure" data-value="${formatCents(untaggedCents)}">${money(formatCents(untaggedCents))}</p>
    <p class="range">${shareText(valueShareHundredths(result, measure))} of the total, shared costs included</p>
  </div>
  <div class="kpi" id="attribution-shared">
    <h2>Shared costs split</h2>
    ${analyses.config.attribution.sharedCosts.length === 0
    ? html`<p class="figure" data-value="">none configured</p>
    <p class="range">no shared-cost rule is configured (<code>attribution.sharedCosts</code>; below): nothing is split</p>`
    : html`<p class="figure" data-value="${formatCents(sharedCents)}">${money(formatCents(sharedCents))}</p>
    <p class="range">${pools.length ? `${plural(pools.length, 'pool')} split by rule` : 'no shared-cost rule matched'}</p>`}
  </div>
  <div class="kpi" id="attribution-coverage">
    <h2>Tag coverage</h2>
    <p class="figure" data-value="${covered ?? ''}">${covered === null ? '–' : percent(covered)}</p>
    <p class="range">of the ${label} carries ${selection.tag} under some spelling</p>
  </div>
</section>
${chartFigure('attribution_by_value', params, `${capitalised(label)} by ${selection.tag}, ${rangeText}: direct spend and shared costs. ${UNTAGGED} is the spend no tag, alias or account default attributes.`)}
${chartFigure('attribution_coverage', params, `Tag coverage of ${selection.tag} per billing period up to ${lastPeriodOf(selection)}, at most the ${COVERAGE_TREND_PERIODS} latest the store holds (${label}).`)}
<section class="top-table" id="coverage">
  <h2>Coverage per billing period</h2>
  ${coverageTable('coverage-table', trend.rows, measure)}
</section>
<section class="top-table" id="shared-costs">
  <h2>Shared costs, split by rule</h2>
  ${pools.length === 0
    ? html`<p class="note">${analyses.config.attribution.sharedCosts.length === 0
      ? html`No shared-cost rules are configured (<code>attribution.sharedCosts</code> in costlens.config.yaml): tax, support and other shared lines stay with the value their tags give them.`
      : html`None of the ${analyses.config.attribution.sharedCosts.length} shared-cost rules (${analyses.config.attribution.sharedCosts.map((r) => r.name).join(', ')}) matched a line item in this range.`}</p>`
    : html`
  <p class="note" id="split-measure">Billed pools are split by the values' billed spend and effective pools by their effective spend, so the billed figures do not change with the cost shown. Each pool's shares add up to the pool's cents, and each value's to its row of the chargeback.</p>
  ${tableScroll('Shared-cost pools', html`<table class="numbers stack" id="shared-pools">
    <thead><tr><th>Rule</th><th class="text">Period</th><th class="text">Split</th><th>Lines</th><th>Billed</th><th>Effective</th><th>Recipients</th></tr></thead>
    <tbody>${pools.map((p) => html`<tr><td>shared:${p.rule}</td><td class="text">${p.period}</td><td class="text">${p.split}</td><td>${count(String(p.lines))}</td><td data-value="${formatExact(p.billed)}">${money(formatCents(p.billedCents))}</td><td data-value="${formatExact(p.effective)}">${money(formatCents(p.effectiveCents))}</td><td>${p.recipients[measure].length}</td></tr>`)}</tbody>
  </table>`)}
  ${chartFigure('attribution_shared', params, `Shared costs by the ${selection.tag} value that received them (${label}).`)}
  ${tableScroll('Shared costs by recipient', html`<table class="numbers stack" id="shared-split">
    <thead><tr><th>${selection.tag}</th><th class="text">Rule</th><th class="text">Period</th><th>Billed</th><th>Effective</th></tr></thead>
    <tbody>${shares.map((s) => html`<tr><td>${s.value}</td><td class="text">shared:${s.rule}</td><td class="text">${s.period}</td><td data-value="${formatCents(s.billed)}">${money(formatCents(s.billed))}</td><td data-value="${formatCents(s.effective)}">${money(formatCents(s.effective))}</td></tr>`)}</tbody>
  </table>`)}`}
</section>
<section class="top-table" id="allocation">
  <h2>Chargeback by ${selection.tag} · <a id="attribution-csv" href="${csvLink}" download>CSV</a>
    <span class="note">(the same bytes as <code>costlens attribute ${cliFlags(selection)} --format csv</code>)</span></h2>
  ${tableScroll(`Chargeback by ${selection.tag}`, html`<table class="numbers stack" id="attribution-table">
    <thead><tr>${table.columns.map((c, i) => html`<th${i < 3 ? html` class="text"` : ''} data-column="${c}" title="CSV column ${c}">${chargebackHeading(c, keyColumn, result.key.name)}</th>`)}</tr></thead>
    <tbody>
      ${table.rows.length === 0 ? html`<tr><td colspan="${table.columns.length}">No line items in this range.</td></tr>` : ''}
      ${table.rows.map((row) => html`<tr${row[1] === UNTAGGED || row[1] === UNALLOCATED ? html` class="untagged"` : ''}>${row.map((cell, i) =>
        i < 3 ? html`<td class="text">${i === 2 && cell ? withBreaks(cell, /(?<=\+)/) : cell ?? ''}</td>` : table.columns[i].endsWith('_pct') ? html`<td data-value="${cell ?? ''}">${percent(cell)}</td>` : html`<td data-value="${cell ?? ''}">${money(cell)}</td>`)}</tr>`)}
    </tbody>
  </table>`)}
  <p class="note" id="raw-keys">${result.key.rawKeys.length > 0
    ? `${keyColumn === result.key.name ? result.key.name : `${result.key.name} (column ${keyColumn})`} is read from the raw keys ${result.key.rawKeys.join(', ')}, in that order.`
    : `No line item in the range carries ${result.key.name} under any spelling: everything is ${UNTAGGED}.`}
    ${result.periods.map((p) => `${p.period}: ${count(String(p.lines))} line items, BilledCost ${formatCents(p.total.billedCents)}, EffectiveCost ${formatCents(p.total.effectiveCents)}; the rows add up to both to the cent.`).join(' ')}</p>
  ${daysNotes.length > 0 ? html`<div class="note" id="covered-days">${daysNotes.map((note) => html`<p>${note}</p>`)}</div>` : ''}
</section>`;
    return { title: `Attribution by ${selection.tag}`, body };
  },
};

/** An option of a select, labelled by its value unless `label` is given (a tag key with blanks at an end shows quoted: `" org"`). */
function option(value: string, selected: string | undefined, label = value): Html {
  return html`<option value="${value}"${value === selected ? ' selected' : ''}>${label}</option>`;
}

/** A share in hundredths of a percent as the page prints it (`14.66%`), `–` for none. */
function shareText(hundredths: bigint | null): string {
  return hundredths === null ? '–' : percent(formatCents(hundredths));
}

/** part ÷ whole in hundredths of a percent, half away from zero. */
function ratioHundredths(part: bigint, whole: bigint): bigint {
  return divideRounded(part * 10_000n, whole);
}

/** Coverage of the selection: the one period's figure as the CLI gives it, else tagged ÷ total over its periods. */
function coverageOf(rows: CoverageRow[]): string | null {
  if (rows.length === 1) return rows[0].coverageHundredths === null ? null : formatCents(rows[0].coverageHundredths);
  const total = rows.reduce((s, r) => s + r.total, 0n);
  if (total <= 0n) return null;
  return formatCents(ratioHundredths(rows.reduce((s, r) => s + r.tagged, 0n), total));
}

function coverageTable(id: string, rows: CoverageRow[], measure: string): Html {
  return tableScroll('Coverage per billing period', html`<table class="numbers" id="${id}">
    <thead><tr><th>Period</th><th>Tagged</th><th>Shared</th><th>Account default</th><th>Untagged</th><th>Total (${measure})</th><th>Coverage</th></tr></thead>
    <tbody>
      ${rows.length === 0 ? html`<tr><td colspan="7">No line items in these periods.</td></tr>` : ''}
      ${rows.map((r) => html`<tr><td>${r.period}</td>${[r.tagged, r.shared, r.accountDefault, r.untagged, r.total].map((c) => html`<td data-value="${formatCents(c)}">${money(formatCents(c))}</td>`)}<td data-value="${r.coverageHundredths === null ? '' : formatCents(r.coverageHundredths)}">${r.coverageHundredths === null ? '–' : percent(formatCents(r.coverageHundredths))}</td></tr>`)}
    </tbody>
  </table>`);
}

/**
 * The tag key a bare /attribution starts with: the first key configured under attribution.tags;
 * else the raw key in the range that looks like an owner (team, owner, cost centre…) on the most
 * line items; else the raw key on the most line items; else `team`.
 */
async function defaultTag(analyses: Analyses, range: AttributionRange): Promise<string> {
  const configured = Object.keys(analyses.config.attribution.tags);
  if (configured.length > 0) return configured[0];
  const rows = await runQuery(analyses.engine, 'attribution/tag_keys', rangeParams(range));
  const keys = rows.map((r) => ({ key: String(r.tag_key), lines: r.lines ?? 0 })).filter((k) => !k.key.startsWith('aws:') && k.key !== 'Name');
  keys.sort((a, b) => b.lines - a.lines || codePointOrder(a.key, b.key));
  for (const likely of LIKELY_KEYS) {
    const found = keys.find((k) => foldKey(k.key) === likely);
    if (found) return found.key;
  }
  return keys[0]?.key ?? 'team';
}

/**
 * When no line item in the range carries the key under any spelling (none of its spend is then
 * attributed by the tag itself): says so, with a link to the key in the range it most likely
 * meant, as `costlens attribute` says on stderr.
 */
function absentKeyNote(tag: string, rangeText: string, keysInRange: readonly string[], params: Record<string, string>): Html {
  const guess = likelyTagKey(tag, keysInRange);
  const meant = guess === undefined ? html` Choose a key under Filters.` : html` Did you mean <a id="likely-key" href="/attribution?${new URLSearchParams({ ...params, tag: guess })}">${quotedWhenUnclear(guess)}</a>?`;
  return html`<p class="provisional" id="absent-key">No line item in ${rangeText} carries ${tag} under any spelling: none of its spend is attributed by the tag itself.${meant}</p>`;
}

/**
 * Which span the page shows and why, with a link to the days of as-of's month while that month is
 * not the last complete one: its month to date, or the whole month, not complete yet, when a
 * delivery of fees only has not invoiced its bill (`Nov 2018, not complete yet: 1–30 Nov 2018`;
 * none when the page shows that month's bill already).
 */
function periodNote(request: PageRequest, selection: { period?: string; start?: string; end?: string }, params: Record<string, string>): Html {
  const { context } = request;
  if (!context.horizon) return html``;
  const mtd = { ...params, start: context.month_start, end: context.as_of_next };
  delete (mtd as Record<string, string | undefined>).period;
  const whole = context.as_of === monthEnd(context.as_of);
  const month = context.month_start.slice(0, 7);
  // None when that month is the last complete one, or shown whole already.
  const linked = month !== context.last_complete_month && !(whole && selection.period === month);
  const monthToDate = !linked ? '' : html` · <a id="month-to-date" href="/attribution?${new URLSearchParams(mtd)}">${whole ? `${monthLabel(month)}, not complete yet` : 'month to date'}: ${daySpan(context.month_start, context.as_of)}</a>`;
  const complete = selection.period === context.last_complete_month ? ', the last complete month' : '';
  const what = selection.period ? `Billing period ${selection.period}${complete}` : `Charges ${daySpan(selection.start!, addDays(selection.end!, -1))}`;
  return html`<p class="as-of" id="as-of">${what}; data complete through ${shortDay(context.as_of, true)}, the last complete day in the store${heldBackWords({ heldBack: context.held_back })}${monthToDate}.</p>`;
}
