/**
 * Which months a Cost Explorer pull fetches. Each request costs $0.01, so a month that is closed
 * (its restatement window over) and was stored by a pull made after it closed is never fetched
 * again; open months are fetched whole (to today) and replace what the store holds. Consecutive
 * months to fetch share one paginated request.
 */
import { addDays } from '../../lib/calendar.ts';
import { monthsTouched, nextMonthStart } from '../../lib/calendar.ts';

export type MonthAction = 'fetch' | 'stored' | 'future';

export interface CeMonthPlan {
  /** YYYY-MM */
  month: string;
  /** The days requested: [start, end). */
  start: string;
  end: string;
  /** True once the month ended more than restatementDays ago. */
  closed: boolean;
  action: MonthAction;
}

/** One GetCostAndUsage time period (paginated): consecutive months to fetch. */
export interface CeRange {
  start: string;
  end: string;
  months: string[];
}

export interface CePlan {
  months: CeMonthPlan[];
  ranges: CeRange[];
}

/**
 * Plans a pull of [from, to) as of `today`; `storedAt` gives, per month, when a pull of it was
 * last stored (the ingest's finish time).
 */
export function planCostExplorerPull(from: string, to: string, today: string, restatementDays: number, storedAt: ReadonlyMap<string, Date>): CePlan {
  const months = monthsTouched(from, to).map((month): CeMonthPlan => {
    const start = `${month}-01`;
    const next = nextMonthStart(start);
    const end = next < today ? next : today;
    const closesOn = addDays(next, restatementDays);
    const closed = today >= closesOn;
    const stored = storedAt.get(month);
    let action: MonthAction = 'fetch';
    if (start >= end) action = 'future';
    else if (closed && stored && stored.getTime() >= Date.parse(`${closesOn}T00:00:00Z`)) action = 'stored';
    return { month, start, end, closed, action };
  });
  const ranges: CeRange[] = [];
  for (const m of months) {
    const last = ranges[ranges.length - 1];
    if (m.action !== 'fetch') continue;
    if (last && last.end === m.start) {
      last.end = m.end;
      last.months.push(m.month);
    } else {
      ranges.push({ start: m.start, end: m.end, months: [m.month] });
    }
  }
  return { months, ranges };
}
