/**
 * The weekly e-mails' budgets section (finance and engineering): every budget of the config over
 * its period holding the report week's last day (or the data horizon, if earlier) — actual to
 * date, amount, share, forecast for the period's end and the thresholds crossed with their day —
 * as `costlens budgets` reports them, rounded once to cents, the thresholds in the words of the
 * Overview's card (thresholdText: `25% actual since 3 Nov 2026`); after the table, the notes of
 * `costlens budgets` and the Overview's card (budgetsNotes): why a budget is not judged, why a judged
 * one has no forecast (and which forecast thresholds are therefore not judged), and a scope that
 * matches no line item. No budget configured: no section (the Overview's card says how to add one).
 */
import { type BudgetsConfigs, type BudgetsReport, budgetsNotes, countedText, evaluateBudgets, thresholdText } from '../analyze/budgets/index.ts';
import type { Engine } from '../engine/engine.ts';
import { centsOfUnits, formatUsd } from '../lib/money.ts';
import type { LayoutSection } from './layout-parts.ts';
import { shortDay } from '../lib/calendar.ts';
import { plural } from '../lib/text.ts';

/**
 * A cell with no figure, as the Overview's card and the forecast column print it: a budget with no
 * day (on whole bills, no bill) counted has no actual and no share, not $0.00 and 0.0%.
 */
const NO_FIGURE = '–';

/** What the section shows: the budgets as of the report's last day. */
export type BudgetSectionModel = BudgetsReport;

/** Evaluates the budgets for a report whose last day is `lastDay`; null without budgets. */
export async function buildBudgetSection(engine: Engine, configs: BudgetsConfigs, lastDay: string): Promise<BudgetSectionModel | null> {
  if (configs.budgets.length === 0) return null;
  return evaluateBudgets(engine, configs, { asOf: lastDay });
}

/** The section as the report layout prints it (HTML and text alike): the table, the notes of `costlens budgets` (budgetsNotes), then how the figures are made. */
export function budgetLayoutSection(model: BudgetSectionModel): LayoutSection {
  const usd = (units: bigint) => formatUsd(centsOfUnits(units));
  const over = model.statuses.filter((s) => s.thresholds.some((t) => t.crossed));
  return {
    id: 'budgets',
    title: 'Budgets',
    paragraphs: [over.length
      ? `${over.length} of ${plural(model.statuses.length, 'budget')} crossed a threshold as of ${shortDay(model.asOf, true)}: ${over.map((s) => s.budget.name).join(', ')}.`
      : `No budget crossed a threshold as of ${shortDay(model.asOf, true)}.`],
    tables: [{
      columns: ['Budget', 'Actual', 'Amount', 'Share', 'Forecast', 'Crossed'],
      numeric: [false, true, true, true, true, false],
      rows: model.statuses.map((s) => [
        `${s.budget.name} (${s.period.label}${s.complete ? '' : `, ${countedText(s)}`})`,
        s.daysCounted === 0 ? NO_FIGURE : usd(s.actual), usd(s.amount), s.daysCounted === 0 ? NO_FIGURE : `${s.sharePercent.toFixed(1)}%`,
        s.forecast === null ? NO_FIGURE : `${usd(s.forecast)} (${s.forecastSharePercent!.toFixed(1)}%)`,
        s.notJudged ? 'not judged' : s.thresholds.filter((t) => t.crossed !== false).map(thresholdText).join('; ') || 'none',
      ]),
    }],
    notes: [...budgetsNotes(model), `Actual: spend in scope (${model.statuses.map((s) => `${s.budget.name}: ${s.scope}, ${s.budget.cost}`).join('; ')}) on the complete days of each period up to ${shortDay(model.asOf, true)}. `
      + 'Forecast: the actual plus the usage run-rate over the remaining days and the recurring fees and tax still expected (costlens budgets; README, "Budgets").'],
  };
}
