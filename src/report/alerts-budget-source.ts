/**
 * Budget alerts: every threshold of every configured budget that stands crossed in the budget's
 * current period (the one holding the data horizon) is a candidate, keyed by budget name and
 * period (`org/2026-11`) and threshold (`actual:80`), so each is sent once per period. Its drivers
 * are explain's decomposition of the budget's scope over day spans, this period so far against the
 * same days of the previous period (or as many days just before it when that one is shorter):
 * usage only, the fees, tax and credits posted in the spans listed apart, not compared
 * (analyze/budgets/drivers.ts); its link is the Overview's budget card. In a store without daily
 * usage a budget is judged on whole monthly bills once its period's bills are all complete
 * (analyze/budgets/whole-bills.ts): an alert per actual threshold of such a period, none for a
 * forecast (there is none), its drivers that period's bills against the period before's, every
 * charge class, as `costlens explain` compares two months.
 */
import { billsOf, budgetDrivers, type BudgetDrivers, type BudgetStatus, evaluateBudgets, type ThresholdStatus } from '../analyze/budgets/index.ts';
import { daySpan, monthLabel, shortDay } from '../lib/calendar.ts';
import { formatCents, formatUsd, fromUnits, centsOfUnits } from '../lib/money.ts';
import { percentText } from '../lib/quantity-cells.ts';
import { capitalised } from '../lib/text.ts';
import { alertDrivers } from './alerts-drivers.ts';
import type { AlertCandidate, AlertSource } from './alerts-source.ts';
import { pageUrl } from './public-url.ts';

const MEASURE = { billed: 'BilledCost', effective: 'EffectiveCost', net: 'net amortised cost' } as const;

/** The budget card on the Overview, under the public URL. */
export function budgetLink(base: string | null): string | null {
  return base ? `${pageUrl(base, '/')}#budget-status` : null;
}

function title(s: BudgetStatus, t: ThresholdStatus): string {
  const what = t.basis === 'actual' ? 'spent' : 'forecast to reach';
  return `Budget ${s.budget.name} (${s.period.label}): ${what} ${percentText(t.percent)} of ${formatUsd(centsOfUnits(s.amount))}`;
}

/**
 * The alert's sentences, with percentages and days in the pages' formats (percentText, shortDay:
 * `100.4% of $3,000.00`, `at or above 25% ($750.00) since 4 Nov 2026`, `data through 14 Nov 2026`),
 * as the Overview's card and the e-mails' Budgets section write a crossing (budgets/json.ts
 * `thresholdText`); the JSON payload's `facts` keep ISO days.
 */
function summary(s: BudgetStatus, t: ThresholdStatus): string {
  const usd = (units: bigint) => formatUsd(centsOfUnits(units));
  const share = (percent: number | null) => (percent === null ? '–' : percentText(percent, 1));
  const crossing = `at or above ${percentText(t.percent)} (${usd(t.amount)})`;
  if (s.bills) {
    const bills = billsOf(s.period.first, s.period.last);
    return `${capitalised(bills)} ${s.bills.length === 1 ? 'comes' : 'come'} to ${usd(s.actual)} in scope (${share(s.sharePercent)} of ${usd(s.amount)}), ${crossing} since the bill of ${monthLabel(t.since!)}. `
      + `${capitalised(s.budget.period)} budget, ${MEASURE[s.budget.cost]}, scope: ${s.scope}; judged on whole monthly bills, all complete (the store holds no daily usage).`;
  }
  const figure = t.basis === 'actual'
    ? `Spend to date is ${usd(s.actual)} (${share(s.sharePercent)} of ${usd(s.amount)})`
    : `The forecast for ${shortDay(s.period.last, true)} is ${usd(s.forecast ?? 0n)} (${share(s.forecastSharePercent)} of ${usd(s.amount)})`;
  return `${figure}, ${crossing} since ${shortDay(t.since!, true)}. `
    + `${capitalised(s.budget.period)} budget, ${MEASURE[s.budget.cost]}, scope: ${s.scope}; ${s.daysCounted} of ${s.period.days} days counted, data through ${shortDay(s.asOf, true)}.`;
}

/** What the drivers compare: `1–14 Nov 2026 against 1–14 Oct 2026, usage, BilledCost`; on whole bills, `the bill of Nov 2018 against the bill of Oct 2018, every charge class, BilledCost`. */
function comparedText(drivers: BudgetDrivers, s: BudgetStatus): string {
  const measure = MEASURE[s.budget.cost];
  if (drivers.compared === 'bill') return `${billsOf(drivers.to.first, drivers.to.last)} against ${billsOf(drivers.from.first, drivers.from.last)}, every charge class, ${measure}`;
  return `${daySpan(drivers.to.first, drivers.to.last)} against ${daySpan(drivers.from.first, drivers.from.last)}, usage, ${measure}`;
}

/** The budget alert source. */
export const budgetAlertSource: AlertSource = {
  kind: 'budget',
  async candidates({ engine, config, publicUrl, topDrivers }) {
    if (config.budgets.length === 0) return [];
    const report = await evaluateBudgets(engine, config);
    const out: AlertCandidate[] = [];
    for (const status of report.statuses) {
      const crossed = status.thresholds.filter((t) => t.crossed);
      if (crossed.length === 0) continue;
      const drivers = await budgetDrivers(engine, status);
      const named = drivers.set ? alertDrivers(drivers.set, topDrivers) : { driversTotal: null, drivers: [], rest: null };
      for (const t of crossed) {
        out.push({
          kind: 'budget',
          subjectKey: `${status.budget.name}/${status.period.label}`,
          threshold: t.id,
          title: title(status, t),
          summary: summary(status, t),
          amount: t.basis === 'actual' ? fromUnits(status.actual) : fromUnits(status.forecast ?? 0n, 2),
          driversCompare: comparedText(drivers, status),
          driversNotCompared: drivers.notCompared,
          driversPosted: drivers.posted.map((p) => ({ chargeClass: p.chargeClass, oldCost: formatCents(p.oldCents), newCost: formatCents(p.newCents) })),
          ...named,
          link: budgetLink(publicUrl),
          facts: {
            budget: status.budget.name, period: status.period.label, periodKind: status.budget.period, cost: status.budget.cost, scope: status.scope,
            budgetAmount: fromUnits(status.amount, 2), thresholdPercent: t.percent, thresholdBasis: t.basis, thresholdAmount: fromUnits(t.amount, 2),
            actual: fromUnits(status.actual), forecast: status.forecast === null ? null : fromUnits(status.forecast, 2), crossedSince: t.since, asOf: status.asOf,
          },
        });
      }
    }
    return out;
  },
};
