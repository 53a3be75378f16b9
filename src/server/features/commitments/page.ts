import { html } from 'hono/html';
import { addDays, daySpan, monthLabel, monthsTouched, shortDay } from '../../../lib/calendar.ts';
import { billingDataDays } from '../../../analyze/billing-calendar.ts';
import {
  amortisedCostWords, commitmentAmountCells, expiringHeadline, hourlyDollarsText, hoursCell, lookbackText, ownDataWords, percentCell, purchaseUnstated, shownDaysEnd, unstatedPurchaseNotes, unusedCostCents,
} from '../../../analyze/commitments/index.ts';
import type { Analyses } from '../../analysis-service.ts';
import { refusedWithForm } from '../../refused-with-form.ts';
import { FilterReader } from '../../filters.ts';
import { allPeriodsReport, defaultCommitments, periodLabel, periodReport, requestedPeriod, shortId, type CommitmentsReport } from './view.ts';
import type { BillingDaySpan } from '../../../analyze/billing-calendar.ts';
import { chartFigure, count, day, filterForm, type Html, money, type Page, type PageRequest } from '../../html/index.ts';
import { formatUsd, unitsOf, unitsOrNull } from '../../../lib/money.ts';
import { splitMoney } from '../../html/index.ts';
import { codePointOrder, descending } from '../../../lib/order.ts';
import { plural, pluralNoun } from '../../../lib/text.ts';

type Group = NonNullable<CommitmentsReport['groups']>[number];
/**
 * A percentage of the report as `costlens commitments` and the weekly e-mail write it (`percentCell`:
 * two decimals, `75.00`), in the pages' way: `75.00%`, a true minus sign (`−3.48%`), `–` for none.
 */
const pct = (v: number | null) => (v === null ? '–' : `${percentCell(v)!.replace(/^-/, '−')}%`);

/**
 * Commitments: the Reserved Instances and Savings Plans of a billing period (`?period=YYYY-MM`,
 * default the last complete month up to the data horizon, as `costlens commitments` picks it; a
 * URL without it is redirected to one with it; the page says which days it covers) as `costlens commitments`
 * reports them: utilisation, unused commitment cost, coverage and the effective savings rate,
 * utilisation and coverage over every period, unused cost by commitment, the expiry timeline,
 * coverage gaps by instance family and account, and Compute Savings Plan purchase advice.
 * Commitments whose purchase no line states (the FOCUS 1.0 sample's Savings Plans) are said under
 * the cards in the command's words (unstatedPurchaseNotes), and their unused cost, which nothing
 * measures, reads "–", never $0.00 (the card "not stated" when no commitment states it).
 */
