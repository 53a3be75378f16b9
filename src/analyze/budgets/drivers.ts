/**
 * Why a budget's spend moved: its scope this period so far against the same days of the previous
 * period (as many days just before this one when that one is shorter, period.ts), decomposed by `costlens explain`'s rules (explain/drivers.ts: volume, rate, new, gone,
 * other, to the cent) along service › usage type › resource. Reads
 * queries/budgets/scope_cost_drivers, which returns explain/cost_drivers' grain for one scope.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { addDays, daySpan, daysNotInStoreAre } from '../../lib/calendar.ts';
import { driversBy, grainOf, type DriverSet } from '../explain/index.ts';
import type { BudgetStatus } from './evaluate.ts';
import { comparedDaysName } from './period.ts';

/**
 * The drivers of a budget's period so far and the spans compared; `set` is null when this
 * period's days so far, or the previous period's same days, are not all in the store (then `notCompared` says why, and no query runs:
 * days before the store's first charge day, or in a gap between its billing periods, are missing
 * data, not days without spend).
 */
export interface BudgetDrivers {
  from: { first: string; last: string };
  to: { first: string; last: string };
  set: DriverSet | null;
  notCompared: string | null;
}

/** Decomposes the change of a budget's scope: [period start, as-of] against the same days of the period before (period.ts, sameDaysBefore). */
export async function budgetDrivers(engine: Engine, status: BudgetStatus): Promise<BudgetDrivers> {
  const to = { first: status.period.first, last: status.asOf };
  const from = status.previousDays;
  if (status.notInStore) {
    const current = status.notInStore;
    const span = daySpan(to.first, to.last);
    const reason = current.all
      ? `${status.period.label}'s days to ${status.asOf} (${span}) are not in the store: ${current.why}`
      : `${daysNotInStoreAre(current)} not in the store (${current.days} of ${status.period.label}'s days to ${status.asOf}, ${span}): ${current.why}`;
    return { from, to, set: null, notCompared: reason };
  }
  const missing = status.previousNotInStore;
  if (missing) {
    const previous = daySpan(from.first, from.last);
    const name = comparedDaysName(status.period, from);
    const reason = missing.all
      ? `${name} (${previous}) are not in the store: ${missing.why}`
      : `${daysNotInStoreAre(missing)} not in the store (${missing.days} of ${name}, ${previous}): ${missing.why}`;
    return { from, to, set: null, notCompared: reason };
  }
  const rows = await runQuery(engine, 'budgets/scope_cost_drivers', {
    old_from: from.first, old_to: addDays(from.last, 1), new_from: to.first, new_to: addDays(to.last, 1),
    cost: status.budget.cost, ...status.scopeParams.params,
  });
  return { from, to, set: driversBy(rows.map(grainOf), ['service', 'usage_type', 'resource']), notCompared: null };
}
