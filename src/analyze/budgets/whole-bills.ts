/**
 * Budgets in a store without daily usage (a CUR at monthly time granularity, Cost Explorer monthly
 * pulls, fees only: billSpan's `wholeBillsOnly`). No line of it is a day's spend, so a budget's
 * period is judged on its whole monthly bills, once every one of them is complete (held, and not
 * the latest bill still to be invoiced): the actual is those bills' spend in scope in the budget's
 * measure, every charge class, to the unit (the lines charged in the period's months: a range of
 * charge days on month bounds is whole bills, as `costlens explain` and `invoice` read them); an
 * actual threshold is crossed or not, since the last day of the bill whose running total first
 * stood at it; there is no forecast (the store holds no daily usage), so a forecast threshold is
 * not judged. A period with a bill not in the store (a quarter missing a month, a year before the
 * data), not complete yet, or after as-of is not judged: its actual is its complete bills', with
 * the latest bill not invoiced yet as it stands so far when it is up to as-of (money the store
 * holds is shown, never judged), and says which; the others are named. As-of is the last day of the last complete bill (of the latest,
 * when none is), or of `--period` or a page's as-of month when earlier.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import { addDays, daysBetween, daysInMonth, earlierDay, laterDay, monthEnd, monthLabel, monthsTouched } from '../../lib/calendar.ts';
import { isPosting } from './spend-day.ts';
import { UNITS_PER_CENT } from '../../lib/money.ts';
import type { BillingDaySpan } from '../billing-calendar.ts';
import { completeBills, type WholeBillsOnly } from '../monthly-bills.ts';
import { billSoFar, billsNotCounted, billsNotInStore, billsOf, billState, monthsText } from './bill-months.ts';
import { thresholdId, type BudgetConfig } from './config.ts';
import { periodContaining, previousPeriod, type BudgetPeriod } from './period.ts';
import { describeScope, scopeParams } from './scope.ts';
import { crossedSince, percentOf, sharePercent, type BudgetBill, type BudgetsConfigs, type BudgetsReport, type BudgetStatus, type ThresholdStatus, type UnmatchedDays } from './status.ts';

/** Why a budget on whole bills has no forecast (`forecastBasis`). */
export const NO_DAILY_USAGE_FORECAST = 'no forecast: the store holds no daily usage';

/** What a period not judged on whole bills is told, after the bills not counted. */
const WHOLE_BILLS_RULE = 'a period is judged on whole monthly bills once every bill of it is complete (a bill missing or not complete is not $0 of spend): no threshold is judged';

/** The note of every output of budgets on whole bills: what the store holds and how budgets judge it. */
function wholeBillsBudgetNote(bills: WholeBillsOnly): string {
  return `The store holds no daily usage: ${bills.reason}, so budgets judge whole monthly bills: a period once every bill of it is complete, its actual the bills' spend in scope, with no forecast`;
}

/**
 * The as-of day in a store of whole bills: the last day of `--period` (refused when the store holds
 * no bill of it or after it) or of the latest bill in it, when earlier; of the as-of month given (a
 * page's); else of the last complete bill, or of the latest bill when none is complete.
 */
function wholeBillsAsOf(bills: WholeBillsOnly, options: { period?: BudgetPeriod; asOf?: string }): { asOf: string; reason: string } {
  const [first, latest] = [bills.periods[0], bills.periods.at(-1)!];
  const latestEnd = monthEnd(`${latest}-01`);
  const held = billsOf(first, latest);
  const lastComplete = completeBills(bills).at(-1);
  const fallback = lastComplete ? `${lastComplete}, the last complete bill` : `${latest}, the latest bill`;
  const { period } = options;
  if (period && period.first > latestEnd) {
    throw new CostlensError('usage', `--period ${period.label} starts after the bills in the store (${held}; the store holds no daily usage: ${bills.reason})`, {
      hint: `give a period up to ${latest}, or leave --period out for ${fallback}`,
    });
  }
  if (period && period.last < `${first}-01`) {
    throw new CostlensError('usage', `--period ${period.label} ends before the bills in the store (${held})`, {
      hint: `give a period from ${first} on, or ingest the earlier billing files`,
    });
  }
  if (period) {
    return period.last <= latestEnd ? { asOf: period.last, reason: `the last day of ${period.label}` }
      : { asOf: latestEnd, reason: `the last day of ${monthLabel(latest)}, the latest bill in the store, inside ${period.label}` };
  }
  if (options.asOf !== undefined) {
    const asOf = earlierDay(monthEnd(options.asOf), latestEnd);
    return { asOf, reason: `the last day of ${monthLabel(asOf)}, the as-of month given` };
  }
  return lastComplete
    ? { asOf: monthEnd(`${lastComplete}-01`), reason: `the last day of ${monthLabel(lastComplete)}, the last complete bill` }
    : { asOf: latestEnd, reason: `the last day of ${monthLabel(latest)}, the latest bill, not complete: ${bills.incomplete?.why ?? 'it is not invoiced yet'}` };
}

/** Evaluates every configured budget on the whole bills of a store without daily usage (`bills`). */
export async function evaluateWholeBills(engine: Engine, configs: BudgetsConfigs, span: BillingDaySpan, bills: WholeBillsOnly, options: { period?: BudgetPeriod; asOf?: string }): Promise<BudgetsReport> {
  const { asOf, reason } = wholeBillsAsOf(bills, options);
  const statuses: BudgetStatus[] = [];
  for (const budget of configs.budgets) statuses.push(await evaluateOnBills(engine, configs, budget, asOf, bills));
  return { asOf, asOfReason: reason, horizon: span.lastDay, statuses, wholeBills: wholeBillsBudgetNote(bills) };
}

