/**
 * The daily read anomalies judge (trends/daily_spend_by_service_and_account: a day's spend of one
 * service in one account, from one source) summed into series: each service's or account's spend per day.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';

/** What anomalies judge a day's spend by: each service, or each account. */
export type AnomalyDimension = 'service' | 'account';

/** One row of the daily read: a day's spend of one service in one account. */
export type DailySpendRow = QueryRowTypes['trends/daily_spend_by_service_and_account'];

/** The money column judged: every charge or usage only, billed or effective. */
export type SpendColumn = 'billed_cost' | 'effective_cost' | 'usage_billed_cost' | 'usage_effective_cost';

/** One service's (or account's) spend per day, in store units, and its account name (accounts only). */
export interface Series {
  name: string | null;
  byDay: Map<string, bigint>;
}

/** Each service's (or account's) spend per day, summed exactly (store units) over the other dimension. */
export function dailySeries(rows: readonly DailySpendRow[], dimension: AnomalyDimension, column: SpendColumn): Map<string, Series> {
  const valueColumn = dimension === 'service' ? 'service' : 'account_id';
  const series = new Map<string, Series>();
  for (const r of rows) {
    const key = r[valueColumn]!;
    const entry = series.get(key) ?? { name: null, byDay: new Map<string, bigint>() };
    if (dimension === 'account' && r.account_name !== null && (entry.name === null || r.account_name! > entry.name)) entry.name = r.account_name!;
    entry.byDay.set(r.day!, (entry.byDay.get(r.day!) ?? 0n) + (r[column] ?? 0n));
    series.set(key, entry);
  }
  return series;
}
