/**
 * The JSON and table forms of budget statuses, shared by `costlens budgets`, the Overview card and
 * the e-mail section: camelCase keys, money as exact decimal strings (the actual to 1e-10, the
 * amount and the forecast to the cent), shares as numbers.
 */
import { monthLabel } from '../../lib/calendar.ts';
import { daysNotInStoreAre } from '../../lib/store-days.ts';
import { fromUnits } from '../../lib/money.ts';
import type { TextTable } from '../../lib/table.ts';
import { billSoFar, billsNotCountedBriefly } from './bill-months.ts';
import { unmatchedNote } from './unmatched.ts';
import type { BudgetBill, BudgetsReport, BudgetStatus } from './status.ts';
import { plural } from '../../lib/text.ts';

/**
 * The thresholds column: `not judged` for a budget not judged; else each threshold crossed with its
 * day and each one not judged (a forecast threshold with no forecast), or `none`.
 */
function crossedColumn(s: BudgetStatus): string {
  if (s.notJudged !== null) return 'not judged';
  return s.thresholds.filter((t) => t.crossed !== false).map((t) => (t.crossed ? `${t.id} since ${t.since}` : `${t.id} not judged`)).join('; ') || 'none';
}

/** The actual as output: null when none of the days counted is in the store (on whole bills, no bill counted: no data, not $0). */
function actualOut(s: BudgetStatus): string | null {
  return s.daysCounted === 0 ? null : fromUnits(s.actual);
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
    daysToAsOf: s.daysToAsOf,
    daysCounted: s.daysCounted,
    daysInPeriod: s.period.days,
    billsCounted: s.bills === null ? null : billsCounted(s.bills),
    billsInPeriod: s.bills === null ? null : s.bills.length,
    complete: s.complete,
    judged: s.notJudged === null,
    notJudged: s.notJudged,
    coverage: s.coverage,
    notInStore: s.notInStore === null ? null : { days: s.notInStore.days, runs: s.notInStore.runs, why: s.notInStore.why },
    cost: s.budget.cost,
    scope: s.scope,
    scopeUnmatched: s.unmatched,
    amount: fromUnits(s.amount, 2),
    actual: actualOut(s),
    postings: s.daysCounted === 0 ? null : fromUnits(s.postings),
    sharePercent: s.daysCounted === 0 ? null : s.sharePercent,
    forecast: s.forecast === null ? null : fromUnits(s.forecast, 2),
    forecastSharePercent: s.forecastSharePercent,
    forecastBasis: s.forecastBasis,
    thresholds: s.thresholds.map((t) => ({ id: t.id, basis: t.basis, percent: t.percent, amount: fromUnits(t.amount, 2), crossed: t.crossed, since: t.since })),
    bills: s.bills === null ? null : s.bills.map((b) => ({ period: b.period, state: b.state, actual: b.actual === null ? null : fromUnits(b.actual) })),
    ...(s.scopeParams.tag ? { tag: s.scopeParams.tag } : {}),
  };
}

/** The whole report as JSON. */
export function budgetsJson(report: BudgetsReport) {
  return { asOf: report.asOf, asOfReason: report.asOfReason, horizon: report.horizon, wholeBills: report.wholeBills, budgets: report.statuses.map(budgetStatusJson) };
}

/** How many bills of a period its actual counts: the complete ones, and the latest not invoiced yet as it stands so far. */
function billsCounted(bills: readonly BudgetBill[]): number {
  return bills.filter((b) => b.actual !== null).length;
}

/** The bill counted so far, after the count: `, Nov 2018 not invoiced yet`; empty when none is. */
function soFarText(bills: readonly BudgetBill[]): string {
  const soFar = billSoFar(bills);
  return soFar ? `, ${monthLabel(soFar)} not invoiced yet` : '';
}

/** What a budget's actual counts, briefly: `14 of 30 days`; on whole bills, `2 of 3 bills`, `1 of 1 bill, Nov 2018 not invoiced yet`. */
export function countedText(s: BudgetStatus): string {
  return counted(s, ' of ', ' days');
}

/** The table's days column: `14/30`; on whole bills the bills counted, `2/3 bills`, `1/1 bill, Nov 2018 not invoiced yet`. */
function countedCell(s: BudgetStatus): string {
  return counted(s, '/', '');
}