export const commitmentsPage: Page = {
  path: '/commitments',
  title: 'Commitments',
  async render(request: PageRequest) {
    const { analyses, query } = request;
    const { given, period } = await refusedWithForm(async () => {
      const named = new FilterReader(query, 'the Commitments page', ['period']).one('period');
      return { given: named, period: await requestedPeriod(analyses, named) };
    }, () => refusalForm(analyses));
    if (!given) return { redirect: `/commitments?${new URLSearchParams({ period })}` };
    const [report, all, families, accounts, chosen] = await Promise.all([
      periodReport(analyses, period), allPeriodsReport(analyses), periodReport(analyses, period, 'family'), periodReport(analyses, period, 'account'),
      defaultCommitments(analyses),
    ]);
    const periods = [...new Set([...all.byPeriod.map((p) => p.period), period])].sort().reverse();
    const body = html`
<h1>Commitments</h1>
${periodForm(period, periods)}
<p class="as-of" id="period-days">${periodDays(period, report)}${chosen?.notInStore && chosen.period === period
    ? ` The last complete month, ${chosen.notInStore.period}, is not in the store (${chosen.notInStore.why}), so the default is this month, up to the data horizon.` : ''}</p>
${report.wholeBills ? html`<p class="note" id="whole-bills">${report.wholeBills}.</p>` : ''}
<section class="kpis" aria-label="Commitments">
  ${kpi('commitments-utilisation', 'Utilisation', pct(report.utilisationPercent), report.utilisationPercent, utilisationNote(report))}
  ${unusedCard(report)}
  ${kpi('commitments-coverage', 'Coverage', pct(report.coveragePercent), report.coveragePercent,
    `of eligible instance hours; ${pct(report.coverageCostPercent)} of on-demand-equivalent cost; ${money(report.coverage.onDemandCost)} on demand could have been covered`)}
  ${kpi('commitments-esr', 'Effective savings rate', pct(report.effectiveSavingsRate), report.effectiveSavingsRate,
    `on-demand equivalent ${money(report.onDemandEquivalent)}, ${amortisedCostWords(report, money)}`)}
</section>
${unstatedPurchaseNotes(report).map((note) => html`<p class="note unstated-purchase">${note}.</p>`)}
${chartFigure('commitments_over_time', {}, overTimeCaption(all, await analyses.billingSpan()))}
${unusedChart(report, period)}
<h2>Commitments in ${period}</h2>
${commitmentsTable(report)}
<h2>Expiry (${report.wholeBills ? `after ${day(report.horizon)}, the end of the last complete bill` : shownDaysEnd(report) ? `after ${day(report.horizon)}, the store's latest data` : `data horizon ${day(report.horizon)}`})</h2>
${expiryTimeline(report, period)}
${expiringTable(report)}
<h2>Coverage gaps</h2>
<p>Eligible usage no commitment covered, by instance family and by account: what a commitment could have covered in ${period}.</p>
${groupTable('coverage-by-family', 'Instance family', families.groups ?? [], report.coverage.onDemandCost)}
${groupTable('coverage-by-account', 'Account', accounts.groups ?? [], report.coverage.onDemandCost)}
<h2>Purchase advice</h2>
${adviceSection(report)}
<p class="range">Rightsizing and idle findings on the same resources: <a href="/optimisation">Optimisation</a>. Definitions and sources: README, "Commitments".</p>`;
    return { title: `Commitments ${period}`, body };
  },
};

/**
 * The over-time chart's caption: `Utilisation and coverage per billing period`, and the months the
 * store holds only part of, with their days (`; Dec 2026 (1–6 Dec) holds only those days, up to the data horizon`).
 */
export function overTimeCaption(all: CommitmentsReport, span: BillingDaySpan | undefined): string {
  const parts = all.byPeriod.map((p) => periodLabel(p.period, span)).filter((label) => label.includes('('));
  if (parts.length === 0) return 'Utilisation and coverage per billing period';
  return `Utilisation and coverage per billing period; ${parts.join(' and ')} ${parts.length === 1 ? 'holds' : 'hold'} only those days of the month (the store's billing data runs ${daySpan(span!.firstDay.slice(0, 10), span!.lastDay.slice(0, 10))}, to the data horizon)`;
}

/** The page's filter form: the billing period, one of `periods` (newest first). */
function periodForm(period: string | undefined, periods: string[]): Html {
  return filterForm({
    action: '/commitments',
    settings: period ? [`billing period ${period}`] : [],
    fields: html`<label>Billing period <select name="period">
    ${periods.map((p) => html`<option value="${p}"${p === period ? ' selected' : ''}>${p}</option>`)}
  </select></label>`,
  });
}

/**
 * The form of a refused request, from the store's calendar alone (no commitments analysis): the
 * months of its billing data, the default period chosen.
 */
async function refusalForm(analyses: Analyses): Promise<Html> {
  const span = await analyses.billingSpan();
  if (!span) return periodForm(undefined, []);
  const data = billingDataDays(span);
  return periodForm((await defaultCommitments(analyses))?.period, monthsTouched(data.first, addDays(data.last, 1)).reverse());
}

/**
 * `Billing period 2026-10: 1–31 Oct 2026, complete (data through 14 Nov 2026, the data horizon).`,
 * `Billing period 2026-11: 1–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data
 * horizon).`: the report's days (src/analyze/commitments/days.ts), as `costlens commitments` says
 * them; days the horizon cuts short say where the data ends themselves. A store without daily
 * usage has no data horizon: `(complete bills through Nov 2018)`, as the command says it. A period
 * of an earlier delivery than the store's latest names its own data, not the store's horizon (from
 * which the expiry and the advice count, which they say), in the command's words (ownDataWords):
 * `(data through 30 Nov 2018, the data of aws/836060457634, its source)`.
 */
function periodDays(period: string, report: CommitmentsReport): string {
  if (report.wholeBills) return `Billing period ${period}: ${report.days.description} (complete bills through ${monthLabel(report.horizon)}).`;
  if (!report.days.complete) return `Billing period ${period}: ${report.days.description}.`;
  const own = shownDaysEnd(report) ? report.periodData : undefined;
  if (own) return `Billing period ${period}: ${report.days.description} (data through ${shortDay(own.horizon, true)}, ${ownDataWords(own)}).`;
  return `Billing period ${period}: ${report.days.description} (data through ${shortDay(report.horizon, true)}, the data horizon).`;
}

/** Under the utilisation card: each kind's utilisation, or that the period has none of a kind, as `costlens commitments` says it (`no RIs`). */
function utilisationNote(report: CommitmentsReport): string {
  const ris = report.reservedInstances.count === 0 ? 'no RIs'
    : `RIs ${pct(report.reservedInstances.utilisationPercent)} of hours, ${pct(report.normalisedUtilisationPercent)} of normalised units`;
  return `${ris}; ${report.savingsPlans.count === 0 ? 'no Savings Plans' : `Savings Plans ${pct(report.savingsPlans.utilisationPercent)}`}`;
}

/**
 * The unused commitment cost card: "not stated" when no commitment of the period states what it
 * bought (unstatedPurchaseNotes says why, below the cards), since $0.00 would read as measured;
 * else the cost, saying how many commitments it leaves out for want of a stated purchase.
 */
function unusedCard(report: CommitmentsReport): Html {
  const counts = `${plural(report.reservedInstances.count, 'Reserved Instance')}, ${plural(report.savingsPlans.count, 'Savings Plan')}`;
  const unstated = report.commitments.filter(purchaseUnstated).length;
  if (unstated > 0 && unstated === report.commitments.length) {
    return kpi('commitments-unused', 'Unused commitment cost', 'not stated', null, `${counts}: no line states what ${pluralNoun(unstated, 'it', 'they')} bought (below)`);
  }
  return kpi('commitments-unused', 'Unused commitment cost', money(report.unusedCost), report.unusedCost,
    `${counts}${unstated > 0 ? `; not counting ${unstated} whose purchase no line states (below)` : ''}`);
}

/** The unused cost by commitment, or a sentence when no commitment states what it bought: nothing measures their unused cost, so no bar of $0.00 is drawn. */
function unusedChart(report: CommitmentsReport, period: string): Html {
  const unstated = report.commitments.filter(purchaseUnstated).length;
  if (unstated > 0 && unstated === report.commitments.length) {
    return html`<p id="unused-unstated">No commitment of ${period} states what it bought (the note above), so there is no unused commitment cost to chart.</p>`;
  }
  return chartFigure('commitments_unused', { period }, unusedChartCaption(period, unstated, report.commitments.length));
}

/**
 * The unused cost chart's caption: with `unstated` of its `commitments` stating no purchase, that
 * their unused cost is not stated, so they have no bar (the API gives them null, never $0.00).
 */
export function unusedChartCaption(period: string, unstated: number, commitments: number): string {
  const unstatedText = unstated > 0
    ? `; ${unstated} of ${commitments} ${pluralNoun(unstated, 'states no purchase, so its unused cost is', 'state no purchase, so their unused cost is')} not stated and not drawn`
    : '';
  return `Unused commitment cost by commitment, ${period}${unstatedText}`;
}

function kpi(id: string, title: string, shown: string, value: string | number | null, note: string): Html {
  return html`<div class="kpi" id="${id}">
    <h2>${title}</h2>
    <p class="figure" data-value="${value === null ? '' : String(value)}">${shown}</p>
    <p class="range">${note}</p>
  </div>`;
}

/**
 * Each commitment of the period. Their unused costs split the headline's unused commitment cost,
 * so they are its largest-remainder rounding and add up to it as shown. Purchased, used and unused
 * are written as `costlens commitments`' table writes them (`commitmentAmountCells`), each saying its
 * unit, so the table has no unit column: an RI's hours to two decimals at most (`335.32 h`), a
 * Savings Plan's dollars to the cent, its unused dollars its unused cost's cents and its used dollars
 * purchased less unused as shown, so its row adds up.
 */
function commitmentsTable(report: CommitmentsReport): Html {
  const unusedCost = unusedCostCents(report);
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Each commitment"><table id="commitments" class="numbers">
  <thead><tr><th>Commitment</th><th class="text">Type</th><th class="text">Account</th><th class="text">Ends</th><th>Purchased</th><th>Used</th><th>Unused</th><th>Utilisation</th><th>Normalised</th><th>Unused cost</th></tr></thead>
  <tbody>
  ${report.commitments.map((c, i) => {
    const [purchased, used, unused] = commitmentAmountCells(c, unusedCost[i], formatUsd).map((cell) => cell ?? '–');
    return html`<tr data-arn="${c.arn}">
    <td class="wrap" title="${c.arn}">${shortId(c.arn)}${c.instanceType ? ` (${c.instanceType}${c.reservations && c.reservations > 1 ? ` ×${c.reservations}` : ''})` : ''}</td>
    <td class="text">${c.type}</td><td class="text">${c.accountId ?? '–'}</td><td class="text">${day(c.end)}</td>
    <td data-value="${String(c.purchased ?? '')}">${purchased}</td>
    <td data-value="${String(c.used ?? '')}">${used}</td>
    <td data-value="${String(c.unused ?? '')}">${unused}</td>
    <td data-value="${String(c.utilisationPercent ?? '')}">${pct(c.utilisationPercent)}</td>
    <td data-value="${String(c.normalisedUtilisationPercent ?? '')}">${pct(c.normalisedUtilisationPercent)}</td>
    ${purchaseUnstated(c) ? html`<td data-value="">–</td>` : html`<td data-value="${c.unusedCost}">${unusedCost[i] === null ? '–' : formatUsd(unusedCost[i])}</td>`}
  </tr>`;
  })}
  </tbody>
</table></div>`;
}

/**
 * The expiry timeline of the commitments whose term end the bill states; those it does not (FOCUS
 * states none) are counted beside it, and with none to place there is a sentence instead of a chart.
 */
function expiryTimeline(report: CommitmentsReport, period: string): Html {
  const unstated = report.commitments.filter((c) => c.end === null).length;
  if (unstated > 0 && unstated === report.commitments.length) {
    return html`<p id="expiry-unstated">The bill states no term end for any of the ${count(String(unstated))} ${pluralNoun(unstated, 'commitment')} of ${period} (FOCUS data carries none; a CUR states it in its reservation and Savings Plan end times), so there is no expiry timeline.</p>`;
  }
  const caption = `When each commitment ends, sized by its monthly value${unstated > 0 ? `; ${unstated} of ${report.commitments.length} not drawn: the bill states no term end for them` : ''}`;
  return chartFigure('commitments_expiry', { period }, caption);
}

function expiringTable(report: CommitmentsReport): Html {
  if (report.expiring.length === 0) return html`<p id="expiring-none">${expiringHeadline(report, 'period')}</p>`;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Expiring commitments"><table id="expiring" class="numbers">
  <thead><tr><th>Commitment</th><th class="text">Type</th><th class="text">Ends</th><th>Days left</th><th>Monthly value</th><th>On demand if not renewed, a month</th></tr></thead>
  <tbody>${report.expiring.map((e) => html`<tr data-arn="${e.arn}"><td title="${e.arn}">${shortId(e.arn)}</td><td class="text">${e.type}</td><td class="text">${day(e.end)}</td>
    <td data-value="${String(e.daysLeft)}">${e.daysLeft}</td><td data-value="${e.monthlyValue ?? ''}">${money(e.monthlyValue)}</td>
    <td data-value="${e.onDemandIfNotRenewed ?? ''}">${money(e.onDemandIfNotRenewed)}</td></tr>`)}</tbody>
</table></div>`;
}

/**
 * Coverage gaps by a dimension, the most on-demand spend first; the groups split the on-demand spend
 * that could have been covered (`total`, the coverage card's), so their cents add up to it as shown.
 * Eligible hours as `costlens commitments --by` writes them (`hoursCell`): `14,226.21 h`.
 */
function groupTable(id: string, label: string, groups: Group[], total: string | null): Html {
  const sorted = [...groups].sort((a, b) => descending(unitsOf(a.onDemandCost), unitsOf(b.onDemandCost)) || codePointOrder(a.key, b.key));
  const onDemand = splitMoney(sorted.map((g) => unitsOrNull(g.onDemandCost)), unitsOrNull(total));
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${label}"><table id="${id}" class="numbers">
  <thead><tr><th>${label}</th><th>Eligible hours</th><th>Coverage (hours)</th><th>Coverage (cost)</th><th>On demand, could have been covered</th></tr></thead>
  <tbody>${sorted.map((g, i) => html`<tr data-key="${g.key}"><td>${g.key}</td><td data-value="${String(g.eligibleHours ?? '')}">${hoursCell(g.eligibleHours) ?? '–'}</td>
    <td data-value="${String(g.coveragePercent ?? '')}">${pct(g.coveragePercent)}</td><td data-value="${String(g.coverageCostPercent ?? '')}">${pct(g.coverageCostPercent)}</td>
    <td data-value="${g.onDemandCost ?? ''}">${onDemand[i]}</td></tr>`)}</tbody>
</table></div>`;
}

/**
 * The purchase advice, or, when none was read (a store without daily usage), only its notes saying
 * why. The look-back is named by the days it covers, both included, with its hours, as `costlens
 * commitments` names it (`lookbackText`: `6 Nov – 5 Dec 2026, 720 hours`), and, of a period of an
 * earlier delivery than the store's latest (shownDaysEnd), as counted from the store's latest data;
 * every percentage, the rate's discount too, has two decimals.
 */
function adviceSection(report: CommitmentsReport): Html {
  const a = report.advice;
  if (report.wholeBills && a.hours === 0 && report.recommendations.length === 0) return html`${a.notes.map((n) => html`<p class="range" id="advice-not-read">${n}.</p>`)}`;
  return html`<p id="advice-lookback">${shownDaysEnd(report) ? 'From the store\'s latest data: look-back' : 'Look-back'} ${lookbackText(a)} (${money(a.eligibleOnDemandCost)} of eligible on-demand spend): ${a.hoursSource}.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Purchase advice"><table id="advice" class="numbers">
  <thead><tr><th>Plan</th><th>Commitment, an hour</th><th>Expected utilisation</th><th>Coverage</th><th>Saving, a month</th><th>Break-even utilisation</th><th class="text">Rate</th></tr></thead>
  <tbody>${report.recommendations.map((r) => html`<tr data-term="${r.term}"><td class="breakable">${r.term} ${r.paymentOption} ${r.type}</td>
    <td data-value="${r.hourlyCommitment ?? ''}">${hourlyDollarsText(r.hourlyCommitment)}</td><td data-value="${String(r.expectedUtilisationPercent)}">${pct(r.expectedUtilisationPercent)}</td>
    <td>${pct(r.expectedCoveragePercent)}</td><td data-value="${r.monthlySaving ?? ''}">${money(r.monthlySaving)}</td>
    <td>${pct(r.breakEvenUtilisationPercent)}</td><td class="text wrap" data-source="${r.rateSource}">${pct(r.discountPercent)} off on demand — ${r.rateBasis}</td></tr>`)}</tbody>
</table></div>
${a.notes.map((n) => html`<p class="range">${n}</p>`)}`;
}
