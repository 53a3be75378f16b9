/**
 * A budget scope that matches no line item of the days its budget read: which days those are (the
 * ones the store holds, and those it does not, in a gap or before its data), and the note saying so,
 * with how a scope's names are matched and where to look them up.
 */
import { addDays, dayRange, onDaySpan } from '../../lib/calendar.ts';
import { dayInStore, daysNotInStore, daysNotInStoreSentence, type StoreDays } from '../../lib/store-days.ts';
import type { BudgetStatus, UnmatchedDays } from './status.ts';

/**
 * The days read from `from` to `to` (both included), as {@link UnmatchedDays}; null when the store
 * holds none of them: nothing could match, and the budget's not-judged note says why.
 */
export function unmatchedDays(from: string, to: string, store: StoreDays): UnmatchedDays | null {
  const held = dayRange(from, to).filter((day) => dayInStore(day, store));
  if (held.length === 0) return null;
  const missing = daysNotInStore(from, addDays(to, 1), store);
  return { from: held[0], to: held.at(-1)!, read: { from, to }, notInStore: missing && { days: missing.days, runs: missing.runs, why: missing.why } };
}

/**
 * Where to look up the names of a scope's parts, each part that names something: the store's
 * services, accounts, a tag's values (as attribution reads them) or cost categories.
 */
function whereToLookUp(scope: BudgetStatus['budget']['scope']): string {
  const places = [
    scope.services ? 'costlens sql "SELECT DISTINCT ServiceName, x_ProductCode FROM line_items" lists the names the store holds' : null,
    scope.accounts ? 'costlens sql "SELECT DISTINCT SubAccountId, SubAccountName FROM line_items" lists its accounts' : null,
    scope.tag ? `costlens attribute --tag ${scope.tag.key} lists the values of ${scope.tag.key} as budgets read them` : null,
    scope.costCategory ? 'costlens sql "SELECT DISTINCT x_CostCategories FROM line_items" lists its cost categories' : null,
  ].filter((p) => p !== null);
  return places.length > 0 ? places.join('; ') : 'costlens sql "SELECT DISTINCT ServiceName, x_ProductCode FROM line_items" lists the names the store holds';
}

/**
 * Which days were read, when the store does not hold them all or they begin before the budget's
 * period: the days held of those read, and why they begin before the period (the forecast reads the
 * month before it, for the recurring fees and tax it expects again, and the days its usage run-rate
 * may be fitted on); then the days not held and why ('' when neither applies).
 */
function daysReadWords(s: BudgetStatus, days: UnmatchedDays): string {
  const { read, notInStore } = days;
  const held = notInStore && (days.from !== read.from || days.to !== read.to) ? `, the days the store holds of those it read ${onDaySpan(read.from, read.to)}` : '';
  const before = read.from < s.period.first
    ? `: its period ${s.period.label} to as-of and the days before it that its forecast reads (the month before, for the recurring fees and tax it expects again, and the days its usage run-rate is fitted on)`
    : '';
  return `${held}${before}${notInStore ? `; ${daysNotInStoreSentence(notInStore)}` : ''}`;
}

/** A scope that matched no line item of the days read (which, and why they are those, when it is not the period): how the scope's names are matched, and where to look them up. */
export function unmatchedNote(s: BudgetStatus, days: UnmatchedDays): string {
  return `${s.budget.name}: no line item ${onDaySpan(days.from, days.to)} matches its scope (${s.scope})${daysReadWords(s, days)}; services are matched by ServiceName `
    + `(e.g. "Amazon Elastic Compute Cloud") or product code (AmazonEC2), accounts by SubAccountId, tags as attribution reads them: `
    + `${whereToLookUp(s.budget.scope)}.`;
}
