/**
 * Commands that need daily usage (the weekly report, unit cost, efficiency KPIs, the forecast)
 * refuse a store without it (a CUR at monthly time granularity, fees only) with the analysers'
 * not_found error, which says what the store holds but not what the command needs (or not in the
 * words the query API says it in). These re-word it, saying both.
 */
import { billSpan } from '../analyze/billing-calendar.ts';
import { noDailyUsageError } from '../analyze/monthly-bills.ts';
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';

/**
 * Runs `work`; when it fails with a not_found error in a store without daily usage (billSpan's
 * `wholeBillsOnly`, read through `engineFor` only then), the refusal that says what the store holds
 * and that `needs` (`a weekly report compares weeks of daily usage, so it needs`) a daily or hourly
 * CUR, with the original error as its cause. Any other error, or a store that cannot be read
 * again, is thrown as it was.
 */
export async function refusingWithoutDailyUsage<T>(needs: string, engineFor: <R>(read: (engine: Engine) => Promise<R>) => Promise<R>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CostlensError) || error.code !== 'not_found') throw error;
    const bills = await engineFor((engine) => billSpan(engine)).then((span) => span.wholeBillsOnly, () => undefined);
    throw bills ? noDailyUsageError(bills, needs, error) : error;
  }
}
