/**
 * Budgets count the lines in scope by charge day (the UTC day of ChargePeriodStart), whatever their
 * billing period; `costlens invoice` and `attribute` count a period's lines by billing period. The
 * two agree unless a billing period's lines are charged outside its month, as the FOCUS 1.0 sample's
 * one Oracle line of billing period 2024-10 is, on 30 Sep 2024 ($0.24): a 2024-09 budget over the
 * whole bill counts it (20.52) where the invoice of 2024-09 does not (20.28). The note says so, per
 * budget, of the lines in its own scope (the rows its actual is summed from), with their amount, and
 * nothing where that amount is zero: a budget scoped to EC2 holds none of the Oracle line. The rule
 * of what differs is one with the Overview's (../charge-day-basis.ts); the rules are unchanged.
 */
import { daySpan } from '../../lib/calendar.ts';
import { toUnits, usdOrExact } from '../../lib/money.ts';
import { chargeDayDifferences, type ChargeDayDifference, type ChargeDaySums } from '../charge-day-basis.ts';
import type { ChargedDays } from '../invoice-days.ts';
import type { BudgetPeriod } from './period.ts';

/** A budget's line sum on the day its actual counts it, of one billing period (`YYYY-MM`). */
export interface BilledScopeDay {
  day: string;
  billingPeriod: string | null;
  units: bigint;
}

/** Whether billing period `billing` (`YYYY-MM`) is a month of the budget period: one its bills count. */
function ownBill(period: BudgetPeriod, billing: string): boolean {
  return `${billing}-01` >= period.first && `${billing}-01` <= period.last;
}

/**
 * The sums a budget's actual parts on from its period's bills, from the rows its actual is summed
 * from (`rows`, in scope, each on the day the actual counts it): of another billing period on the
 * days counted (the period's first day to `asOf`), and of the period's own billing periods outside
 * its days.
 */
export function budgetChargeDaySums(period: BudgetPeriod, asOf: string, rows: readonly BilledScopeDay[]): ChargeDaySums {
  const counted = { first: period.first, last: asOf < period.last ? asOf : period.last };
  const held = new Map<string, bigint>();
  const leftOut = new Map<string, bigint>();
  for (const row of rows) {
    if (row.billingPeriod === null) continue;
    const own = ownBill(period, row.billingPeriod);
    const sums = !own && row.day >= counted.first && row.day <= counted.last ? held
      : own && (row.day < period.first || row.day > period.last) ? leftOut : null;
    sums?.set(row.billingPeriod, (sums.get(row.billingPeriod) ?? 0n) + row.units);
  }
  return { counted, held, leftOut };
}

/** `$0.24 of billing period 2024-10 charged on 30 Sep 2024`: the money as budgets' other notes write it (usdOrExact; `$0.004`, never $0.00). */
function differenceText(d: ChargeDayDifference): string {
  return `${usdOrExact(toUnits(d.amount))} of billing period ${d.period} charged on ${daySpan(d.days.first, d.days.last)}`;
}

/**
 * Where counting by charge day parts from counting by billing period for budget `name` over `period`,
 * in one line: `whole: 2024-09: budgets count lines by charge day, whatever their billing period
 * (costlens invoice and attribute count them by billing period): the actual holds $0.24 of billing
 * period 2024-10 charged on 30 Sep 2024.` (lines in scope of another period's bill charged in its
 * days), or `… leaves out $0.24 of billing period 2024-10 charged on 30 Sep 2024` (lines of its own
 * bills charged outside it); null when the budget's lines of either kind sum to zero.
 * `sums`: {@link budgetChargeDaySums}; `charged`: the charge days of each billing period's lines.
 */
export function chargeDayBasisNote(name: string, period: BudgetPeriod, sums: ChargeDaySums, charged: ChargedDays): string | null {
  const differences = chargeDayDifferences(sums, charged);
  const parts = differences.map((d) => `the actual ${d.kind} ${differenceText(d)}`);
  return parts.length === 0 ? null
    : `${name}: ${period.label}: budgets count lines by charge day, whatever their billing period (\`costlens invoice\` and \`attribute\` count them by billing period): ${parts.join('; ')}.`;
}