/** Each monthly bill's spend in scope in the budget's measure (units), and the part of it posted for a charge period longer than a day. */
async function spendByBill(engine: Engine, configs: BudgetsConfigs, budget: BudgetConfig, period: BudgetPeriod) {
  const range = { chargeFrom: period.first, chargeTo: addDays(period.last, 1) };
  const scope = await scopeParams(engine, configs.attribution, budget.scope, range);
  const rows = await runQuery(engine, 'budgets/scope_daily_spend', { from: range.chargeFrom, to: range.chargeTo, ...scope.params });
  const column = `${budget.cost}_cost` as const;
  const byMonth = new Map<string, { spend: bigint; postings: bigint }>();
  for (const r of rows) {
    const sums = byMonth.get(r.day!.slice(0, 7)) ?? { spend: 0n, postings: 0n };
    const units = r[column] ?? 0n;
    byMonth.set(r.day!.slice(0, 7), { spend: sums.spend + units, postings: sums.postings + (isPosting(r) ? units : 0n) });
  }
  return { scope, byMonth, lines: rows.length };
}

/** Evaluates one budget over its period holding `asOf`, on whole monthly bills. */
async function evaluateOnBills(engine: Engine, configs: BudgetsConfigs, budget: BudgetConfig, asOf: string, bills: WholeBillsOnly): Promise<BudgetStatus> {
  const period = periodContaining(budget.period, asOf);
  const { scope, byMonth, lines } = await spendByBill(engine, configs, budget, period);
  const months = monthsTouched(period.first, addDays(period.last, 1));
  const periodBills: BudgetBill[] = months.map((month) => {
    const state = billState(month, asOf, bills);
    const counted = state === 'complete' || (state === 'not complete' && month <= asOf.slice(0, 7));
    return { period: month, state, actual: counted ? byMonth.get(month)?.spend ?? 0n : null };
  });
  const counted = periodBills.filter((b) => b.actual !== null);
  const complete = counted.filter((b) => b.state === 'complete');
  let running = 0n;
  const cumulative = counted.map((b) => ({ day: monthEnd(`${b.period}-01`), actual: (running += b.actual!) }));
  const amount = budget.amount * UNITS_PER_CENT;
  const judged = complete.length === months.length;
  const before = previousPeriod(period);
  const beforeMonths = monthsTouched(before.first, addDays(before.last, 1));
  const thresholds = budget.thresholds.map((t): ThresholdStatus => {
    const level = percentOf(amount, t.percent);
    const since = judged && t.basis === 'actual' ? crossedSince(cumulative.map((c) => ({ day: c.day, crossed: c.actual >= level }))) : null;
    return { id: thresholdId(t), percent: t.percent, basis: t.basis, amount: level, crossed: judged && t.basis === 'actual' ? since !== null : null, since };
  });
  return {
    budget, scope: describeScope(budget.scope), period, asOf,
    daysToAsOf: daysBetween(period.first, addDays(asOf, 1)),
    daysCounted: counted.reduce((days, b) => days + daysInMonth(`${b.period}-01`), 0),
    complete: judged,
    notInStore: billsNotInStore(periodBills.filter((b) => b.state === 'not in the store').map((b) => b.period), months.length, bills),
    storedRuns: counted.map((b) => ({ first: `${b.period}-01`, last: monthEnd(`${b.period}-01`) })),
    coverage: judged ? null : billsCoverage(period, counted.map((b) => b.period), months.length, billSoFar(periodBills)),
    notJudged: judged ? null : `${billsNotCounted(periodBills, bills, asOf).join('; ')}, and ${WHOLE_BILLS_RULE}`,
    amount, actual: running,
    postings: counted.reduce((sum, b) => sum + (byMonth.get(b.period)?.postings ?? 0n), 0n),
    forecast: null, sharePercent: sharePercent(running, amount), forecastSharePercent: null, forecastBasis: NO_DAILY_USAGE_FORECAST,
    thresholds,
    previousDays: { first: before.first, last: before.last },
    previousNotInStore: billsNotInStore(beforeMonths.filter((m) => !bills.periods.includes(m)), beforeMonths.length, bills),
    cumulative, scopeParams: scope,
    unmatched: lines === 0 ? unmatchedBills(period, bills) : null,
    bills: periodBills,
  };
}

/**
 * Which bills a period not judged counts, and the one counted as it stands so far (`soFar`, not
 * invoiced yet): `2018-Q4: 2 of its 3 monthly bills counted (Oct – Nov 2018; Nov 2018 so far, not
 * invoiced yet)`, `2018-11: its bill so far, not invoiced yet`, `2018-11: its bill is not counted`.
 */
function billsCoverage(period: BudgetPeriod, counted: readonly string[], months: number, soFar: string | null): string {
  if (counted.length === 0) return months === 1 ? `${period.label}: its bill is not counted` : `${period.label}: none of its ${months} monthly bills counted`;
  if (months === 1 && soFar) return `${period.label}: its bill so far, not invoiced yet`;
  const open = soFar ? `; ${monthLabel(soFar)} so far, not invoiced yet` : '';
  return `${period.label}: ${counted.length} of its ${months} monthly bills counted (${monthsText(counted)}${open})`;
}

/** The days of a period's bills read, from the store's first bill to its last, when no line item of them is in scope (the bills not in the store are the not-judged note's). */
function unmatchedBills(period: BudgetPeriod, bills: WholeBillsOnly): UnmatchedDays {
  const read = { from: laterDay(period.first, `${bills.periods[0]}-01`), to: earlierDay(period.last, monthEnd(`${bills.periods.at(-1)!}-01`)) };
  return { ...read, read, notInStore: null };
}
