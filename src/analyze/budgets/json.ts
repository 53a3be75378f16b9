/**
 * The JSON and table forms of budget statuses, shared by `costlens budgets`, the Overview card and
 * the e-mail section: camelCase keys, money as exact decimal strings (the actual to 1e-10, the
 * amount and the forecast to the cent), shares as numbers.
 */
import { fromUnits } from '../../lib/money.ts';
import type { TextTable } from '../../lib/table.ts';
import type { BudgetsReport, BudgetStatus, ThresholdStatus } from './evaluate.ts';

/** One threshold as output: `actual:80 since 2026-11-09`, or `forecast:100` when not crossed. */
export function thresholdText(t: ThresholdStatus): string {
  return t.crossed ? `${t.percent} % ${t.basis} since ${t.since}` : `${t.percent} % ${t.basis}`;
}

/** One budget's status as JSON. */
export function budgetStatusJson(s: BudgetStatus) {
  return {
    name: s.budget.name,
    period: s.budget.period,
    periodLabel: s.period.label,
    from: s.period.first,
    to: s.period.last,
    asOf: s.asOf,
    daysCounted: s.daysCounted,
    daysInPeriod: s.period.days,
    complete: s.complete,
    cost: s.budget.cost,
    scope: s.scope,
    amount: fromUnits(s.amount, 2),
    actual: fromUnits(s.actual),
    sharePercent: s.sharePercent,
    forecast: s.forecast === null ? null : fromUnits(s.forecast, 2),
    forecastSharePercent: s.forecastSharePercent,
    forecastBasis: s.forecastBasis,
    thresholds: s.thresholds.map((t) => ({ id: t.id, basis: t.basis, percent: t.percent, amount: fromUnits(t.amount, 2), crossed: t.crossed, since: t.since })),
    ...(s.scopeParams.tag ? { tag: s.scopeParams.tag } : {}),
  };
}

/** The whole report as JSON. */
export function budgetsJson(report: BudgetsReport) {
  return { asOf: report.asOf, asOfReason: report.asOfReason, horizon: report.horizon, budgets: report.statuses.map(budgetStatusJson) };
}

/** One row per budget: money exact (the terminal shows dollars), the crossed thresholds with their day. */
export function budgetsTable(report: BudgetsReport): TextTable {
  return {
    columns: ['budget', 'period', 'days', 'cost', 'amount', 'actual', 'share_pct', 'forecast', 'forecast_pct', 'crossed', 'scope'],
    rows: report.statuses.map((s) => [
      s.budget.name, s.period.label, `${s.daysCounted}/${s.period.days}`, s.budget.cost,
      fromUnits(s.amount, 2), fromUnits(s.actual), s.sharePercent.toFixed(1),
      s.forecast === null ? null : fromUnits(s.forecast, 2), s.forecastSharePercent === null ? null : s.forecastSharePercent.toFixed(1),
      s.thresholds.filter((t) => t.crossed).map((t) => `${t.id} since ${t.since}`).join('; ') || 'none', s.scope,
    ]),
    money: ['amount', 'actual', 'forecast'],
    optional: ['scope', 'cost', 'forecast_pct', 'days', 'amount'],
  };
}
