/**
 * Budget alerts: every threshold of every configured budget that stands crossed in the budget's
 * current period (the one holding the data horizon) is a candidate, keyed by budget name and
 * period (`org/2026-11`) and threshold (`actual:80`), so each is sent once per period. Its drivers
 * are explain's decomposition of the budget's scope over day spans, this period so far against the
 * same days of the previous period (or as many days just before it when that one is shorter):
 * usage only, the fees, tax and credits posted in the spans listed apart, not compared
 * (analyze/budgets/drivers.ts); its link is the Overview's budget card.
 */
import { budgetDrivers, type BudgetStatus, evaluateBudgets, type ThresholdStatus } from '../analyze/budgets/index.ts';
import { daySpan } from '../lib/calendar.ts';
import { formatCents, formatUsd, fromUnits, centsOfUnits } from '../lib/money.ts';
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
  return `Budget ${s.budget.name} (${s.period.label}): ${what} ${t.percent} % of ${formatUsd(centsOfUnits(s.amount))}`;
}

function summary(s: BudgetStatus, t: ThresholdStatus): string {
  const usd = (units: bigint) => formatUsd(centsOfUnits(units));
  const figure = t.basis === 'actual'
    ? `Spend to date is ${usd(s.actual)} (${s.sharePercent.toFixed(1)} % of ${usd(s.amount)})`
    : `The forecast for ${s.period.last} is ${usd(s.forecast ?? 0n)} (${s.forecastSharePercent?.toFixed(1)} % of ${usd(s.amount)})`;
  return `${figure}, at or above ${t.percent} % (${usd(t.amount)}) since ${t.since}. `
    + `${capitalised(s.budget.period)} budget, ${MEASURE[s.budget.cost]}, scope: ${s.scope}; ${s.daysCounted} of ${s.period.days} days counted, data through ${s.asOf}.`;
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
          driversCompare: `${daySpan(drivers.to.first, drivers.to.last)} against ${daySpan(drivers.from.first, drivers.from.last)}, usage, ${MEASURE[status.budget.cost]}`,
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
