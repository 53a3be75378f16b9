/**
 * The day a budget counts a line's spend on. A line of at most a day (usage, an hourly Savings
 * Plan fee, a purchase) is spend of its charge day. A line posted for a longer charge period — the
 * month's RI or Support fee, its tax, a monthly credit, all dated the 1st — is no day's spend: AWS
 * restates it as the month goes (the Support fee and tax grow with the month's usage), so on the
 * 1st it stands for spend that came later. Such a posting counts in the period's actual in full,
 * but on the last day of its charge period (within its month), or on as-of while that day is still
 * to come: so the running total that dates a threshold's `since`, and the actual a forecast is made
 * from as of an earlier day, never count it as spent on the 1st. The forecast's run-rate reads
 * usage only (budgets/forecast.ts), so a posting is never projected as daily spend either.
 */
import { addDays, earlierDay, monthEnd } from '../../lib/calendar.ts';

/** Whether a row of budgets/scope_daily_spend is a posting: charged for a period ending after its charge day (`last_day`). */
export function isPosting(row: { day: string | null; last_day: string | null }): boolean {
  return (row.last_day ?? row.day!) > row.day!;
}

/**
 * The day a line charged on `chargeDay` whose charge period ends on `lastDay` (its last day, the
 * charge day for a line of at most a day) counts as spent, as of `asOf`: for a posting, the first of
 * its last day, its month's and as-of, or the latest day before that the store holds (a delivery
 * that stops on the 14th restated it then), never before its charge day.
 */
export function spendDay(chargeDay: string, lastDay: string, asOf: string, inStore: (day: string) => boolean = () => true): string {
  if (lastDay <= chargeDay) return chargeDay;
  let day = earlierDay(lastDay, monthEnd(chargeDay), asOf);
  while (day > chargeDay && !inStore(day)) day = addDays(day, -1);
  return day < chargeDay ? chargeDay : day;
}
