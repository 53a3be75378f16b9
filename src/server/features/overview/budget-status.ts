/**
 * The Overview's budget card: every budget of the config over its period holding the page's as-of
 * day (the data horizon by default) — actual to date, share of the amount, forecast for the period's end, thresholds crossed and
 * since when — as `costlens budgets` reports them (src/analyze/budgets/evaluate.ts), computed once per
 * store generation. With no budget configured it says how to add one; a store with no billing
 * data says so in the card, never as an error of the page. In a store without daily usage the
 * budgets are judged on whole monthly bills, with no forecast (src/analyze/budgets/whole-bills.ts).
 */
import { html } from 'hono/html';
import { billSoFar, type BudgetStatus, type BudgetsReport, budgetsNotes, countedText, evaluateBudgets, notJudgedBriefly, thresholdText } from '../../../analyze/budgets/index.ts';
import { CostlensError } from '../../../errors.ts';
import { addDays } from '../../../lib/calendar.ts';
import { daysNotInStore } from '../../../lib/store-days.ts';
import { fromUnits } from '../../../lib/money.ts';
import { storeDaysOf } from '../../context.ts';
import { day, type Html, money, type PageRequest, tableScroll } from '../../html/index.ts';
import { percentText } from '../../../lib/quantity-cells.ts';

/**
 * The card's example budget, in lines short enough for a 360 px phone (each comment on a line of
 * its own, above its key); a narrower box scrolls sideways rather than wrap a line.
 */
const EXAMPLE = `budgets:
  - name: platform
    amount: 25000
    # monthly, quarterly or annual
    period: monthly
    # billed, effective or net
    cost: billed
    scope:
      accounts: ["123456789012"]`;

/**
 * The card, for the Overview (`id="budget-status"`, the anchor alerts link to): as of the page's
 * `asOf` (its `?as_of=`), or the data horizon when none is given or `asOf` is later (the store
 * holds no later day; the note says so).
 */
export async function budgetStatusCard(request: PageRequest, asOf?: string): Promise<Html> {
  const budgets = request.config.budgets;
  if (budgets.length === 0) {
    return html`<section class="top-table budget-status" id="budget-status">
  <h2>Budgets</h2>
  <p>No budget is configured. Add one under <code>budgets:</code> in <code>costlens.config.yaml</code>, for example:</p>
  <pre class="config-example" tabindex="0" role="region" aria-label="Example budget in costlens.config.yaml">${EXAMPLE}</pre>
  <p class="note">Thresholds default to 50, 80 and 100 % of the actual and 100 % of the forecast; <code>costlens budgets</code> shows the same figures, and <code>costlens alerts check</code> sends each crossing once (README, "Budgets" and "Alerts").</p>
</section>`;
  }
  // An as-of day the store does not hold (before its data, in a gap) has no spend to show, not $0.00;
  // one past the data horizon is measured at the horizon (evaluateBudgets), as the note says.
  const missing = asOf === undefined || (request.context.horizon !== undefined && asOf > request.context.horizon)
    ? null : daysNotInStore(asOf, addDays(asOf, 1), storeDaysOf(request.context));
  if (missing) {
    return html`<section class="top-table budget-status" id="budget-status"><h2>Budgets, as of ${day(asOf)}</h2><p>No budget figures: ${missing.why}, and a day not in the store is not a day of no spend (choose an as-of day the store holds).</p></section>`;
  }
  let report: BudgetsReport;
  try {
    report = (await request.analyses.cached(`budgets/status\u0000${asOf ?? ''}`, () => evaluateBudgets(request.analyses.engine, request.config, { asOf }))).value;
  } catch (error) {
    if (!(error instanceof CostlensError) || error.code === 'internal') throw error;
    return html`<section class="top-table budget-status" id="budget-status"><h2>Budgets</h2><p>No budget figures yet: ${error.message}${error.hint ? ` (${error.hint})` : ''}.</p></section>`;
  }
  return html`<section class="top-table budget-status" id="budget-status">
  <h2>Budgets, as of ${day(report.asOf)}</h2>
  ${tableScroll('Budgets', html`<table class="numbers stack" id="budget-table">
    <thead><tr><th>Budget</th><th>Actual</th><th>Budget amount</th><th>Share</th><th>Forecast</th><th>Crossed</th></tr></thead>
    <tbody>${report.statuses.map((s) => {
      const crossed = s.thresholds.filter((t) => t.crossed);
      // Crossed, and not judged (a forecast threshold with no forecast): never shown as "none".
      const shown = s.thresholds.filter((t) => t.crossed !== false);
      const level = s.notJudged !== null ? 'not-judged' : crossed.some((t) => t.basis === 'actual' && t.percent >= 100) ? 'over' : crossed.length ? 'warn' : 'ok';
      return html`<tr data-budget="${s.budget.name}" class="budget-${level}">
        <td>${s.budget.name}<br><span class="note">${s.period.label}${s.complete ? '' : `, ${countedText(s)}`} · ${s.budget.cost} · ${s.scope}</span></td>
        ${s.daysCounted === 0 ? html`<td data-value="">–</td>` : html`<td data-value="${fromUnits(s.actual)}">${money(fromUnits(s.actual))}</td>`}
        <td data-value="${fromUnits(s.amount, 2)}">${money(fromUnits(s.amount, 2))}</td>
        ${shareCell(s)}
        <td data-value="${s.forecast === null ? '' : fromUnits(s.forecast, 2)}">${s.forecast === null ? '–' : money(fromUnits(s.forecast, 2))}${s.forecastSharePercent === null ? '' : html`<br><span class="note">${percentText(s.forecastSharePercent, 1)}</span>`}</td>
        <td>${s.notJudged ? 'not judged' : shown.length ? shown.map((t, i) => html`${i ? html`<br>` : ''}<span class="${t.crossed ? 'crossed' : 'not-judged'}" data-threshold="${t.id}">${thresholdText(t)}</span>`) : 'none'}</td>
      </tr>`;
    })}</tbody>
  </table>`)}
  ${notJudgedNotes(report)}
  ${basisNote(report, asOf)}
</section>`;
}

