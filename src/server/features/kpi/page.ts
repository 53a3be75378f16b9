import { html } from 'hono/html';
import { percentCell } from '../../../lib/quantity-cells.ts';
import {
  efficiencyKpis, KPI_NAMES, NOT_CLASSIFIED_BASIS, KPI_NEED, kpiMonthsWithoutType, kpiNotClassified, kpiNotInStoreSentence, kpiPartialSavingReason, kpiSavingNotClassified, kpiUsageWithoutType, kpiUsageWithoutTypeNote, type KpiName, type KpiReport, type KpiRow,
} from '../../../analyze/kpi/index.ts';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { noDailyUsageError } from '../../../analyze/monthly-bills.ts';
import { daySpan, monthEnd, monthLabel } from '../../../lib/calendar.ts';
import { toUnits } from '../../../lib/money.ts';
import type { StoreDays } from '../../../lib/store-days.ts';
import type { Analyses } from '../../analysis-service.ts';
import { storeDaysOf } from '../../context.ts';
import { FilterReader } from '../../filters.ts';
import { filterForm, type Html, money, type Page, type PageRequest, tableScroll, withCode } from '../../html/index.ts';
import { splitMoney } from '../../html/index.ts';

const BY = ['account', 'team'] as const;
const MONTHS = ['3', '1', '6', '12'] as const;

const LABELS: Record<KpiName, string> = {
  spot: 'Spot', graviton: 'Graviton', currentGeneration: 'Current generation', gp3: 'gp3', commitmentCoverage: 'Commitment coverage', s3Standard: 'S3 Standard',
};
const UNITS: Record<KpiName, string> = {
  spot: 'of EC2 instance hours', graviton: 'of EC2 instance hours', currentGeneration: 'of EC2 instance hours', gp3: 'of EBS GB-months',
  commitmentCoverage: 'of eligible on-demand-equivalent cost', s3Standard: 'of S3 GB-months (a ceiling)',
};

/** The owner tag key when the server was given the whole config file (its `report` section), else the report's default, `team`. */
function ownerTagKey(config: object): string {
  const c = config as { report?: { ownerTagKey?: string }; commitments?: { teamTagKey?: string } };
  return c.commitments?.teamTagKey ?? c.report?.ownerTagKey ?? 'team';
}

/**
 * `costlens kpi --by BY --months N` on the pinned generation, cached per generation; `store`, the
 * store's days as the request's context read them (storeDaysOf), names the days it does not hold.
 */
export async function kpiReport(analyses: Analyses, by: 'account' | 'team', months: number, store?: StoreDays): Promise<KpiReport> {
  const config = analyses.config;
  return (await analyses.cached(`kpi\u0000${by}\u0000${months}`, () => efficiencyKpis(analyses.engine, {
    months, by, config: config.kpi, commitments: config.commitments, team: { tagKey: ownerTagKey(config), attribution: config.attribution }, store,
  }))).value;
}

/** The AWS usage lines without a usage type on a report's days, which its EC2, EBS and S3 KPIs cannot classify, as `costlens kpi` reads them (cached per generation and days). */
async function usageWithoutType(analyses: Analyses, report: KpiReport): Promise<UsageWithoutType | null> {
  return (await analyses.cached(`kpi-usage-without-type\u0000${report.from}\u0000${report.to}`, () => kpiUsageWithoutType(analyses.engine, report))).value;
}

/** The months of a report whose lines without a usage type leave its EC2, EBS and S3 figures unclassified (kpiMonthsWithoutType; cached per generation and days). */
async function monthsWithoutType(analyses: Analyses, report: KpiReport, usage: UsageWithoutType | null): Promise<Set<string>> {
  return (await analyses.cached(`kpi-months-without-type\u0000${report.from}\u0000${report.to}`, () => kpiMonthsWithoutType(analyses.engine, report, usage))).value;
}

/** A percentage as the terminal tables write it (two decimals, rounded once on the decimal), or a dash. */
const pct = (v: number | null) => (v === null ? '–' : `${percentCell(v)}%`);

/** The row of all accounts or teams. */
const isAll = (r: KpiRow) => r.accountId === null && r.team === null;

/**
 * Efficiency KPIs (CUDOS's KPI dashboard): per billing month and account or team (`?by=`), the
 * share of EC2 hours on Spot, Graviton and the current generation, the gp3 share of EBS, commitment
 * coverage and the S3 Standard share, each against its target (`kpi.targets`) with what reaching it
 * would have saved in that month's bill, as `costlens kpi --by … --months …` reports them. A store
 * without daily usage (a monthly CUR, whose usage lines count as recurring; fees only) is refused
 * as the command refuses it: what the store holds, that the KPIs need usage lines ({@link KPI_NEED}), the hint.
 * AWS usage lines without a usage type (a FOCUS 1.0 export), which the EC2, EBS and S3 KPIs cannot
 * classify, are named under the days, in the command's words (kpiUsageWithoutTypeNote); a figure
 * zero only because of them (kpiNotClassified) reads "not classified", never $0.00, and so does
 * the saving at every target where a saving it adds up is not classified (kpiSavingNotClassified),
 * with the command's note under its table (kpiPartialSavingReason). The days of its span the store
 * does not hold are named under the days, in the command's words (kpiNotInStoreSentence). The cards
 * measure the latest month alone (all accounts together): a heading over them names it, with its
 * days when the page counts only part of it (monthShown).
 */
