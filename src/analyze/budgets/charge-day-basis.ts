/**
 * Budgets count the lines in scope by charge day (the UTC day of ChargePeriodStart), whatever their
 * billing period; `costlens invoice` and `attribute` count a period's lines by billing period. The
 * two agree unless a billing period's lines are charged outside its month, as the FOCUS 1.0 sample's
 * one Oracle line of billing period 2024-10 is, on 30 Sep 2024: a 2024-09 budget counts it (20.52
 * over the whole bill) where the invoice of 2024-09 does not (20.28). The note says so, of the
 * budget periods where it happens, and nothing otherwise. The rules are unchanged.
 */
import { addDays, daySpan, earlierDay, laterDay, monthEnd } from '../../lib/calendar.ts';
import { ascending } from '../../lib/order.ts';
import type { ChargedDays } from '../invoice-days.ts';
import type { BudgetPeriod } from './period.ts';

/** A run of days, both ends included. */
interface Days {
  first: string;
  last: string;
}

/** The days of `a` that are also days of `b`, or null. */
function overlap(a: Days, b: Days): Days | null {
  const first = laterDay(a.first, b.first);
  const last = earlierDay(a.last, b.last);
  return first <= last ? { first, last } : null;
}

/** The days of billing period `period`'s lines (`days`) outside its month: before it, after it. */
function outsideMonth(period: string, days: Days): Days[] {
  const month = { first: `${period}-01`, last: monthEnd(`${period}-01`) };
  return [
    days.first < month.first ? { first: days.first, last: earlierDay(days.last, addDays(month.first, -1)) } : null,
    days.last > month.last ? { first: laterDay(days.first, addDays(month.last, 1)), last: days.last } : null,
  ].filter((run) => run !== null);
}

/**
 * Where counting by charge day parts from counting by billing period for a budget `period` counted up
 * to `asOf`, in one line: `2024-09: budgets count lines by charge day, whatever their billing period
 * (costlens invoice and attribute count them by billing period): the actual holds those in scope of
 * billing period 2024-10 charged on 30 Sep 2024.` (a billing period of another budget period charged
 * in its days), or `… leaves out those of billing period 2024-10 charged on 30 Sep 2024` (one of its
 * own charged outside it); null when every line of the store is charged in its billing period's month
 * or none of those days concerns the period. `charged`: the charge days of each billing period's lines.
 */
export function chargeDayBasisNote(period: BudgetPeriod, asOf: string, charged: ChargedDays): string | null {
  const counted = { first: period.first, last: earlierDay(period.last, asOf) };
  const parts: string[] = [];
  for (const [billing, days] of [...charged].sort(([a], [b]) => ascending(a, b))) {
    const ownBill = `${billing}-01` >= period.first && `${billing}-01` <= period.last;
    for (const run of outsideMonth(billing, days)) {
      if (!ownBill) {
        const held = overlap(run, counted);
        if (held) parts.push(`the actual holds those in scope of billing period ${billing} charged on ${daySpan(held.first, held.last)}`);
        continue;
      }
      const before = run.first < period.first ? { first: run.first, last: earlierDay(run.last, addDays(period.first, -1)) } : null;
      const after = run.last > period.last ? { first: laterDay(run.first, addDays(period.last, 1)), last: run.last } : null;
      for (const left of [before, after].filter((d) => d !== null)) {
        parts.push(`the actual leaves out those of billing period ${billing} charged on ${daySpan(left.first, left.last)}`);
      }
    }
  }
  return parts.length === 0 ? null
    : `${period.label}: budgets count lines by charge day, whatever their billing period (\`costlens invoice\` and \`attribute\` count them by billing period): ${parts.join('; ')}.`;
}