/** How the figures are made, under the table: complete days and the forecast; in a store without daily usage, whole bills and no forecast. */
function basisNote(report: BudgetsReport, asOf: string | undefined): Html {
  if (report.wholeBills !== null) {
    const soFar = report.statuses.some((s) => s.bills !== null && billSoFar(s.bills) !== null);
    return html`<p class="note">Actual: the whole monthly bills in scope of each budget's period, up to the bill ending ${day(report.asOf)} (${asOf === undefined ? report.asOfReason : 'the as-of month of this page'})${soFar ? ', the latest as it stands so far, not invoiced yet' : ''}; a period is judged once every bill of it is complete. No forecast: the store holds no daily usage. <code>costlens budgets</code> gives the exact figures.</p>`;
  }
  return html`<p class="note">Actual: spend in scope on the complete days of the period up to ${day(report.asOf)} (${asOfReason(report, asOf)}). Forecast: the actual plus the usage run-rate over the remaining days and the recurring fees and tax still expected, as <code>costlens forecast</code> makes it. <code>costlens budgets</code> gives the exact figures.</p>`;
}

/**
 * A budget's share of its amount: a meter of the share, or, for a budget not judged (days of its
 * period are not in the store; on whole bills, a bill of it not complete or not in the store), no meter: the spend of the days the store holds is not the
 * period's, so it is not drawn as progress against the budget. The cell then says in words why
 * (read as they stand by a screen reader), and the note under the table says which days its actual covers.
 */
function shareCell(s: BudgetStatus): Html {
  const share = percentText(s.sharePercent, 1);
  const notJudged = notJudgedBriefly(s);
  if (notJudged === null) {
    return html`<td data-value="${s.sharePercent}"><meter min="0" max="100" low="80" high="99.9" optimum="0" value="${Math.min(100, s.sharePercent)}" aria-label="${s.budget.name}: ${share} of the budget spent"></meter> ${share}</td>`;
  }
  return html`<td data-value="${s.daysCounted === 0 ? '' : s.sharePercent}" class="not-judged">${s.daysCounted === 0 ? '–' : share}<br><span class="note">not judged: ${notJudged}</span></td>`;
}

/** One note per budget not judged, in the words of `costlens budgets`: which days its actual covers, which are not in the store and why. */
function notJudgedNotes(report: BudgetsReport): Html {
  const notes = budgetsNotes(report);
  return notes.length ? html`<ul class="note" id="budgets-not-judged">${notes.map((n) => html`<li>${withCode(n)}</li>`)}</ul>` : html``;
}

/** A note as `costlens budgets` writes it, its `backticked` commands set as code rather than shown with their backticks. */
function withCode(note: string): Html {
  return html`${note.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

/** Why the card is as of its day, in the note's words: the page's as-of day, or the data horizon (and, past it, that the page's day is later). */
function asOfReason(report: BudgetsReport, asOf: string | undefined): string {
  if (asOf === undefined) return report.asOfReason;
  if (asOf === report.asOf) return asOf < report.horizon ? 'the as-of day of this page' : 'the as-of day of this page, the data horizon';
  return `the data horizon, the last complete day in the store: this page's as-of day, ${day(asOf)}, is after it`;
}