export const kpiPage: Page = {
  path: '/kpi',
  title: 'KPIs',
  shows: 'the efficiency KPIs (Spot, Graviton, current generation, gp3, commitment coverage, S3 Standard) against their targets',
  async render(request: PageRequest) {
    const filters = new FilterReader(request.query, 'the KPI page', ['by', 'months']);
    const by = filters.choice('by', BY) ?? 'account';
    const months = filters.choice('months', MONTHS) ?? MONTHS[0];
    const whole = request.context.whole_bills;
    if (whole) throw noDailyUsageError(whole.bills, KPI_NEED);
    const report = await kpiReport(request.analyses, by, Number(months), storeDaysOf(request.context));
    const notInStore = kpiNotInStoreSentence(report);
    const unclassified = await usageWithoutType(request.analyses, report);
    const notClassified = await monthsWithoutType(request.analyses, report, unclassified);
    const periods = [...new Set(report.rows.map((r) => r.month))].sort();
    const latest = periods[periods.length - 1];
    const all = report.rows.find((r) => r.month === latest && isAll(r));
    const group = by === 'team' ? `Team (${report.teamTagKey})` : 'Account';
    const label = (month: string) => monthShown(month, report);
    const savingReason = kpiPartialSavingReason(report.rows, notClassified, (k) => LABELS[k]);
    const body = html`
<h1>Efficiency KPIs</h1>
${filterForm({
    action: '/kpi',
    settings: [`by ${by}`, `${months} months`],
    fields: html`<label>By <select name="by">${BY.map((b) => html`<option value="${b}"${b === by ? ' selected' : ''}>${b}</option>`)}</select></label>
  <label>Months <select name="months">${MONTHS.map((m) => html`<option value="${m}"${m === months ? ' selected' : ''}>${m}</option>`)}</select></label>`,
  })}
<p class="as-of" id="kpi-days">Charge days <strong>${daySpan(report.from, report.to)}</strong> (up to the data horizon), by billing month; the same figures as
  <code>costlens kpi --by ${by} --months ${months}</code>.</p>
${notInStore ? html`<p class="note" id="kpi-not-in-store">${notInStore}</p>` : ''}
${unclassified ? html`<p class="note" id="kpi-not-classified" data-lines="${unclassified.lines}">Not classified: ${kpiUsageWithoutTypeNote(unclassified)}.</p>` : ''}
${all ? html`<h2 id="kpi-cards-heading">${label(latest)}, all accounts together</h2>
<section class="kpis" aria-label="KPIs, ${label(latest)}">${KPI_NAMES.map((k) => card(k, all, notClassified))}</section>
${totalSaving(all, daySpan(all.firstDay, all.lastDay), notClassified)}` : html`<p id="kpi-none">No EC2, EBS, S3 or commitment-eligible usage in these months.</p>`}
${savingReason ? html`<p class="note" id="kpi-saving-not-classified">Saving at targets reads "not classified" ${savingReason}, as <code>costlens kpi</code> leaves it blank.</p>` : ''}
${latest ? html`<h2 id="kpi-group-heading">${label(latest)} by ${by}</h2>${groupTable(report.rows.filter((r) => r.month === latest), group, label, notClassified)}` : ''}
<h2>Every month, all ${by === 'team' ? 'teams' : 'accounts'}</h2>
${groupTable(report.rows.filter(isAll), 'Month', label, notClassified, true)}
<h2>Definitions and targets</h2>
<dl class="definitions" id="kpi-definitions">${KPI_NAMES.map((k) => html`<dt>${LABELS[k]} (target ${k === 's3Standard' ? '≤' : '≥'} ${all?.targets[k].target ?? request.config.kpi.targets[k]}%)</dt>
  <dd>${withCode(report.definitions[k])}${all ? html`. Saving: ${withCode(all.targets[k].basis)}.` : ''}</dd>`)}</dl>
<p class="note">Targets come from <code>kpi.targets</code> in costlens.config.yaml; a group's saving measures that group against the target, the all row the whole organisation.
  Teams are the ${report.teamTagKey ?? ownerTagKey(request.config)} tag as the weekly report reads it (aliases, account defaults). Commitments in detail: <a href="/commitments">Commitments</a>.</p>`;
    return { title: 'KPIs', body };
  },
};

/**
 * A month as the page names it: `Nov 2026` when the report counts all of its days, else with the
 * days it counts, as Storage and Data transfer mark the month in progress: `Dec 2026 (1–5 Dec, so
 * far)` up to the data horizon, `Sep 2026 (15–30 Sep)` when the bill starts after the 1st.
 */
