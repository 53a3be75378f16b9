/**
 * Why a budget's spend moved: its scope this period so far against the same days of the previous
 * period (as many days just before this one when that one is shorter, period.ts), decomposed by
 * `costlens explain`'s rules for day spans (explain/drivers.ts: volume, rate, new, gone, other, to
 * the cent) along service › usage type › resource. Day spans compare **usage** only: fees posted
 * once a month (RI and Support fees), tax and credits are not spent by the day, so a month's full
 * posting on one side against part of the next month's on the other is no change in spend; every
 * class but usage (a Savings Plan's hourly recurring fee too, as explain does) is listed apart, not
 * compared, with its cost in each span.
 * Reads queries/budgets/scope_cost_drivers, which returns explain/cost_drivers' grain for one scope.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { addDays, daySpan, daysNotInStoreAre } from '../../lib/calendar.ts';
import { driversBy, grainOf, postedClasses, type DriverSet, type PostedClass } from '../explain/index.ts';
import type { BudgetStatus } from './evaluate.ts';
import { comparedDaysName } from './period.ts';

/**
 * The drivers of a budget's usage in its period so far, the charges posted in the spans (not
 * compared) and the spans compared; `set` is null when this
 * period's days so far, or the previous period's same days, are not all in the store (then `notCompared` says why, and no query runs:
 * days before the store's first charge day, or in a gap between its billing periods, are missing
 * data, not days without spend).
 */
export interface BudgetDrivers {
  from: { first: string; last: string };
  to: { first: string; last: string };
  /** The drivers of usage (the usage charge class only), or null when nothing was compared. */
  set: DriverSet | null;
  /** Each other charge class with lines in either span, not compared (CHARGE_CLASSES' order); [] when nothing was compared. */
  posted: PostedClass[];
  notCompared: string | null;
}

/** The dimensions of a budget's drivers. */
const DIMENSIONS = ['service', 'usage_type', 'resource'] as const;

/** Decomposes the change in a budget's usage: [period start, as-of] against the same days of the period before (period.ts, sameDaysBefore); other charges are listed apart. */
export async function budgetDrivers(engine: Engine, status: BudgetStatus): Promise<BudgetDrivers> {
  const to = { first: status.period.first, last: status.asOf };
  const from = status.previousDays;
  if (status.notInStore) {
    const current = status.notInStore;
    const span = daySpan(to.first, to.last);
    const reason = current.all
      ? `${status.period.label}'s days to ${status.asOf} (${span}) are not in the store: ${current.why}`
      : `${daysNotInStoreAre(current)} not in the store (${current.days} of ${status.period.label}'s days to ${status.asOf}, ${span}): ${current.why}`;
    return { from, to, set: null, posted: [], notCompared: reason };
  }
  const missing = status.previousNotInStore;
  if (missing) {
    const previous = daySpan(from.first, from.last);
    const name = comparedDaysName(status.period, from);
    const reason = missing.all
      ? `${name} (${previous}) are not in the store: ${missing.why}`
      : `${daysNotInStoreAre(missing)} not in the store (${missing.days} of ${name}, ${previous}): ${missing.why}`;
    return { from, to, set: null, posted: [], notCompared: reason };
  }
  const rows = await runQuery(engine, 'budgets/scope_cost_drivers', {
    old_from: from.first, old_to: addDays(from.last, 1), new_from: to.first, new_to: addDays(to.last, 1),
    cost: status.budget.cost, ...status.scopeParams.params,
  });
  const grains = rows.map(grainOf);
  return {
    from, to,
    set: driversBy(grains.filter((g) => g.chargeClass === 'usage'), DIMENSIONS),
    posted: postedClasses(grains.filter((g) => g.chargeClass !== 'usage')),
    notCompared: null,
  };
}
