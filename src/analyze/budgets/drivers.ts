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
import { addDays, daySpan, monthsTouched } from '../../lib/calendar.ts';
import { daysNotInStoreAre } from '../../lib/store-days.ts';
import { driversBy, grainOf, postedClasses, type DriverSet, type PostedClass } from '../explain/index.ts';
import { monthsAre } from './bill-months.ts';
import { comparedDaysName, previousPeriod } from './period.ts';
import type { BudgetStatus } from './status.ts';

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
  /** `usage`: day spans, usage only (the other classes in `posted`); `bill`: two periods' whole bills, every charge class. */
  compared: 'usage' | 'bill';
}

/** The dimensions of a budget's drivers. */
const DIMENSIONS = ['service', 'usage_type', 'resource'] as const;

/** Decomposes the change in a budget's usage: [period start, as-of] against the same days of the period before (period.ts, sameDaysBefore); other charges are listed apart. */
export async function budgetDrivers(engine: Engine, status: BudgetStatus): Promise<BudgetDrivers> {
  if (status.bills) return billDrivers(engine, status);
  const to = { first: status.period.first, last: status.asOf };
  const from = status.previousDays;
  if (status.notInStore) {
    const current = status.notInStore;
    const span = daySpan(to.first, to.last);
    const reason = current.all
      ? `${status.period.label}'s days to ${status.asOf} (${span}) are not in the store: ${current.why}`
      : `${daysNotInStoreAre(current)} not in the store (${current.days} of ${status.period.label}'s days to ${status.asOf}, ${span}): ${current.why}`;
    return { from, to, set: null, posted: [], notCompared: reason, compared: 'usage' };
  }
  const missing = status.previousNotInStore;
  if (missing) {
    const previous = daySpan(from.first, from.last);
    const name = comparedDaysName(status.period, from);
    const reason = missing.all
      ? `${name} (${previous}) are not in the store: ${missing.why}`
      : `${daysNotInStoreAre(missing)} not in the store (${missing.days} of ${name}, ${previous}): ${missing.why}`;
    return { from, to, set: null, posted: [], notCompared: reason, compared: 'usage' };
  }
  const grains = await readGrains(engine, status, from, to);
  return {
    from, to,
    set: driversBy(grains.filter((g) => g.chargeClass === 'usage'), DIMENSIONS),
    posted: postedClasses(grains.filter((g) => g.chargeClass !== 'usage')),
    notCompared: null,
    compared: 'usage',
  };
}

/** The grains of the budget's scope over two spans of charge days (both ends included). */
async function readGrains(engine: Engine, status: BudgetStatus, from: { first: string; last: string }, to: { first: string; last: string }) {
  const rows = await runQuery(engine, 'budgets/scope_cost_drivers', {
    old_from: from.first, old_to: addDays(from.last, 1), new_from: to.first, new_to: addDays(to.last, 1),
    cost: status.budget.cost, ...status.scopeParams.params,
  });
  return rows.map(grainOf);
}

/**
 * The drivers of a budget judged on whole bills: its period's bills against the previous period's,
 * every charge class (on month bounds a range of charge days is whole bills); not compared when the
 * period is not judged, or the store does not hold every bill of the period before.
 */
async function billDrivers(engine: Engine, status: BudgetStatus): Promise<BudgetDrivers> {
  const to = { first: status.period.first, last: status.period.last };
  const from = status.previousDays;
  const unread = { from, to, set: null, posted: [], compared: 'bill' as const };
  if (status.notJudged !== null) return { ...unread, notCompared: `${status.period.label} is not judged: ${status.notJudged}` };
  const missing = status.previousNotInStore;
  if (missing) {
    const before = previousPeriod(status.period).label;
    const months = missing.runs.flatMap((r) => monthsTouched(r.first, addDays(r.last, 1)));
    return { ...unread, notCompared: missing.all ? `the period before, ${before}, is not in the store: ${missing.why}` : `${monthsAre(months)} not in the store (of the period before, ${before}): ${missing.why}` };
  }
  const grains = await readGrains(engine, status, from, to);
  return { from, to, set: driversBy(grains, DIMENSIONS), posted: [], notCompared: null, compared: 'bill' };
}
