/**
 * The hourly rates of the FOCUS commitments whose fees a budget's forecasts expect. A FOCUS bill
 * prices a commitment's fee by the hour but dates no term for it, so the month-end forecast expects
 * the fee at its hourly rate × the hours of the month, or at nothing when its lines ended before the
 * month's end (trends/recurring_fees_by_commitment_term `commitment_id`, `charged_until`,
 * `unit_price`, `pricing_quantity`, `priced_seconds`: the rate's one rule); the budgets read that same query for each
 * reference month (the month before an as-of day's) whose lines in scope hold such a fee
 * (budgets/scope_daily_spend `commitment_id`), and expect the fee as it does (forecast.ts
 * `focusFeesOfLines`). On a CUR no line has a `commitment_id`, so nothing is read.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { addMonths, monthStart } from '../../lib/calendar.ts';
import type { FeeTermRows } from '../forecast/index.ts';
import type { ScopeDay } from './scope-day.ts';

/** The rows of trends/recurring_fees_by_commitment_term over one month (its first day). */
export type CommitmentRatesReader = (month: string) => Promise<FeeTermRows>;

/** Reads trends/recurring_fees_by_commitment_term through `engine`, once per month however many budgets ask for it. */
export function commitmentRatesReader(engine: Engine): CommitmentRatesReader {
  const months = new Map<string, Promise<FeeTermRows>>();
  return (month) => {
    if (!months.has(month)) months.set(month, runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: month, to: addMonths(month, 1) }));
    return months.get(month)!;
  };
}

/**
 * The rates that a budget's forecasts as of `asOfDays` read (forecast.ts `ForecastInputs.rates`):
 * for each of their reference months whose `rows` (the scope's, by spend day) hold a recurring fee
 * with a `commitmentId`, that month's rows of trends/recurring_fees_by_commitment_term, by the
 * month's first day.
 */
export async function commitmentRates(read: CommitmentRatesReader, rows: readonly ScopeDay[], asOfDays: readonly string[]): Promise<Map<string, FeeTermRows>> {
  const references = new Set(asOfDays.map((day) => addMonths(monthStart(day), -1)));
  const rated = new Set(rows.filter((r) => r.chargeClass === 'recurring' && r.commitmentId).map((r) => monthStart(r.day)));
  const months = [...references].filter((month) => rated.has(month));
  return new Map(await Promise.all(months.map(async (month) => [month, await read(month)] as const)));
}