export function monthShown(month: string, report: Pick<KpiReport, 'from' | 'to'>): string {
  const first = `${month.slice(0, 7)}-01`;
  const last = monthEnd(first);
  const from = report.from > first ? report.from : first;
  const to = report.to < last ? report.to : last;
  if (from === first && to === last) return monthLabel(first);
  return `${monthLabel(first)} (${daySpan(from, to, false)}${to < last ? ', so far' : ''})`;
}

/**
 * What reaching every target would have saved in the bill of `days`, all accounts measured
 * together; "not classified" when a saving it adds up is not (kpiSavingNotClassified), as
 * `costlens kpi` leaves saving_at_targets blank then: the measured savings alone would read as the whole.
 */
function totalSaving(all: KpiRow, days: string, notClassified: ReadonlySet<string>): Html {
  if (kpiSavingNotClassified(all, notClassified)) {
    return html`<p class="range" id="kpi-total-saving" data-value="">Reaching every target: the saving in the bill of ${days} (all accounts measured together) is <strong>not classified</strong> (the note below).</p>`;
  }
  return html`<p class="range" id="kpi-total-saving" data-value="${all.totalSaving}">Reaching every target would have saved <strong>${money(all.totalSaving)}</strong> in the bill of
  ${days} (all accounts measured together).</p>`;
}

/** A KPI's card; one with nothing to measure says whether that is because its month's lines carry no usage type (`notClassified`: the months they do). */
function card(name: KpiName, row: KpiRow, notClassified: ReadonlySet<string>): Html {
  const t = row.targets[name];
  const unmeasured = kpiNotClassified(row, name, notClassified) ? `${NOT_CLASSIFIED_BASIS} (the note above)` : 'nothing to measure';
  return html`<div class="kpi" id="kpi-${name}">
    <h2>${LABELS[name]}</h2>
    <p class="figure${t.met === false ? ' up' : ''}" data-value="${t.current === null ? '' : String(t.current)}">${pct(t.current)}</p>
    <p class="range">${UNITS[name]}; target ${name === 's3Standard' ? '≤' : '≥'} ${t.target}%; ${t.met === null ? unmeasured : t.met ? 'met' : `at target: ${t.saving === null ? 'not priced' : `${money(t.saving)} less`}`}</p>
  </div>`;
}

/**
 * A month's groups and its all row, or every month's all row (`byMonth`). In a month's table the
 * groups split the all row's EC2 instance cost, so their cents are its largest-remainder rounding
 * and add up to the all row's figure; the savings are not a split (each group is measured against
 * the target on its own, the all row the organisation), so each is rounded on its own. A row whose
 * EC2 instance hours are zero only because its month's lines carry no usage type (`notClassified`:
 * those months) reads "not classified" for its cost, not $0.00.
 */
function groupTable(rows: KpiRow[], label: string, monthText: (month: string) => string, notClassified: ReadonlySet<string>, byMonth = false): Html {
  if (rows.length === 0) return html`<p>No rows.</p>`;
  const id = byMonth ? 'kpi-by-month' : 'kpi-by-group';
  const all = byMonth ? undefined : rows.find(isAll);
  const groups = rows.filter((r) => !isAll(r));
  const split = all ? splitMoney(groups.map((r) => toUnits(r.ec2Cost)), toUnits(all.ec2Cost)) : [];
  const ec2Cost = (r: KpiRow) => (all && !isAll(r) ? split[groups.indexOf(r)] : money(r.ec2Cost));
  return tableScroll(`KPIs by ${label.toLowerCase()}`, html`<table id="${id}" class="numbers">
  <thead><tr><th>${label}</th><th>Saving at targets</th>${KPI_NAMES.map((k) => html`<th>${LABELS[k]}</th>`)}<th title="EffectiveCost of EC2 instance hours (BoxUsage, SpotUsage, DedicatedUsage): not EBS, data transfer or the other EC2 charges the Overview counts under the service">EC2 instance cost</th></tr></thead>
  <tbody>${rows.map((r) => html`<tr data-group="${byMonth ? r.month : r.accountId ?? r.team ?? 'all'}"><td>${byMonth ? monthText(r.month) : r.accountId ?? r.team ?? 'All'}</td>
    ${kpiSavingNotClassified(r, notClassified) ? html`<td data-value="">not classified</td>` : html`<td data-value="${r.totalSaving}">${money(r.totalSaving)}</td>`}
    ${KPI_NAMES.map((k) => html`<td data-kpi="${k}" data-value="${r.targets[k].current ?? ''}">${pct(r.targets[k].current)}</td>`)}
    ${kpiNotClassified(r, 'ec2', notClassified) ? html`<td data-value="">not classified</td>` : html`<td data-value="${r.ec2Cost}">${ec2Cost(r)}</td>`}</tr>`)}</tbody>
</table>`);
}
