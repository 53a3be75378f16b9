/**
 * Counting by charge day (the UTC day of ChargePeriodStart, as budgets and the Overview's "Every
 * charge class" do) parts from counting by billing period (as `costlens invoice`, `attribute` and
 * the Overview's net view do) where a billing period's lines are charged outside its month: the
 * FOCUS 1.0 sample's one Oracle line of billing period 2024-10, charged on 30 Sep 2024 ($0.24
 * billed). One rule says what differs, by billing period, amount and charge days; budgets
 * (budgets/charge-day-basis.ts) and the Overview (server/features/overview/charge-day-basis.ts)
 * only word it.
 */
import { addDays, earlierDay, laterDay, monthEnd } from '../lib/calendar.ts';
import { fromUnits } from '../lib/money.ts';
import { ascending } from '../lib/order.ts';
import type { ChargedDays } from './invoice-days.ts';

/** A run of days, both ends included. */
export interface Days {
  first: string;
  last: string;
}

/** Lines one count holds and the other does not: of another billing period charged on the days counted (`holds`), of an own billing period charged outside them (`leaves out`). */
export interface ChargeDayDifference {
  kind: 'holds' | 'leaves out';
  /** The lines' billing period (`YYYY-MM`). */
  period: string;
  /** Exact sum of the measure (decimal text). */
  amount: string;
  /** The charge days of those lines, as far as the store's charge days of their period tell (`charged`). */
  days: Days;
}

/** The sums the two counts part on, each exact (units) per billing period (`YYYY-MM`). */
export interface ChargeDaySums {
  /** The days counted by charge day, both included. */
  counted: Days;
  /** The lines charged on `counted` of a billing period that is not one of the count's own. */
  held: ReadonlyMap<string, bigint>;
  /** The lines of the count's own billing periods charged outside `counted`. */
  leftOut: ReadonlyMap<string, bigint>;
}

/** The days of `a` that are also days of `b`, or null. */
export function overlap(a: Days, b: Days): Days | null {
  const first = laterDay(a.first, b.first);
  const last = earlierDay(a.last, b.last);
  return first <= last ? { first, last } : null;
}

/** The charge days of billing period `period`'s lines in `counted`, or `counted` itself when the store does not say. */
function heldDays(period: string, counted: Days, charged: ChargedDays): Days {
  const lines = charged.get(period);
  return (lines && overlap(lines, counted)) ?? counted;
}

/** The charge days of billing period `period`'s lines before `counted`, else after it; its month when the store does not say. */
function leftOutDays(period: string, counted: Days, charged: ChargedDays): Days {
  const lines = charged.get(period);
  if (lines && lines.first < counted.first) return { first: lines.first, last: earlierDay(lines.last, addDays(counted.first, -1)) };
  if (lines && lines.last > counted.last) return { first: laterDay(lines.first, addDays(counted.last, 1)), last: lines.last };
  return { first: `${period}-01`, last: monthEnd(`${period}-01`) };
}

/**
 * Where the count by charge day parts from the count by billing period: each billing period whose
 * lines it holds on its days, then each own one whose lines charged outside them it leaves out, by
 * period, with the amount and the charge days (`charged`: each billing period's, the store's); none
 * where every sum is zero.
 */
export function chargeDayDifferences(sums: ChargeDaySums, charged: ChargedDays): ChargeDayDifference[] {
  const listed = (sumsByPeriod: ReadonlyMap<string, bigint>) => [...sumsByPeriod].filter(([, units]) => units !== 0n).sort(([a], [b]) => ascending(a, b));
  return [
    ...listed(sums.held).map(([period, units]): ChargeDayDifference => ({ kind: 'holds', period, amount: fromUnits(units), days: heldDays(period, sums.counted, charged) })),
    ...listed(sums.leftOut).map(([period, units]): ChargeDayDifference => ({ kind: 'leaves out', period, amount: fromUnits(units), days: leftOutDays(period, sums.counted, charged) })),
  ];
}

/** Whether a billing period's lines are charged outside its month on a day of `days` (`charged`: each billing period's charge days). */
export function chargedOutsideMonth(charged: ChargedDays, days: Days): boolean {
  return [...charged].some(([period, lines]) => (lines.first < `${period}-01` || lines.last > monthEnd(`${period}-01`)) && overlap(lines, days) !== null);
}