function counted(s: BudgetStatus, of: string, days: string): string {
  if (s.bills === null) return `${s.daysCounted}${of}${s.period.days}${days}`;
  return `${billsCounted(s.bills)}${of}${plural(s.bills.length, 'bill')}${soFarText(s.bills)}`;
}

/** Why a budget is not judged, briefly, for a table cell: `1 Jan – 31 Aug 2026 are not in the store`, `Dec 2018 not in the store`; null when it is judged. */
export function notJudgedBriefly(s: BudgetStatus): string | null {
  if (s.notJudged === null) return null;
  if (s.bills !== null) return billsNotCountedBriefly(s.bills);
  return s.notInStore ? `${daysNotInStoreAre(s.notInStore)} not in the store` : s.notJudged;
}

/**
 * What the table cannot hold: in a store without daily usage, first how budgets judge it (`The store
 * holds no daily usage: …`); then one line per budget not judged: which days its actual covers, which
 * are not in the store and why (`y: 2026: 75 of its 365 days in the store (1 Sep – 14 Nov 2026); 1
 * Jan – 31 Aug 2026 are not in the store: …`); and one per budget judged with no forecast, why not
 * and which forecast thresholds are therefore not judged (`x: no forecast: …; forecast:100 is not judged.`);
 * then, per budget whose period runs past the data horizon, the money of its lines dated after it that
 * its actual leaves out (`afterHorizon`), and the money of a bill not invoiced yet its actual counts (`notInvoiced`); last, per budget where it matters, that budgets count lines by charge day, not by billing
 * period as `costlens invoice` does (`chargeDayBasis`).
 */
export function budgetsNotes(report: BudgetsReport): string[] {
  return [...(report.wholeBills ? [`${report.wholeBills}.`] : []), ...report.statuses.flatMap((s) => {
    const notes = s.unmatched ? [unmatchedNote(s, s.unmatched)] : [];
    const why = notJudgedNote(s) ?? noForecastNote(s);
    return why === null ? notes : [why, ...notes];
  }), ...(report.endedLeftOut ?? []), ...(report.afterHorizon ?? []), ...(report.notInvoiced ?? []), ...(report.chargeDayBasis ?? [])];
}

/**
 * Why a budget judged with no forecast has none, and which forecast thresholds are therefore not
 * judged, in one line (`x: no forecast: …; forecast:100 is not judged.`); null when it has a
 * forecast or is not judged (notJudgedNote says why then).
 */
export function noForecastNote(s: BudgetStatus): string | null {
  if (s.notJudged !== null || s.forecast !== null) return null;
  const open = s.thresholds.filter((t) => t.crossed === null).map((t) => t.id);
  return `${s.budget.name}: ${s.forecastBasis}${open.length ? `; ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} not judged` : ''}.`;
}

/**
 * Why a budget is not judged, in one line: which days its actual covers, which are not in the store
 * and why (`y: 2026: 75 of its 365 days in the store (1 Sep – 14 Nov 2026); 1 Jan – 31 Aug 2026 are
 * not in the store: …`; on whole bills, which bills); null when it is judged.
 */
export function notJudgedNote(s: BudgetStatus): string | null {
  return s.notJudged === null ? null : `${s.budget.name}: ${s.coverage}; ${s.notJudged}.`;
}

/**
 * One row per budget: money exact (the terminal shows dollars), the crossed thresholds with their
 * day; a budget not judged reads `not judged` there, with no forecast, and a forecast threshold
 * with no forecast reads `forecast:100 not judged` (budgetsNotes says why).
 */
export function budgetsTable(report: BudgetsReport): TextTable {
  return {
    columns: ['budget', 'period', 'days', 'cost', 'amount', 'actual', 'share_pct', 'forecast', 'forecast_pct', 'crossed', 'scope'],
    rows: report.statuses.map((s) => [
      s.budget.name, s.period.label, countedCell(s), s.budget.cost,
      fromUnits(s.amount, 2), actualOut(s), s.daysCounted === 0 ? null : s.sharePercent.toFixed(1),
      s.forecast === null ? null : fromUnits(s.forecast, 2), s.forecastSharePercent === null ? null : s.forecastSharePercent.toFixed(1),
      crossedColumn(s), s.scope,
    ]),
    money: ['amount', 'actual', 'forecast'],
    optional: ['scope', 'cost', 'forecast_pct', 'days', 'amount'],
  };
}
