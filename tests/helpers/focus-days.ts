/** A FOCUS CSV of one $10.00 usage line a day (team payments), for stores whose days are the test's subject. */
import { writeFileSync } from 'node:fs';
import { addDays } from '../../src/lib/calendar.ts';

const COLUMNS = ['BilledCost', 'EffectiveCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd',
  'ChargeCategory', 'ChargeFrequency', 'ChargePeriodStart', 'ChargePeriodEnd', 'ServiceName', 'SubAccountId', 'SubAccountName', 'ProviderName',
  'ResourceId', 'RegionId', 'ConsumedQuantity', 'ConsumedUnit', 'x_UsageType', 'Tags'];

/** The days from `first` to `last`, both included. */
export function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Writes at `path` a FOCUS CSV with one $10.00 usage line (team payments) for each day in `days`. */
export function focusCsv(path: string, days: string[]): void {
  const rows = days.map((day) => {
    const period = `${day.slice(0, 7)}-01`;
    const next = `${addDays(period, 31).slice(0, 7)}-01`;
    return ['10.00', '10.00', '111111111111', 'payer', 'USD', `${period} 00:00:00`, `${next} 00:00:00`, 'Usage', 'Usage-Based',
      `${day} 00:00:00`, `${addDays(day, 1)} 00:00:00`, 'Amazon Elastic Compute Cloud', '222222222222', 'acct', 'AWS', 'i-0aaa', 'us-east-1', '24', 'Hrs',
      'BoxUsage:m5.large', '"{""team"": ""payments""}"'].join(',');
  });
  writeFileSync(path, `${COLUMNS.join(',')}\n${rows.join('\n')}\n`);
}
