/**
 * The Overview's budget card: every budget of the config over its period holding the data horizon
 * — actual to date, share of the amount, forecast for the period's end, thresholds crossed and
 * since when — as `costlens budgets` reports them (src/analyze/budgets/evaluate.ts), computed once per
 * store generation. With no budget configured it says how to add one; a store with no billing
 * data says so in the card, never as an error of the page.
 */
import { html } from 'hono/html';
import { type BudgetsReport, evaluateBudgets, thresholdText } from '../../../analyze/budgets/index.ts';
import { CostlensError } from '../../../errors.ts';
import { fromUnits } from '../../../lib/money.ts';
import { day, type Html, money, type PageRequest, tableScroll } from '../../html/index.ts';

const EXAMPLE = `budgets:
  - name: platform
    amount: 25000
    period: monthly      # monthly, quarterly or annual
    cost: billed         # billed, effective or net
    scope: { accounts: ["123456789012"] }`;

/** The card, for the Overview (`id="budget-status"`, the anchor alerts link to). */
export async function budgetStatusCard(request: PageRequest): Promise<Html> {
  const budgets = request.config.budgets;
  if (budgets.length === 0) {
    return html`<section class="top-table budget-status" id="budget-status">
  <h2>Budgets</h2>
  <p>No budget is configured. Add one under <code>budgets:</code> in <code>costlens.config.yaml</code>, for example:</p>
  <pre class="config-example">${EXAMPLE}</pre>
  <p class="note">Thresholds default to 50, 80 and 100 % of the actual and 100 % of the forecast; <code>costlens budgets</code> shows the same figures, and <code>costlens alerts check</code> sends each crossing once (README, "Budgets" and "Alerts").</p>
</section>`;
  }
  let report: BudgetsReport;
  try {
    report = (await request.analyses.cached('budgets/status', () => evaluateBudgets(request.analyses.engine, request.config))).value;
  } catch (error) {
    if (!(error instanceof CostlensError) || error.code === 'internal') throw error;
    return html`<section class="top-table budget-status" id="budget-status"><h2>Budgets</h2><p>No budget figures yet: ${error.message}${error.hint ? ` (${error.hint})` : ''}.</p></section>`;
  }
  return html`<section class="top-table budget-status" id="budget-status">
  <h2>Budgets, as of ${day(report.asOf)}</h2>
  ${tableScroll('Budgets', html`<table class="numbers" id="budget-table">
    <thead><tr><th>Budget</th><th>Actual</th><th>Budget amount</th><th>Share</th><th>Forecast</th><th>Crossed</th></tr></thead>
    <tbody>${report.statuses.map((s) => {
      const crossed = s.thresholds.filter((t) => t.crossed);
      const level = crossed.some((t) => t.basis === 'actual' && t.percent >= 100) ? 'over' : crossed.length ? 'warn' : 'ok';
      return html`<tr data-budget="${s.budget.name}" class="budget-${level}">
        <td>${s.budget.name}<br><span class="note">${s.period.label}${s.complete ? '' : `, ${s.daysCounted} of ${s.period.days} days`} · ${s.budget.cost} · ${s.scope}</span></td>
        <td data-value="${fromUnits(s.actual)}">${money(fromUnits(s.actual))}</td>
        <td data-value="${fromUnits(s.amount, 2)}">${money(fromUnits(s.amount, 2))}</td>
        <td data-value="${s.sharePercent}"><meter min="0" max="100" low="80" high="99.9" optimum="0" value="${Math.min(100, s.sharePercent)}" aria-label="${s.budget.name}: ${s.sharePercent.toFixed(1)} % of the budget spent"></meter> ${s.sharePercent.toFixed(1)}%</td>
        <td data-value="${s.forecast === null ? '' : fromUnits(s.forecast, 2)}">${s.forecast === null ? '–' : money(fromUnits(s.forecast, 2))}${s.forecastSharePercent === null ? '' : html`<br><span class="note">${s.forecastSharePercent.toFixed(1)}%</span>`}</td>
        <td>${crossed.length ? crossed.map((t, i) => html`${i ? html`<br>` : ''}<span class="crossed" data-threshold="${t.id}">${thresholdText(t)}</span>`) : 'none'}</td>
      </tr>`;
    })}</tbody>
  </table>`)}
  <p class="note">Actual: spend in scope on the complete days of the period up to ${day(report.asOf)} (${report.asOfReason}). Forecast: the actual plus the usage run-rate over the remaining days and the recurring fees and tax still expected, as <code>costlens forecast</code> makes it. <code>costlens budgets</code> gives the exact figures.</p>
</section>`;
}
