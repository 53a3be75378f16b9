/**
 * A monthly chart's rows counted over the days the store holds. The monthly queries
 * (queries/storage/monthly_cost_by_class.sql, queries/data_transfer/monthly_cost_by_type.sql) give
 * each month's `days` inside their `from`–`to` parameters and its `month_days`, and the charts draw a
 * month lighter when `days < month_days`. Those days come from the parameters alone, so a month that a
 * gap between billing periods cuts inside the range (not at either end) read as whole: drawn as a
 * whole month, its tooltip "30 of 30". Here `days` counts only the days the store holds.
 */
import { addDays, dayRange, earlierDay, isIsoDay, laterDay, monthEnd } from '../lib/calendar.ts';
import { dayInStore, type StoreDays } from '../lib/store-days.ts';

type ChartRow = Record<string, string | number | boolean | null>;

/** A parameter's day (`from`, `to`), or null when it is not one. */
function dayParam(value: unknown): string | null {
  const day = typeof value === 'string' ? value.slice(0, 10) : '';
  return isIsoDay(day) ? day : null;
}

/**
 * `values` with each monthly row's `days` (a row with `month`, `days` and `month_days`) counting the
 * days of its month inside [`params.from`, `params.to`) that the store holds (`store`, its days), so
 * a month held only in part, wherever a gap cuts it, is drawn lighter and its tooltip says how many
 * of its days it holds (`14 of 30`). Rows without those columns, parameters without both days, or no
 * store days: `values` as they are.
 */
export function withHeldDays(values: ChartRow[], params: Record<string, unknown>, store: StoreDays | undefined): ChartRow[] {
  const from = dayParam(params.from);
  const to = dayParam(params.to);
  if (!store || !from || !to) return values;
  return values.map((row) => {
    if (typeof row.month !== 'string' || typeof row.days !== 'number' || typeof row.month_days !== 'number') return row;
    const first = laterDay(row.month.slice(0, 10), from);
    const last = earlierDay(monthEnd(row.month.slice(0, 10)), addDays(to, -1));
    return { ...row, days: first <= last ? dayRange(first, last).filter((day) => dayInStore(day, store)).length : 0 };
  });
}
